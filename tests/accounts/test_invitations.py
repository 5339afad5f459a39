"""Invitations: created accounts cannot sign in; the e-mailed link sets the password once,
with Django's validators; it expires; a new invitation replaces the old link."""

import json

import pytest
from django.test import Client, override_settings
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.accounts.conftest import can_sign_in, link_in
from tests.factories import PASSWORD
from thidua.accounts import services
from thidua.accounts.models import Invitation
from thidua.accounts.tokens import invitation_tokens
from thidua.core.errors import Conflict
from thidua.core.models import AuditEvent
from thidua.org.models import User

NEW_PASSWORD = "Hoa-sen-no-tren-ho-2026"
# E-mail leaves after the commit (core.mail.queue_mail): these tests commit for real.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("provinces")]


def dung(world, role: str) -> dict:
    return {"full_name": "Phạm Thị Dung", "email": "dung@example.org", "unit": world.member_unit, "roles": [role]}


def create_head(client, world):
    body = {"full_name": "Lê Văn Cường", "email": "cuong@songoaivu.example", "roles": ["head"], "unit": world.member_unit.pk}
    response = client.post("/tai-khoan/moi/", body)
    assert response.status_code == 302, response.content[:1000]
    return User.objects.get(email="cuong@songoaivu.example")


def open_link(client, path):
    """Follow the e-mailed link: it moves the token into the session and lands on the form."""
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].endswith("/dat-mat-khau/")
    return response["Location"]


def test_invitation_flow(world, client_for, outbox):
    user = create_head(client_for(world.organizer_officer), world)
    assert not user.has_usable_password()
    assert not can_sign_in(user.username, PASSWORD)
    assert len(outbox) == 1
    message = outbox[0]
    assert message.to == ["cuong@songoaivu.example"]
    assert "Lê Văn Cường" in message.body and user.username in message.body and "Lãnh đạo đơn vị" in message.body
    path = link_in(message)
    assert message.body.count("http://testserver/tai-khoan/kich-hoat/") == 1  # absolute, the request's host

    person = Client()
    form_url = open_link(person, path)
    assert "dat-mat-khau" in form_url and path.split("/")[-2] not in form_url  # the token left the address
    assert person.get(form_url).status_code == 200
    # weak passwords are refused, nothing saved
    for weak in ("12345678", "matkhau", "cuong@songoaivu.example", "1234567890"):
        response = person.post(form_url, {"new_password1": weak, "new_password2": weak})
        assert response.status_code == 400
        if len(weak) < 10:
            assert "Mật khẩu quá ngắn: cần ít nhất 10 ký tự." in response.content.decode()
        user.refresh_from_db()
        assert not user.has_usable_password()
    response = person.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"})
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="account.password_set_by_invitation").exists()

    response = person.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/?ten=")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert Invitation.objects.get(user=user).accepted_at is not None
    assert AuditEvent.objects.filter(action="account.password_set_by_invitation", object_id=str(user.pk), actor=user).exists()
    assert can_sign_in(user.username, NEW_PASSWORD)

    # used once: the same link, again, in any browser
    response = Client().get(path)
    assert response.status_code == 400
    assert "không hợp lệ hoặc đã được dùng" in response.content.decode()
    other = "Khac-han-" + NEW_PASSWORD
    assert person.post(form_url, {"new_password1": other, "new_password2": other}).status_code == 400
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_expired_link_is_refused_with_a_clear_message(world, outbox):
    user = services.account_create(actor=world.member_head, data=dung(world, "officer"))
    # a link made 8 days ago (the default lasts 7)
    eight_days_ago = invitation_tokens._num_seconds(invitation_tokens._now()) - 8 * 24 * 3600
    token = invitation_tokens._make_token_with_timestamp(user, eight_days_ago, invitation_tokens.secret)
    response = Client().get(f"/tai-khoan/kich-hoat/{urlsafe_base64_encode(force_bytes(user.pk))}/{token}/")
    assert response.status_code == 410
    assert "Liên kết đã hết hạn" in response.content.decode()
    with pytest.raises(Conflict):
        services.account_accept_invitation(user=user, token=token, password=NEW_PASSWORD)
    user.refresh_from_db()
    assert not user.has_usable_password()


@override_settings(ACCOUNT_INVITATION_DAYS=1)
def test_the_lifetime_is_a_setting(world):
    user = services.account_create(actor=world.member_head, data=dung(world, "officer"))
    two_days_ago = invitation_tokens._num_seconds(invitation_tokens._now()) - 2 * 24 * 3600
    token = invitation_tokens._make_token_with_timestamp(user, two_days_ago, invitation_tokens.secret)
    assert invitation_tokens.state(user, token) == "expired"


@override_settings(SITE_URL="https://thidua.example.gov.vn")
def test_links_use_site_url_when_set(world, outbox):
    user = services.account_create(actor=world.member_head, data=dung(world, "delegate"))
    services.account_invite(actor=world.member_head, user=user)  # no request: an import run by a command
    assert "https://thidua.example.gov.vn/tai-khoan/kich-hoat/" in outbox[0].body


@override_settings(SITE_URL="")
def test_without_site_url_nor_request_nothing_is_sent(world, outbox):
    user = services.account_create(actor=world.member_head, data=dung(world, "delegate"))
    with pytest.raises(Conflict):
        services.account_invite(actor=world.member_head, user=user)
    assert outbox == []
    assert not Invitation.objects.filter(user=user).exists()


def test_resend_replaces_the_link(world, client_for, outbox):
    organizer = client_for(world.organizer_officer)
    user = create_head(organizer, world)
    first = link_in(outbox[0])
    response = organizer.post(f"/tai-khoan/{user.pk}/gui-lai-loi-moi/")
    assert response.status_code == 302
    assert len(outbox) == 2
    second = link_in(outbox[1])
    assert first != second
    assert Client().get(first).status_code == 400  # the old link died
    form_url = open_link(Client(), second)
    assert form_url
    invitation = Invitation.objects.get(user=user)
    assert invitation.sent_count == 2 and invitation.last_sent_by == world.organizer_officer
    assert AuditEvent.objects.filter(action="account.invite_resend", object_id=str(user.pk)).count() == 1


def test_no_invitation_for_an_account_with_a_password(world, client_for, outbox):
    response = client_for(world.member_head).post(f"/tai-khoan/{world.member_officer.pk}/gui-lai-loi-moi/")
    assert response.status_code == 409
    assert "đã đặt mật khẩu" in response.content.decode()
    assert outbox == []


def test_an_invitation_dies_with_a_deactivation(world, client_for, outbox):
    organizer = client_for(world.organizer_officer)
    body = {"full_name": "Võ Thị Em", "email": "em@example.org", "roles": ["delegate"], "unit": world.member_unit.pk}
    assert organizer.post("/tai-khoan/moi/", body).status_code == 302
    user = User.objects.get(email="em@example.org")
    path = link_in(outbox[0])
    assert organizer.post(f"/tai-khoan/{user.pk}/khoa/").status_code == 302
    assert Client().get(path).status_code == 400
    assert organizer.post(f"/tai-khoan/{user.pk}/gui-lai-loi-moi/").status_code == 409


def test_changing_the_address_sends_a_new_invitation(world, client_for, outbox):
    organizer = client_for(world.organizer_officer)
    user = create_head(organizer, world)
    old = link_in(outbox[0])
    body = {"full_name": user.full_name, "email": "cuong.moi@songoaivu.example", "roles": ["head"]}
    assert organizer.post(f"/tai-khoan/{user.pk}/sua/", body).status_code == 302
    assert len(outbox) == 2 and outbox[1].to == ["cuong.moi@songoaivu.example"]
    assert Client().get(old).status_code == 400
    assert Client().get(link_in(outbox[1])).status_code == 302


@pytest.mark.parametrize(
    "path", ["/tai-khoan/kich-hoat/xx/yy/", "/tai-khoan/kich-hoat/OTk5OTk5/1-abc/", "/tai-khoan/kich-hoat/xx/dat-mat-khau/"]
)
def test_garbage_links_are_refused(db, path):
    response = Client().get(path)
    assert response.status_code == 400


def test_audit_data_never_holds_passwords_or_tokens(world, client_for, outbox):
    organizer = client_for(world.organizer_officer)
    user = create_head(organizer, world)
    path = link_in(outbox[0])
    token = path.rstrip("/").split("/")[-1]
    person = Client()
    person.post(open_link(person, path), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    events = AuditEvent.objects.filter(object_id=str(user.pk))
    assert {e.action for e in events} == {"account.create", "account.invite", "account.password_set_by_invitation"}
    dumped = json.dumps([[e.before, e.after, e.reason] for e in events])
    user.refresh_from_db()
    assert token not in dumped and NEW_PASSWORD not in dumped and user.password not in dumped and "password" not in dumped

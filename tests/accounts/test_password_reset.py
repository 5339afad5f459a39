"""“Quên mật khẩu”: the e-mail leaves through the queue, the page never says whether an
address exists, requests are throttled per address and per client, the link works once and
ends the other sessions and API tokens."""

import pytest
from django.test import Client
from knox.models import AuthToken

from tests.accounts.conftest import can_sign_in, link_in
from thidua.accounts import services
from thidua.accounts.tokens import reset_tokens
from thidua.core.models import AuditEvent

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("provinces")]
NEW_PASSWORD = "Cay-tre-dang-nga-2026"


def ask(email, client=None, **extra):
    return (client or Client()).post("/quen-mat-khau/", {"email": email}, **extra)


def test_the_sign_in_page_links_to_it(db):
    assert 'href="/quen-mat-khau/"' in Client().get("/dang-nhap/").content.decode()


def test_same_answer_for_a_known_and_an_unknown_address(world, outbox):
    known = ask(world.member_officer.email)
    unknown = ask("nobody@example.org")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"]) == (302, "/quen-mat-khau/da-gui/")
    assert [m.to for m in outbox] == [[world.member_officer.email]]
    assert "Đặt lại mật khẩu" in outbox[0].subject
    done = Client().get("/quen-mat-khau/da-gui/").content.decode()
    assert "Nếu địa chỉ bạn nhập thuộc một tài khoản" in done
    assert AuditEvent.objects.filter(action="account.password_reset_request", object_id=str(world.member_officer.pk)).count() == 1


def test_an_inactive_account_gets_nothing(world, outbox):
    world.member_officer.is_active = False
    world.member_officer.save()
    assert ask(world.member_officer.email).status_code == 302
    assert outbox == []


def test_invalid_address_is_a_form_error(db, outbox):
    assert ask("khong-phai-dia-chi").status_code == 400
    assert outbox == []


def test_throttled_per_address_whether_it_exists_or_not(world, outbox):
    for address in (world.member_officer.email, "nobody@example.org"):
        for _ in range(services.RESET_PER_ADDRESS):
            assert ask(address).status_code == 302
        refused = ask(address)
        assert refused.status_code == 429
        assert "thử lại sau" in refused.content.decode()
    assert len(outbox) == services.RESET_PER_ADDRESS  # nothing sent once throttled


def test_throttled_per_client(db, outbox):
    for i in range(services.RESET_PER_CLIENT):
        assert ask(f"a{i}@example.org").status_code == 302
    assert ask("another@example.org").status_code == 429
    assert ask("another@example.org", REMOTE_ADDR="10.1.2.3").status_code == 302  # another client


def test_reset_sets_the_password_once_and_ends_other_sessions_and_tokens(world, outbox):
    user = world.member_officer
    elsewhere = Client()
    elsewhere.force_login(user)
    assert elsewhere.get("/").status_code == 200
    AuthToken.objects.create(user=user)
    ask(user.email)
    path = link_in(outbox[0])
    person = Client()
    form_url = person.get(path)["Location"]
    assert person.post(form_url, {"new_password1": "123", "new_password2": "123"}).status_code == 400
    response = person.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/?ten=")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert can_sign_in(user.username, NEW_PASSWORD)
    assert elsewhere.get("/").status_code == 302  # the other session ended
    assert not AuthToken.objects.filter(user=user).exists()
    event = AuditEvent.objects.get(action="account.password_reset", object_id=str(user.pk))
    assert event.after == {"api_tokens_revoked": 1}
    again = Client().get(path)
    assert again.status_code == 400 and "không hợp lệ hoặc đã được dùng" in again.content.decode()


def test_an_expired_reset_link_says_so(world):
    user = world.member_officer
    old = reset_tokens._num_seconds(reset_tokens._now()) - 2 * 24 * 3600
    token = reset_tokens._make_token_with_timestamp(user, old, reset_tokens.secret)
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    response = Client().get(f"/quen-mat-khau/{urlsafe_base64_encode(force_bytes(user.pk))}/{token}/")
    assert response.status_code == 410 and "đã hết hạn" in response.content.decode()


def test_an_invitation_link_is_not_a_reset_link(world, outbox):
    ask(world.member_officer.email)
    path = link_in(outbox[0]).replace("/quen-mat-khau/", "/tai-khoan/kich-hoat/")
    assert Client().get(path).status_code == 400


def test_the_password_change_page_still_goes_through_the_audited_service(world, client_for):
    client = client_for(world.member_officer)
    from tests.factories import PASSWORD

    body = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert client.post("/doi-mat-khau/", body).status_code == 302
    assert AuditEvent.objects.filter(action="user.change_password", object_id=str(world.member_officer.pk)).exists()


def test_an_invited_person_who_lost_the_invitation_can_use_the_reset(world, outbox):
    data = {"full_name": "Đỗ Văn Giang", "email": "giang@example.org", "unit": world.member_unit, "roles": ["delegate"]}
    user = services.account_create(actor=world.member_head, data=data)
    from django.utils import timezone

    from thidua.accounts.models import Invitation

    Invitation.objects.create(user=user, first_sent_at=timezone.now(), last_sent_at=timezone.now())
    ask("giang@example.org")
    person = Client()
    form_url = person.get(link_in(outbox[0]))["Location"]
    assert person.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}).status_code == 302
    assert Invitation.objects.get(user=user).accepted_at is not None
    assert can_sign_in("giang", NEW_PASSWORD)

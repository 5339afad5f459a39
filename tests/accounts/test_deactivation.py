"""Deactivation keeps the account and its history; the person can no longer sign in, their
sessions and API tokens end; nobody locks themselves out, nor a unit's last head, nor an
organizer's last officer."""

import pytest
from django.test import Client
from knox.models import AuthToken

from tests.accounts.conftest import can_sign_in
from tests.factories import PASSWORD, UserFactory
from thidua.core.models import AuditEvent
from thidua.org.models import User


def test_deactivate_and_reactivate(world, client_for):
    target = world.member_officer
    session = client_for(target)
    assert session.get("/").status_code == 200
    AuthToken.objects.create(user=target)
    manager = client_for(world.member_head)
    response = manager.post(f"/tai-khoan/{target.pk}/khoa/", {"reason": "Chuyển công tác"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_active and User.objects.filter(pk=target.pk).exists()
    assert session.get("/").status_code == 302  # the session ended
    assert not AuthToken.objects.filter(user=target).exists()
    assert not can_sign_in(target.username, PASSWORD)
    api = Client().post("/api/v1/auth/token/", {"username": target.username, "password": PASSWORD}, content_type="application/json")
    assert api.status_code in (400, 401, 403)
    event = AuditEvent.objects.get(action="account.deactivate", object_id=str(target.pk))
    assert (event.actor, event.reason, event.after) == (world.member_head, "Chuyển công tác", {"is_active": False, "api_tokens_revoked": 1})
    # the page shows it, with its history
    page = manager.get(f"/tai-khoan/{target.pk}/")
    assert page.status_code == 200 and "Đã khóa" in page.content.decode() and "Khóa tài khoản" in page.content.decode()
    # again: refused, nothing written
    count = AuditEvent.objects.count()
    assert manager.post(f"/tai-khoan/{target.pk}/khoa/").status_code == 409
    assert AuditEvent.objects.count() == count
    assert manager.post(f"/tai-khoan/{target.pk}/mo-khoa/").status_code == 302
    target.refresh_from_db()
    assert target.is_active and can_sign_in(target.username, PASSWORD)
    assert AuditEvent.objects.filter(action="account.reactivate", object_id=str(target.pk)).exists()


def test_nobody_deactivates_themselves(world, client_for):
    for user in (world.member_head, world.organizer_officer, world.admin):
        response = client_for(user).post(f"/tai-khoan/{user.pk}/khoa/")
        assert response.status_code == 403
        assert "tự khóa" in response.content.decode()
        user.refresh_from_db()
        assert user.is_active


def test_the_last_active_head_is_kept(world, client_for):
    client = client_for(world.organizer_officer)
    response = client.post(f"/tai-khoan/{world.member_head.pk}/khoa/")
    assert response.status_code == 409
    assert "lãnh đạo duy nhất còn hoạt động" in response.content.decode()
    world.member_head.refresh_from_db()
    assert world.member_head.is_active
    # nor by taking the role away
    body = {"full_name": "X", "email": world.member_head.email, "roles": ["officer"]}
    assert client.post(f"/tai-khoan/{world.member_head.pk}/sua/", body).status_code == 409
    world.member_head.refresh_from_db()
    assert world.member_head.is_unit_head
    # with a second head, the first can go
    UserFactory(username="member_head2", unit=world.member_unit, is_unit_head=True)
    assert client.post(f"/tai-khoan/{world.member_head.pk}/khoa/").status_code == 302


def test_the_last_organizer_officer_is_kept(world, client_for):
    response = client_for(world.admin).post(f"/tai-khoan/{world.organizer_officer.pk}/khoa/")
    assert response.status_code == 409 and "cán bộ duy nhất còn hoạt động" in response.content.decode()
    colleague = UserFactory(username="org_a2", organizer=world.organizer, is_organizer_officer=True)
    assert client_for(colleague).post(f"/tai-khoan/{world.organizer_officer.pk}/khoa/").status_code == 302


def test_deactivation_needs_post(world, client_for):
    assert client_for(world.member_head).get(f"/tai-khoan/{world.member_officer.pk}/khoa/").status_code == 405


@pytest.mark.parametrize("actor", ["member_officer", "leader_head", "other_organizer"])
def test_refused_deactivations_change_nothing(world, client_for, actor):
    response = client_for(world.users()[actor]).post(f"/tai-khoan/{world.member_head.pk}/khoa/")
    assert response.status_code in (403, 404)
    world.member_head.refresh_from_db()
    assert world.member_head.is_active
    assert not AuditEvent.objects.filter(action="account.deactivate").exists()

"""The system administrator manages people in Django's admin too (audited); everyone else is
kept out of it. The dashboard and the navigation lead to the accounts list."""

from knox.models import AuthToken

from thidua.core.models import AuditEvent


def test_admin_changelist_for_the_superuser(world, client_for):
    client = client_for(world.admin)
    response = client.get("/admin/org/user/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "member_officer" in page and "org_b" in page and "Cán bộ thi đua của đơn vị" in page
    assert client.get("/admin/org/user/", {"q": "member"}).status_code == 200
    assert client.get("/admin/org/user/", {"is_unit_head__exact": "1", "unit__id__exact": world.member_unit.pk}).status_code == 200
    assert client.get(f"/admin/org/user/{world.member_officer.pk}/change/").status_code == 200
    assert client.get("/admin/org/user/add/").status_code == 200


def test_admin_is_closed_to_everyone_else(world, client_for):
    for name in ("organizer", "member_head", "member_officer"):
        response = client_for(world.users()[name]).get("/admin/org/user/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_admin_change_is_audited_and_a_deactivation_ends_tokens(world, client_for):
    user = world.member_officer
    AuthToken.objects.create(user=user)
    client = client_for(world.admin)
    form = client.get(f"/admin/org/user/{user.pk}/change/").context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("password", "last_login", "date_joined")}
    data.update({"is_active": "", "full_name": "Tên trong quản trị", "unit": user.unit_id, "organizer": "",
                 "invitation-TOTAL_FORMS": "0", "invitation-INITIAL_FORMS": "0"})
    for flag in ("is_unit_officer", "is_unit_head", "is_delegate", "is_organizer_officer", "is_staff", "is_superuser"):
        data[flag] = "on" if getattr(user, flag) else ""
    data = {k: v for k, v in data.items() if v not in ("", False)}
    response = client.post(f"/admin/org/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    user.refresh_from_db()
    assert not user.is_active and user.full_name == "Tên trong quản trị"
    assert not AuthToken.objects.filter(user=user).exists()
    event = AuditEvent.objects.get(action="user.admin_change", object_id=str(user.pk))
    assert event.after["is_active"] is False and event.after["api_tokens_revoked"] == 1 and "password" not in event.after


def test_user_cannot_be_deleted_in_the_admin(world, client_for):
    assert client_for(world.admin).get(f"/admin/org/user/{world.member_officer.pk}/delete/").status_code == 403


def test_the_dashboard_count_links_to_the_list(world, client_for):
    page = client_for(world.admin).get("/").content.decode()
    assert 'href="/tai-khoan/?trang_thai=active"' in page
    assert 'href="/tai-khoan/"' in client_for(world.organizer_officer).get("/").content.decode()
    assert 'href="/tai-khoan/"' in client_for(world.member_head).get("/").content.decode()
    assert 'href="/tai-khoan/"' not in client_for(world.member_delegate).get("/").content.decode()


def test_the_admin_creates_a_person_audited(world, client_for):
    from thidua.org.models import User

    body = {"username": "nguoi.moi", "usable_password": "true", "password1": "Rung-tram-xanh-2026", "password2": "Rung-tram-xanh-2026"}
    response = client_for(world.admin).post("/admin/org/user/add/", body)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    user = User.objects.get(username="nguoi.moi")
    event = AuditEvent.objects.get(action="user.admin_create", object_id=str(user.pk))
    assert event.before is None and "password" not in event.after

"""Who manages whose account: every actor of the `world` against the accounts of the member
unit, the organizer's officer, another organizer's unit and the admin — allowed (saved),
403 (seen but not theirs to manage: nothing saved) or 404 (outside their scope)."""

import pytest

from tests.factories import UnitFactory, UserFactory
from thidua.accounts import services
from thidua.accounts.rules import grantable_roles
from thidua.core.errors import Forbidden
from thidua.core.models import AuditEvent
from thidua.org.models import User

ACTORS = ["admin", "organizer", "other_organizer", "leader_head", "member_head", "member_officer", "member_delegate", "outside_officer"]
# target -> status per actor, in ACTORS order. 302: saved; 403: seen, not theirs; 404: not seen.
EDIT = {
    "member_officer": [302, 302, 404, 404, 302, 403, 404, 404],
    "member_delegate": [302, 302, 404, 404, 302, 302, 404, 404],
    "member_head": [302, 302, 404, 404, 403, 403, 404, 404],
    "organizer": [302, 403, 404, 404, 404, 404, 404, 404],
    "outside_officer": [302, 404, 302, 404, 404, 404, 404, 403],
    "admin": [403, 404, 404, 404, 404, 404, 404, 404],
}
CASES = [(target, actor, status) for target, row in EDIT.items() for actor, status in zip(ACTORS, row, strict=True)]


@pytest.mark.parametrize(("target", "actor", "status"), CASES, ids=[f"{a}-edits-{t}" for t, a, _s in CASES])
def test_who_may_edit_whom(world, client_for, target, actor, status):
    users = world.users()
    account, actor_user = users[target], users[actor]
    events = AuditEvent.objects.count()
    body = {"full_name": "Tên đã sửa", "email": account.email, "roles": account.roles}
    response = client_for(actor_user).post(f"/tai-khoan/{account.pk}/sua/", body)
    assert response.status_code == status, response.content[:500]
    account.refresh_from_db()
    if status == 302:
        assert account.full_name == "Tên đã sửa"
        assert AuditEvent.objects.filter(action="account.update", object_id=str(account.pk)).exists()
    else:
        assert account.full_name != "Tên đã sửa"
        assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(("target", "actor", "status"), CASES, ids=[f"{a}-opens-{t}" for t, a, _s in CASES])
def test_account_page_is_404_outside_scope(world, client_for, target, actor, status):
    users = world.users()
    response = client_for(users[actor]).get(f"/tai-khoan/{users[target].pk}/")
    assert response.status_code == (404 if status == 404 else 200)


@pytest.mark.parametrize(
    ("actor", "status"),
    [("admin", 200), ("organizer", 200), ("member_head", 200), ("member_officer", 200), ("member_delegate", 403), (None, 302)],
)
def test_list_is_for_managers_and_unit_officers(world, client_for, actor, status):
    response = client_for(world.users()[actor] if actor else None).get("/tai-khoan/")
    assert response.status_code == status


def test_each_list_shows_its_scope(world, client_for):
    def listed(actor):
        response = client_for(actor).get("/tai-khoan/")
        return {u.username for u in response.context["page"].object_list}

    member_staff = {"member_officer", "member_head", "member_delegate"}
    assert listed(world.member_head) == member_staff
    assert listed(world.member_officer) == member_staff
    bo_a = listed(world.organizer_officer)
    assert member_staff | {"org_a", "leader_head", "leader_officer", "deputy_officer"} == bo_a
    assert listed(world.other_organizer_officer) == {"org_b", "outside_officer"}
    assert "admin" in listed(world.admin)


def test_filters_and_search(world, client_for):
    client = client_for(world.organizer_officer)

    def names(query):
        return {u.username for u in client.get("/tai-khoan/", query).context["page"].object_list}

    assert names({"vai_tro": "head"}) == {"leader_head", "member_head"}
    assert names({"don_vi": world.member_unit.pk}) == {"member_officer", "member_head", "member_delegate"}
    assert names({"q": "member_dele"}) == {"member_delegate"}
    world.member_delegate.is_active = False
    world.member_delegate.save()
    assert names({"trang_thai": "inactive"}) == {"member_delegate"}
    assert "member_delegate" not in names({"trang_thai": "active"})
    # a unit outside the organizer's scope is not a choice: the filter is refused, nothing leaks
    response = client.get("/tai-khoan/", {"don_vi": world.outside_unit.pk})
    assert "outside_officer" not in {u.username for u in response.context["page"].object_list}


def test_list_costs_the_same_for_3_or_30_accounts(world, client_for, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.organizer_officer)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/tai-khoan/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    UserFactory.create_batch(27, unit=world.member_unit, is_delegate=True)
    assert count() == few


# --- granting roles --------------------------------------------------------------------------
def data(unit=None, organizer=None, roles=("officer",), email="moi@example.org", **extra):
    return {"full_name": "Người Mới", "email": email, "unit": unit, "organizer": organizer, "roles": list(roles), **extra}


def test_grantable_roles(world):
    unit = world.member_unit
    assert grantable_roles(world.admin, unit=unit) == {"officer", "head", "delegate"}
    assert grantable_roles(world.organizer_officer, unit=unit, organizer=world.organizer) == {"officer", "head", "delegate", "organizer"}
    assert grantable_roles(world.organizer_officer, unit=world.outside_unit, organizer=world.other_organizer) == set()
    assert grantable_roles(world.member_head, unit=unit) == {"officer", "delegate"}
    assert grantable_roles(world.member_head, unit=world.leader_unit) == set()
    assert grantable_roles(world.member_officer, unit=unit) == {"delegate"}  # the default policy
    assert grantable_roles(world.member_delegate, unit=unit) == set()


@pytest.mark.parametrize(
    ("actor", "make"),
    [
        ("member_head", lambda w: data(unit=w.member_unit, roles=["head"])),  # the organizer grants the head role
        ("member_head", lambda w: data(organizer=w.organizer, roles=["organizer"])),
        ("member_head", lambda w: data(unit=w.leader_unit)),  # another unit
        ("member_officer", lambda w: data(unit=w.member_unit, roles=["officer"])),  # not allowed by the head
        ("member_delegate", lambda w: data(unit=w.member_unit, roles=["delegate"])),
        ("organizer", lambda w: data(unit=w.outside_unit)),  # another organizer's unit
        ("organizer", lambda w: data(organizer=w.other_organizer, roles=["organizer"])),
        ("other_organizer", lambda w: data(unit=w.member_unit, roles=["head"])),
    ],
)
def test_nobody_grants_a_role_they_do_not_hold_rights_for(world, actor, make):
    before = User.objects.count()
    with pytest.raises(Forbidden):
        services.account_create(actor=world.users()[actor], data=make(world))
    assert User.objects.count() == before


def test_unit_head_cannot_promote_to_head(world):
    with pytest.raises(Forbidden):
        services.account_update(
            actor=world.member_head, user=world.member_officer,
            data={"full_name": "X Y", "email": world.member_officer.email, "roles": ["officer", "head"]},
        )
    world.member_officer.refresh_from_db()
    assert not world.member_officer.is_unit_head


def test_the_head_lets_officers_manage_officers(world, client_for):
    colleague = UserFactory(username="member_officer2", unit=world.member_unit, is_unit_officer=True)
    body = {"full_name": "Đã sửa", "email": colleague.email, "roles": ["officer"]}
    assert client_for(world.member_officer).post(f"/tai-khoan/{colleague.pk}/sua/", body).status_code == 403
    # only the head (or the organizer) sets what officers manage
    url = f"/tai-khoan/don-vi/{world.member_unit.pk}/quyen-can-bo/"
    assert client_for(world.member_officer).post(url, {"officers_manage_officers": "on"}).status_code == 403
    assert client_for(world.leader_head).get(url).status_code == 404
    response = client_for(world.member_head).post(url, {"officers_manage_delegates": "on", "officers_manage_officers": "on"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="account.set_unit_policy", object_id=str(world.member_unit.pk)).exists()
    assert client_for(world.member_officer).post(f"/tai-khoan/{colleague.pk}/sua/", body).status_code == 302
    colleague.refresh_from_db()
    assert colleague.full_name == "Đã sửa"


def test_create_page_offers_only_grantable_roles(world, client_for):
    form = client_for(world.member_head).get("/tai-khoan/moi/").context["form"]
    assert [value for value, _label in form.fields["roles"].choices] == ["officer", "delegate"]
    assert "unit" not in form.fields
    form = client_for(world.member_officer).get("/tai-khoan/moi/").context["form"]
    assert [value for value, _label in form.fields["roles"].choices] == ["delegate"]
    assert client_for(world.member_delegate).get("/tai-khoan/moi/").status_code == 403


def test_a_posted_role_outside_the_choices_is_refused_and_nothing_saved(world, client_for, outbox):
    body = {"full_name": "Người Mới", "email": "moi@example.org", "roles": ["head"]}
    response = client_for(world.member_head).post("/tai-khoan/moi/", body)
    assert response.status_code == 400
    assert not User.objects.filter(email="moi@example.org").exists()
    assert outbox == []


def test_nobody_becomes_a_superuser_through_the_product(world, client_for):
    body = {"full_name": "Người Mới", "email": "moi@example.org", "roles": ["officer"], "unit": world.member_unit.pk,
            "is_superuser": "on", "is_staff": "on"}
    assert client_for(world.admin).post("/tai-khoan/moi/", body).status_code == 302
    user = User.objects.get(email="moi@example.org")
    assert (user.is_superuser, user.is_staff) == (False, False)


def test_an_organizer_officer_adds_a_colleague(world, client_for, outbox):
    body = {"full_name": "Trần Thị Bình", "email": "binh@boa.example", "roles": ["organizer"]}
    response = client_for(world.organizer_officer).post("/tai-khoan/moi/", body)
    assert response.status_code == 302, response.content[:800]
    user = User.objects.get(email="binh@boa.example")
    assert (user.organizer, user.unit, user.roles) == (world.organizer, None, ["organizer"])
    assert user.username == "binh"


def test_username_is_suggested_from_the_email_and_made_unique(world):
    UserFactory(username="nguyen.van.a", email="khac@example.org")
    user = services.account_create(actor=world.organizer_officer, data=data(unit=world.member_unit, email="Nguyen.Van.A@example.org"))
    assert user.username == "nguyen.van.a2"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": ""}, "email"),
        ({"email": "khong-phai-email"}, "email"),
        ({"email": "member_officer@example.org"}, "email"),  # already used
        ({"full_name": "  "}, "full_name"),
        ({"username": "member_head"}, "username"),
        ({"username": "có dấu cách"}, "username"),
        ({"roles": []}, "roles"),
        ({"roles": ["officer", "organizer"]}, "roles"),
        ({"roles": ["admin"]}, "roles"),
        ({"unit": None}, "unit"),
    ],
)
def test_bad_input_is_refused_with_nothing_saved(world, overrides, field):
    from thidua.core.errors import InvalidInput

    before = User.objects.count()
    with pytest.raises(InvalidInput) as exc:
        services.account_create(actor=world.organizer_officer, data=data(**{"unit": world.member_unit, **overrides}))
    assert field in exc.value.errors
    assert User.objects.count() == before


def test_outside_unit_is_not_a_choice_for_the_organizer(world, client_for):
    body = {"full_name": "Người Mới", "email": "moi@example.org", "roles": ["officer"], "unit": world.outside_unit.pk}
    assert client_for(world.organizer_officer).post("/tai-khoan/moi/", body).status_code == 400
    assert not User.objects.filter(email="moi@example.org").exists()
    # a unit that has been in Bộ A's cluster but whose catalogue another organizer manages is in scope
    shared = UnitFactory(name="Sở Ngoại vụ tỉnh Cao Bằng", managed_by=world.other_organizer)
    from tests.factories import add_member

    add_member(world.cluster_year, shared, "member")
    body["unit"] = shared.pk
    assert client_for(world.organizer_officer).post("/tai-khoan/moi/", body).status_code == 302


def test_the_admin_edits_another_superusers_name_without_roles(world, client_for):
    other = UserFactory(username="admin2", is_superuser=True, is_staff=True)
    response = client_for(world.admin).post(f"/tai-khoan/{other.pk}/sua/", {"full_name": "Quản trị viên hai", "email": other.email})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.full_name == "Quản trị viên hai" and other.is_superuser


def test_removing_every_role_is_refused_with_a_message(world, client_for):
    response = client_for(world.member_head).post(
        f"/tai-khoan/{world.member_officer.pk}/sua/", {"full_name": "X Y", "email": world.member_officer.email}
    )
    assert response.status_code == 400 and "Cần ít nhất một vai trò." in response.content.decode()
    world.member_officer.refresh_from_db()
    assert world.member_officer.is_unit_officer and world.member_officer.full_name != "X Y"


def test_the_unit_setting_is_linked_for_the_head_and_for_the_organizer_on_one_unit(world, client_for):
    url = f'href="/tai-khoan/don-vi/{world.member_unit.pk}/quyen-can-bo/"'
    assert url in client_for(world.member_head).get("/tai-khoan/").content.decode()
    assert url not in client_for(world.member_officer).get("/tai-khoan/").content.decode()
    organizer = client_for(world.organizer_officer)
    assert url not in organizer.get("/tai-khoan/").content.decode()
    assert url in organizer.get("/tai-khoan/", {"don_vi": world.member_unit.pk}).content.decode()


def test_account_page_costs_the_same_for_a_short_or_long_history(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.organizer_officer)
    target = world.member_delegate
    url = f"/tai-khoan/{target.pk}/"

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    def edits(n):
        for i in range(n):
            services.account_update(
                actor=world.organizer_officer, user=target, data={"full_name": f"Tên {i}", "email": target.email, "roles": ["delegate"]}
            )

    edits(3)
    few = count()
    edits(27)
    assert count() == few

"""/api/v1/organizers/ and /api/v1/users/ — accounts provisioned from another system."""

import pytest

from tests.api.helpers import assert_400, assert_detail
from tests.factories import PASSWORD, OrganizerFactory, UnitFactory, UserFactory
from thidua.core.models import AuditEvent
from thidua.org.models import User

URL = "/api/v1/users/"
ORGANIZERS = "/api/v1/organizers/"


def staff_body(staff_unit, **overrides) -> dict:
    return {
        "username": "nguyen.van.a", "password": PASSWORD, "full_name": "Nguyễn Văn A", "email": "a@songoaivu.example",
        "unit": staff_unit.pk, "roles": ["officer", "delegate"], **overrides,
    }


# --- organizers -------------------------------------------------------------------------------
def test_organizers_are_scoped(world, api_for):
    def listed(user):
        response = api_for(user).get(ORGANIZERS)
        assert response.status_code == 200
        return response.json()["results"]

    assert listed(world.organizer_officer) == [{"id": world.organizer.pk, "name": "Bộ A", "symbol": "BA", "kind": "ministry"}]
    assert [o["name"] for o in listed(world.admin)] == ["Bộ A", "Bộ B"]
    assert [o["name"] for o in listed(world.outside_officer)] == ["Bộ B"]
    assert [o["name"] for o in listed(world.member_delegate)] == ["Bộ A"]
    assert api_for(None).get(ORGANIZERS).status_code == 401


def test_organizer_list_costs_a_constant_number_of_queries(world, api_for, count_queries):
    api = api_for(world.admin)
    OrganizerFactory.create_batch(1)  # and Bộ A, Bộ B
    assert api.get(ORGANIZERS).json()["count"] == 3
    few = count_queries(lambda: api.get(ORGANIZERS))
    OrganizerFactory.create_batch(27)
    assert api.get(ORGANIZERS).json()["count"] == 30
    assert count_queries(lambda: api.get(ORGANIZERS)) == few


# --- create -------------------------------------------------------------------------------------
def test_organizer_provisions_unit_staff(world, api_for):
    response = api_for(world.organizer_officer).post(URL, staff_body(world.member_unit), format="json")
    assert response.status_code == 201, response.content
    user = User.objects.get(username="nguyen.van.a")
    assert response.json() == {
        "id": user.pk, "username": "nguyen.van.a", "full_name": "Nguyễn Văn A", "email": "a@songoaivu.example",
        "unit": world.member_unit.pk, "organizer": None, "roles": ["officer", "delegate"],
    }
    assert "password" not in response.json()
    assert user.check_password(PASSWORD)
    assert (user.is_unit_officer, user.is_delegate, user.is_unit_head, user.is_organizer_officer) == (True, True, False, False)
    assert AuditEvent.objects.filter(action="user.create", object_id=str(user.pk)).exists()


def test_admin_provisions_an_organizer_officer_who_can_then_sign_in(world, api_for):
    body = {"username": "can_bo_to_chuc", "password": PASSWORD, "organizer": world.other_organizer.pk, "roles": ["organizer"]}
    response = api_for(world.admin).post(URL, body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["organizer"], data["unit"], data["roles"]) == (world.other_organizer.pk, None, ["organizer"])
    token = api_for(None).post("/api/v1/auth/token/", {"username": "can_bo_to_chuc", "password": PASSWORD}, format="json")
    assert token.status_code == 200


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"password": "12345678"}, "password"),
        ({"password": "matkhau"}, "password"),
        ({"password": "nguyen.van.a"}, "password"),
        ({"username": "member_officer"}, "username"),  # already taken
        ({"username": ""}, "username"),
        ({"username": "nguyen van a"}, "username"),
        ({"unit": 999999}, "unit"),
        ({"unit": None}, "unit"),
        ({"roles": []}, "roles"),
        ({"roles": ["officer", "organizer"]}, "roles"),
        ({"roles": ["admin"]}, "roles"),
        ({"roles": "officer"}, "roles"),
        ({"email": "khong-phai-email"}, "email"),
    ],
)
def test_bad_input_is_400_and_creates_nobody(world, api_for, overrides, field):
    count = User.objects.count()
    body = assert_400(api_for(world.organizer_officer).post(URL, staff_body(world.member_unit, **overrides), format="json"), field)
    assert "password" not in body or field == "password"
    assert User.objects.count() == count


def test_weak_password_lists_every_reason(world, api_for):
    body = assert_400(api_for(world.admin).post(URL, staff_body(world.member_unit, password="1234"), format="json"), "password", exact=True)
    assert len(body["password"]) >= 2  # too short and entirely numeric (and common)


def test_organizer_role_needs_an_organizer(world, api_for):
    body = {"username": "x.y", "password": PASSWORD, "roles": ["organizer"]}
    assert_400(api_for(world.admin).post(URL, body, format="json"), "organizer")


@pytest.mark.parametrize(
    ("who", "target"),
    [
        ("other_organizer_officer", "member_unit"),  # a unit outside Bộ B's scope
        ("leader_officer", "leader_unit"),
        ("member_head", "member_unit"),
        ("outside_officer", "outside_unit"),
    ],
)
def test_may_not_provision_outside_ones_scope(world, api_for, who, target):
    count = User.objects.count()
    assert_detail(api_for(getattr(world, who)).post(URL, staff_body(getattr(world, target)), format="json"), 403)
    assert User.objects.count() == count


def test_organizer_may_not_provision_for_another_organizer(world, api_for):
    body = {"username": "x.y", "password": PASSWORD, "organizer": world.other_organizer.pk, "roles": ["organizer"]}
    count = User.objects.count()
    assert_detail(api_for(world.organizer_officer).post(URL, body, format="json"), 403)
    assert User.objects.count() == count


# --- list ---------------------------------------------------------------------------------------
def test_list_by_unit(world, api_for):
    api = api_for(world.organizer_officer)
    response = api.get(URL, {"unit": world.member_unit.pk})
    assert response.status_code == 200
    assert [u["username"] for u in response.json()["results"]] == ["member_delegate", "member_head", "member_officer"]
    head = response.json()["results"][1]
    assert head == {
        "id": world.member_head.pk, "username": "member_head", "full_name": world.member_head.full_name,
        "email": world.member_head.email, "unit": world.member_unit.pk, "organizer": None, "roles": ["head"],
    }
    everyone = [u["username"] for u in api.get(URL).json()["results"]]
    assert "org_a" in everyone and "outside_officer" not in everyone and "org_b" not in everyone
    # Another organizer's unit: nothing to see.
    assert api.get(URL, {"unit": world.outside_unit.pk}).json()["count"] == 0
    assert api_for(world.admin).get(URL, {"unit": world.outside_unit.pk}).json()["count"] == 1


def test_list_is_for_organizers_and_admins_only(world, api_for):
    assert_detail(api_for(world.leader_officer).get(URL), 403)
    assert_detail(api_for(None).get(URL), 401)


@pytest.mark.parametrize("unit", ["abc", "0", "-3", "99999999999999999999999"])
def test_bad_unit_filter_is_400(world, api_for, unit):
    assert_400(api_for(world.admin).get(URL, {"unit": unit}), "unit", exact=True)


def test_list_costs_a_constant_number_of_queries(world, api_for, count_queries):
    api = api_for(world.organizer_officer)
    unit = UnitFactory(managed_by=world.organizer)
    UserFactory.create_batch(3, unit=unit, is_unit_officer=True)
    few = count_queries(lambda: api.get(URL, {"unit": unit.pk}))
    UserFactory.create_batch(27, unit=unit, is_unit_officer=True)
    assert api.get(URL, {"unit": unit.pk}).json()["count"] == 30
    assert count_queries(lambda: api.get(URL, {"unit": unit.pk})) == few

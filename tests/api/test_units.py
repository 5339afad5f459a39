"""/api/v1/units/ — the unit catalogue: search, create, detail with lineage, partial update."""

import datetime as dt

import pytest

from tests.api.helpers import assert_400, assert_detail
from tests.factories import UnitFactory, current_province
from thidua.core.models import AuditEvent
from thidua.org.models import Province, Unit, UnitLineage

URL = "/api/v1/units/"


def detail_url(unit_or_id) -> str:
    return f"{URL}{getattr(unit_or_id, 'pk', unit_or_id)}/"


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


def old_province(name: str) -> Province:
    return Province.objects.get(era=Province.Era.BEFORE, name=name)


def new_unit_body(**overrides) -> dict:
    return {
        "name": "Sở Ngoại vụ tỉnh Quảng Trị", "symbol": "SNgV", "kind": "foreign_affairs_department",
        "province": current_province("Quảng Trị").pk, "parent_authority": "UBND TỈNH QUẢNG TRỊ", "head_title": "Giám đốc",
        "valid_from": "2025-07-01", **overrides,
    }


# --- list -----------------------------------------------------------------------------------
@pytest.fixture
def catalogue(world):
    quang_binh = UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Bình", province=old_province("Quảng Bình"), valid_to=dt.date(2025, 6, 30))
    da_nang = UnitFactory(name="Sở Ngoại vụ thành phố Đà Nẵng", province=current_province("Thành phố Đà Nẵng"))
    return quang_binh, da_nang


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("quang binh", ["Sở Ngoại vụ tỉnh Quảng Bình"]),
        ("Quảng Bình", ["Sở Ngoại vụ tỉnh Quảng Bình"]),
        ("QUANG BINH", ["Sở Ngoại vụ tỉnh Quảng Bình"]),
        ("đà nẵng", ["Sở Ngoại vụ thành phố Đà Nẵng"]),
        ("da nang", ["Sở Ngoại vụ thành phố Đà Nẵng"]),
        ("Da Nang", ["Sở Ngoại vụ thành phố Đà Nẵng"]),
        ("không có", []),
    ],
)
def test_q_matches_with_or_without_accents(catalogue, world, api_for, q, expected):
    assert names(api_for(world.member_officer).get(URL, {"q": q})) == expected


def test_list_fields_filters_and_order(catalogue, world, api_for):
    quang_binh, da_nang = catalogue
    api = api_for(world.member_officer)
    page = api.get(URL).json()
    assert page["count"] == 6
    assert [row["name"] for row in page["results"]] == sorted(row["name"] for row in page["results"])
    row = next(r for r in page["results"] if r["id"] == quang_binh.pk)
    assert row == {
        "id": quang_binh.pk, "name": quang_binh.name, "symbol": "SNgV", "kind": "foreign_affairs_department",
        "province": quang_binh.province_id, "parent_authority": quang_binh.parent_authority, "head_title": "Giám đốc",
        "valid_from": None, "valid_to": "2025-06-30", "managed_by": quang_binh.managed_by_id,
    }
    assert names(api.get(URL, {"province": da_nang.province_id})) == [da_nang.name]
    assert quang_binh.name not in names(api.get(URL, {"active_on": "2025-07-01"}))
    assert quang_binh.name in names(api.get(URL, {"active_on": "2025-06-30"}))
    assert names(api.get(URL, {"kind": "ministry_department"})) == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"active_on": "30/06/2025"}, "active_on"),
        ({"active_on": "2025-02-30"}, "active_on"),
        ({"province": "Hà Nội"}, "province"),
        ({"province": "99999999999999999999999"}, "province"),
        ({"kind": "ministry"}, "kind"),
        ({"q": "ha\x00noi"}, "q"),
    ],
)
def test_bad_filters_are_400(world, api_for, query, field):
    assert_400(api_for(world.member_officer).get(URL, query), field, exact=True)


def test_list_costs_a_constant_number_of_queries(world, api_for, count_queries):
    api = api_for(world.member_officer)
    UnitFactory.create_batch(3, name="Đơn vị ít")
    few = count_queries(lambda: api.get(URL, {"q": "don vi it"}))
    UnitFactory.create_batch(30, name="Đơn vị nhiều")
    many = count_queries(lambda: api.get(URL, {"q": "don vi nhieu"}))
    assert len(api.get(URL, {"q": "don vi nhieu"}).json()["results"]) == 30
    assert few == many


# --- create ---------------------------------------------------------------------------------
def test_organizer_creates_a_unit_with_predecessors(world, api_for):
    body = new_unit_body(predecessors=[world.member_unit.pk, world.deputy_unit.pk])
    response = api_for(world.organizer_officer).post(URL, body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    unit = Unit.objects.get(pk=data["id"])
    assert data == {
        "id": unit.pk, "name": "Sở Ngoại vụ tỉnh Quảng Trị", "symbol": "SNgV", "kind": "foreign_affairs_department",
        "province": current_province("Quảng Trị").pk, "parent_authority": "UBND TỈNH QUẢNG TRỊ", "head_title": "Giám đốc",
        "valid_from": "2025-07-01", "valid_to": None, "managed_by": world.organizer.pk,
        "predecessors": sorted([world.member_unit.pk, world.deputy_unit.pk]), "successors": [], "memberships": [],
    }
    assert unit.search_name == "so ngoai vu tinh quang tri"
    assert AuditEvent.objects.filter(action="unit.create", object_id=str(unit.pk)).exists()
    # The lineage reads both ways.
    member = api_for(world.member_officer).get(detail_url(world.member_unit)).json()
    assert member["successors"] == [unit.pk]


def test_minimal_body_and_admin_may_choose_the_manager(world, api_for):
    body = {"name": "Vụ Thi đua - Khen thưởng", "symbol": "TĐKT", "kind": "ministry_department", "managed_by": world.other_organizer.pk}
    response = api_for(world.admin).post(URL, body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["province"], data["valid_from"], data["head_title"]) == (None, None, "Giám đốc")
    assert data["managed_by"] == world.other_organizer.pk


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"province": 999999}, "province"),
        ({"province": "Quảng Trị"}, "province"),
        ({"predecessors": [999999]}, "predecessors"),
        ({"predecessors": 5}, "predecessors"),
        ({"predecessors": [True]}, "predecessors"),
        ({"kind": "ministry"}, "kind"),
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "Sở\x00"}, "name"),
        ({"symbol": None}, "symbol"),
        ({"valid_from": "01/07/2025"}, "valid_from"),
        ({"valid_to": "2025-06-30"}, "valid_to"),  # before valid_from: the service says so
        ({"managed_by": 999999}, "managed_by"),
    ],
)
def test_bad_input_is_400_with_a_field_message_and_saves_nothing(world, api_for, overrides, field):
    count, events = Unit.objects.count(), AuditEvent.objects.count()
    response = api_for(world.organizer_officer).post(URL, new_unit_body(**overrides), format="json")
    assert_400(response, field)
    assert (Unit.objects.count(), AuditEvent.objects.count()) == (count, events)


def test_missing_required_fields_are_listed(world, api_for):
    assert_400(api_for(world.organizer_officer).post(URL, {}, format="json"), "name", "symbol", "kind", exact=True)


def test_unit_staff_may_not_create_and_nothing_is_saved(world, api_for):
    count = Unit.objects.count()
    assert_detail(api_for(world.leader_officer).post(URL, new_unit_body(), format="json"), 403)
    # Refused before the body is read: an invalid body is refused the same way.
    assert api_for(world.leader_officer).post(URL, {}, format="json").status_code == 403
    assert api_for(None).post(URL, new_unit_body(), format="json").status_code == 401
    assert Unit.objects.count() == count


def test_organizer_may_not_create_for_another_organizer(world, api_for):
    count = Unit.objects.count()
    response = api_for(world.organizer_officer).post(URL, new_unit_body(managed_by=world.other_organizer.pk), format="json")
    assert response.status_code == 403
    assert Unit.objects.count() == count


# --- detail ---------------------------------------------------------------------------------
def test_detail_shows_memberships_only_in_visible_clusters(world, api_for):
    from tests.factories import add_member

    add_member(world.other_cluster_year, world.member_unit)  # the unit is also in Bộ B's cluster
    own = api_for(world.organizer_officer).get(detail_url(world.member_unit)).json()["memberships"]
    assert own == [{"cluster": world.cluster.pk, "cluster_name": world.cluster.name, "year": 2026, "role": "member"}]
    both = api_for(world.admin).get(detail_url(world.member_unit)).json()["memberships"]
    assert {m["cluster"] for m in both} == {world.cluster.pk, world.other_cluster.pk}
    # Staff of the unit see the organizers it belongs to.
    assert len(api_for(world.member_officer).get(detail_url(world.member_unit)).json()["memberships"]) == 2


@pytest.mark.parametrize("pk", [999999, 2**63, 10**30])
def test_unknown_unit_is_404(world, api_for, pk):
    assert_detail(api_for(world.organizer_officer).get(detail_url(pk)), 404)


def test_detail_costs_a_constant_number_of_queries(world, api_for, count_queries):
    from tests.factories import ClusterYearFactory, add_member

    api = api_for(world.admin)
    unit = UnitFactory(managed_by=world.organizer)
    few = count_queries(lambda: api.get(detail_url(unit)))
    for year in range(2000, 2010):
        add_member(ClusterYearFactory(cluster=world.cluster, year=year), unit)
    for pred in UnitFactory.create_batch(5):
        UnitLineage.objects.create(predecessor=pred, successor=unit)
    for succ in UnitFactory.create_batch(5):
        UnitLineage.objects.create(predecessor=unit, successor=succ)
    data = api.get(detail_url(unit)).json()
    assert (len(data["memberships"]), len(data["predecessors"]), len(data["successors"])) == (10, 5, 5)
    assert count_queries(lambda: api.get(detail_url(unit))) == few


# --- update ---------------------------------------------------------------------------------
def test_organizer_dissolves_a_unit(world, api_for):
    response = api_for(world.organizer_officer).patch(detail_url(world.member_unit), {"valid_to": "2025-06-30"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["valid_to"] == "2025-06-30"
    assert response.json()["name"] == world.member_unit.name
    world.member_unit.refresh_from_db()
    assert world.member_unit.valid_to == dt.date(2025, 6, 30)
    assert AuditEvent.objects.filter(action="unit.update", object_id=str(world.member_unit.pk)).exists()


def test_patch_renames_and_sets_predecessors(world, api_for):
    api = api_for(world.admin)
    response = api.patch(detail_url(world.member_unit), {"name": "Sở Ngoại vụ tỉnh Hà Tĩnh mới", "predecessors": [world.deputy_unit.pk]},
                         format="json")
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["predecessors"]) == ("Sở Ngoại vụ tỉnh Hà Tĩnh mới", [world.deputy_unit.pk])
    assert api.get(URL, {"q": "ha tinh moi"}).json()["count"] == 1
    # Leaving predecessors out keeps them; an empty list clears them.
    assert api.patch(detail_url(world.member_unit), {"symbol": "SNV"}, format="json").json()["predecessors"] == [world.deputy_unit.pk]
    assert api.patch(detail_url(world.member_unit), {"predecessors": []}, format="json").json()["predecessors"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"valid_to": "2020-01-01", "valid_from": "2021-01-01"}, "valid_to"),
        ({"name": ""}, "name"),
        ({"province": 0}, "province"),
        ({"kind": "other-kind"}, "kind"),
        ({"predecessors": ["abc"]}, "predecessors"),
    ],
)
def test_patch_bad_input_is_400_and_changes_nothing(world, api_for, body, field):
    before = Unit.objects.filter(pk=world.member_unit.pk).values().get()
    response = api_for(world.organizer_officer).patch(detail_url(world.member_unit), body, format="json")
    assert_400(response, field)
    assert Unit.objects.filter(pk=world.member_unit.pk).values().get() == before


def test_patch_refuses_a_lineage_loop(world, api_for):
    UnitLineage.objects.create(predecessor=world.member_unit, successor=world.deputy_unit)
    body = {"predecessors": [world.deputy_unit.pk]}
    response = api_for(world.organizer_officer).patch(detail_url(world.member_unit), body, format="json")
    assert_400(response, "predecessors")
    assert not UnitLineage.objects.filter(successor=world.member_unit).exists()


@pytest.mark.parametrize("who", ["other_organizer_officer", "leader_officer", "member_head"])
def test_patch_by_someone_who_does_not_manage_the_unit_is_403(world, api_for, who):
    assert_detail(api_for(getattr(world, who)).patch(detail_url(world.member_unit), {"valid_to": "2025-06-30"}, format="json"), 403)
    world.member_unit.refresh_from_db()
    assert world.member_unit.valid_to is None


def test_patch_unknown_unit_is_404(world, api_for):
    assert api_for(world.organizer_officer).patch(detail_url(999999), {"valid_to": "2025-06-30"}, format="json").status_code == 404


def test_dates_before_year_1000_come_back_as_iso_dates(world, api_for):
    # strftime("%Y") writes year 112 as "112", which is no date of the schema (schemathesis found it).
    response = api_for(world.organizer_officer).patch(detail_url(world.member_unit), {"valid_from": "0112-01-24"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["valid_from"] == "0112-01-24"
    assert api_for(world.organizer_officer).get(detail_url(world.member_unit)).json()["valid_from"] == "0112-01-24"

"""/api/v1/clusters/{id}/years/{year}/ — a cluster's year, its members, and its phase."""

import datetime as dt

import pytest

from tests.api.helpers import assert_400, assert_detail
from tests.factories import ClusterFactory, ClusterYearFactory, UnitFactory, add_member
from thidua.core.models import AuditEvent
from thidua.org.models import ClusterYear, Membership, Phase, Role


def year_url(cluster, year=2026) -> str:
    return f"/api/v1/clusters/{getattr(cluster, 'pk', cluster)}/years/{year}/"


def phase_url(cluster, year=2026) -> str:
    return year_url(cluster, year) + "phase/"


def members_of(cluster_year) -> set[tuple[int, str]]:
    return set(Membership.objects.filter(cluster_year=cluster_year).values_list("unit_id", "role"))


def set_phase(cluster_year, phase) -> None:
    ClusterYear.objects.filter(pk=cluster_year.pk).update(phase=phase)


# --- read -----------------------------------------------------------------------------------
def test_year_shape(world, api_for):
    ClusterYear.objects.filter(pk=world.cluster_year.pk).update(deadlines={"covenant": "2026-03-31"})
    response = api_for(world.member_delegate).get(year_url(world.cluster))
    assert response.status_code == 200
    data = response.json()
    assert {k: data[k] for k in ("cluster", "year", "phase", "deadlines")} == {
        "cluster": world.cluster.pk, "year": 2026, "phase": "preparing", "deadlines": {"covenant": "2026-03-31"},
    }
    assert sorted((m["unit"], m["role"]) for m in data["members"]) == sorted(
        [(world.leader_unit.pk, "leader"), (world.deputy_unit.pk, "deputy1"), (world.member_unit.pk, "member")]
    )
    assert {m["unit_name"] for m in data["members"]} == {world.leader_unit.name, world.deputy_unit.name, world.member_unit.name}


@pytest.mark.parametrize("who", ["other_organizer_officer", "outside_officer"])
def test_invisible_cluster_is_404(world, api_for, who):
    assert_detail(api_for(getattr(world, who)).get(year_url(world.cluster)), 404)


@pytest.mark.parametrize("year", [2025, 1989, 99999])
def test_missing_year_is_404(world, api_for, year):
    assert_detail(api_for(world.organizer_officer).get(year_url(world.cluster, year)), 404)


def test_year_costs_a_constant_number_of_queries(world, api_for, count_queries):
    api = api_for(world.organizer_officer)

    def year_with(n, year):
        cluster_year = ClusterYearFactory(cluster=world.cluster, year=year)
        for unit in UnitFactory.create_batch(n):
            add_member(cluster_year, unit)
        return cluster_year

    year_with(3, 2024)
    year_with(30, 2025)
    assert len(api.get(year_url(world.cluster, 2025)).json()["members"]) == 30
    assert count_queries(lambda: api.get(year_url(world.cluster, 2024))) == count_queries(lambda: api.get(year_url(world.cluster, 2025)))


# --- members ----------------------------------------------------------------------------------
def test_organizer_replaces_the_members(world, api_for):
    new_unit = UnitFactory(managed_by=world.organizer)
    body = {"members": [
        {"unit": world.member_unit.pk, "role": "leader"}, {"unit": world.leader_unit.pk, "role": "deputy1"},
        {"unit": world.deputy_unit.pk, "role": "deputy2"}, {"unit": new_unit.pk, "role": "member"},
    ]}
    response = api_for(world.organizer_officer).put(year_url(world.cluster), body, format="json")
    assert response.status_code == 200, response.content
    assert sorted((m["unit"], m["role"]) for m in response.json()["members"]) == sorted((m["unit"], m["role"]) for m in body["members"])
    assert members_of(world.cluster_year) == {(m["unit"], m["role"]) for m in body["members"]}
    assert AuditEvent.objects.filter(action="cluster_year.set_members").count() == 1


def test_put_creates_a_new_year(world, api_for):
    body = {"members": [{"unit": world.leader_unit.pk, "role": "leader"}, {"unit": world.member_unit.pk, "role": "member"}]}
    response = api_for(world.admin).put(year_url(world.cluster, 2027), body, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["year"], response.json()["phase"]) == (2027, "preparing")
    cluster_year = ClusterYear.objects.get(cluster=world.cluster, year=2027)
    assert members_of(cluster_year) == {(world.leader_unit.pk, "leader"), (world.member_unit.pk, "member")}
    assert api_for(world.member_officer).get(year_url(world.cluster, 2027)).status_code == 200


def test_put_empty_list_empties_the_year(world, api_for):
    assert api_for(world.organizer_officer).put(year_url(world.cluster), {"members": []}, format="json").status_code == 200
    assert members_of(world.cluster_year) == set()


def invalid_members(world):
    """(name, members) pairs the service or the serializer must refuse with 400 {"members": [...]}."""
    gone = UnitFactory(name="Sở đã giải thể", valid_to=dt.date(2024, 12, 31))
    second_cluster = ClusterFactory(organizer=world.organizer, number="2")
    elsewhere = UnitFactory(name="Sở ở cụm khác")
    add_member(ClusterYearFactory(cluster=second_cluster, year=2026), elsewhere, Role.LEADER)
    leader = {"unit": world.leader_unit.pk, "role": "leader"}
    return {
        "two leaders": [leader, {"unit": world.member_unit.pk, "role": "leader"}],
        "three deputies": [
            leader, {"unit": world.deputy_unit.pk, "role": "deputy1"}, {"unit": world.member_unit.pk, "role": "deputy2"},
            {"unit": UnitFactory().pk, "role": "deputy1"},
        ],
        "unit not existing that year": [leader, {"unit": gone.pk, "role": "member"}],
        "unit in another cluster of the organizer": [leader, {"unit": elsewhere.pk, "role": "member"}],
        "unknown unit id": [leader, {"unit": 999999, "role": "member"}],
        "unit id not a number": [leader, {"unit": "Sở Ngoại vụ", "role": "member"}],
        "unknown role": [leader, {"unit": world.member_unit.pk, "role": "chairman"}],
        "no leader": [{"unit": world.member_unit.pk, "role": "member"}],
        "same unit twice": [leader, {"unit": world.leader_unit.pk, "role": "member"}],
        "row not an object": [leader, 5],
        "not a list": {"unit": world.leader_unit.pk, "role": "leader"},
        "null": None,
    }


CASES = [
    "two leaders", "three deputies", "unit not existing that year", "unit in another cluster of the organizer", "unknown unit id",
    "unit id not a number", "unknown role", "no leader", "same unit twice", "row not an object", "not a list", "null",
]


@pytest.mark.parametrize("case", CASES)
def test_invalid_members_are_400_and_change_nothing(world, api_for, case):
    members = invalid_members(world)[case]
    before, events = members_of(world.cluster_year), AuditEvent.objects.count()
    assert_400(api_for(world.organizer_officer).put(year_url(world.cluster), {"members": members}, format="json"), "members", exact=True)
    assert members_of(world.cluster_year) == before
    assert AuditEvent.objects.count() == events


def test_invalid_members_of_a_new_year_create_no_year(world, api_for):
    members = invalid_members(world)["two leaders"]
    assert_400(api_for(world.organizer_officer).put(year_url(world.cluster, 2027), {"members": members}, format="json"), "members")
    assert not ClusterYear.objects.filter(cluster=world.cluster, year=2027).exists()


def test_messages_name_the_problem(world, api_for):
    members = invalid_members(world)
    api = api_for(world.organizer_officer)
    [message] = api.put(year_url(world.cluster), {"members": members["unknown unit id"]}, format="json").json()["members"]
    assert "999999" in message
    body = {"members": members["unit in another cluster of the organizer"]}
    [message] = api.put(year_url(world.cluster), body, format="json").json()["members"]
    assert "Sở ở cụm khác" in message
    # A malformed row is named by its position, in the same flat list of messages.
    messages = api.put(year_url(world.cluster), {"members": members["unknown role"]}, format="json").json()["members"]
    assert len(messages) == 1 and messages[0].startswith("Dòng 2") and "chairman" in messages[0]


@pytest.mark.parametrize("year", [1900, 3000])
def test_year_out_of_range_is_400(world, api_for, year):
    assert_400(api_for(world.organizer_officer).put(year_url(world.cluster, year), {"members": []}, format="json"), "year")
    assert not ClusterYear.objects.filter(year=year).exists()


def test_missing_members_field_is_400(world, api_for):
    assert_400(api_for(world.organizer_officer).put(year_url(world.cluster), {}, format="json"), "members", exact=True)


@pytest.mark.parametrize(("who", "status"), [("leader_officer", 403), ("member_head", 403), ("other_organizer_officer", 404)])
def test_only_the_organizer_sets_members(world, api_for, who, status):
    before = members_of(world.cluster_year)
    body = {"members": [{"unit": world.member_unit.pk, "role": "leader"}]}
    assert_detail(api_for(getattr(world, who)).put(year_url(world.cluster), body, format="json"), status)
    assert members_of(world.cluster_year) == before


# --- phase ----------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["organizer_officer", "admin", "leader_officer", "leader_head"])
def test_move_forward(world, api_for, who):
    response = api_for(getattr(world, who)).post(phase_url(world.cluster), {"phase": "launched"}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["phase"], response.json()["year"], len(response.json()["members"])) == ("launched", 2026, 3)
    world.cluster_year.refresh_from_db()
    assert world.cluster_year.phase == Phase.LAUNCHED
    assert AuditEvent.objects.filter(action="cluster_year.set_phase").count() == 1


@pytest.mark.parametrize("target", ["covenant", "preparing"])
def test_skipping_or_staying_is_409(world, api_for, target):
    detail = assert_detail(api_for(world.leader_officer).post(phase_url(world.cluster), {"phase": target}, format="json"), 409)
    assert detail
    world.cluster_year.refresh_from_db()
    assert world.cluster_year.phase == Phase.PREPARING


def test_closed_year_goes_nowhere_forward(world, api_for):
    set_phase(world.cluster_year, Phase.CLOSED)
    assert_detail(api_for(world.organizer_officer).post(phase_url(world.cluster), {"phase": "closed"}, format="json"), 409)


def test_organizer_moves_back_with_a_reason(world, api_for):
    set_phase(world.cluster_year, Phase.CROSS_SCORING)
    api = api_for(world.organizer_officer)
    assert_400(api.post(phase_url(world.cluster), {"phase": "self_assessment"}, format="json"), "reason")
    assert_400(api.post(phase_url(world.cluster), {"phase": "self_assessment", "reason": "  "}, format="json"), "reason")
    response = api.post(phase_url(world.cluster), {"phase": "self_assessment", "reason": "Đơn vị nộp nhầm bảng điểm"}, format="json")
    assert response.status_code == 200
    assert response.json()["phase"] == "self_assessment"
    assert AuditEvent.objects.get(action="cluster_year.set_phase").reason == "Đơn vị nộp nhầm bảng điểm"


def test_leader_may_not_move_back(world, api_for):
    set_phase(world.cluster_year, Phase.LAUNCHED)
    body = {"phase": "preparing", "reason": "Nhầm"}
    assert_detail(api_for(world.leader_officer).post(phase_url(world.cluster), body, format="json"), 403)
    world.cluster_year.refresh_from_db()
    assert world.cluster_year.phase == Phase.LAUNCHED


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("deputy_officer", 403), ("member_officer", 403), ("member_delegate", 403), ("other_organizer_officer", 404),
        ("outside_officer", 404),
    ],
)
def test_others_may_not_move_the_phase(world, api_for, who, status):
    assert_detail(api_for(getattr(world, who)).post(phase_url(world.cluster), {"phase": "launched"}, format="json"), status)
    world.cluster_year.refresh_from_db()
    assert world.cluster_year.phase == Phase.PREPARING


def test_leader_of_another_year_may_not_move_this_one(world, api_for):
    other_year = ClusterYearFactory(cluster=world.cluster, year=2027)
    add_member(other_year, world.member_unit, Role.LEADER)
    assert_detail(api_for(world.leader_officer).post(phase_url(world.cluster, 2027), {"phase": "launched"}, format="json"), 403)


@pytest.mark.parametrize("body", [{"phase": "voting"}, {}, {"phase": None}])
def test_bad_phase_is_400(world, api_for, body):
    assert_400(api_for(world.organizer_officer).post(phase_url(world.cluster), body, format="json"), "phase", exact=True)


def test_phase_of_a_missing_year_is_404(world, api_for):
    assert_detail(api_for(world.organizer_officer).post(phase_url(world.cluster, 2030), {"phase": "launched"}, format="json"), 404)
    assert not ClusterYear.objects.filter(year=2030).exists()

"""/api/v1/clusters/ — list (scoped), create, detail."""

import pytest

from tests.api.helpers import assert_400, assert_detail
from tests.factories import ClusterFactory, ClusterYearFactory, UnitFactory, add_member
from thidua.core.models import AuditEvent
from thidua.org.models import Cluster, Role

URL = "/api/v1/clusters/"


def listed(api) -> list[str]:
    response = api.get(URL)
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


# --- list and detail -------------------------------------------------------------------------
def test_list_is_scoped_to_what_the_user_may_see(world, api_for):
    assert listed(api_for(world.admin)) == ["Cụm thi đua số 1", "Cụm thi đua số 9"]
    assert listed(api_for(world.organizer_officer)) == ["Cụm thi đua số 1"]
    assert listed(api_for(world.other_organizer_officer)) == ["Cụm thi đua số 9"]
    assert listed(api_for(world.member_delegate)) == ["Cụm thi đua số 1"]
    assert listed(api_for(world.outside_officer)) == ["Cụm thi đua số 9"]


def test_list_row_and_filters(world, api_for):
    ClusterYearFactory(cluster=world.cluster, year=2025)
    api = api_for(world.admin)
    row = api.get(URL, {"organizer": world.organizer.pk}).json()["results"]
    assert row == [{
        "id": world.cluster.pk, "name": "Cụm thi đua số 1", "number": "1", "kind": "cluster", "organizer": world.organizer.pk,
        "region": "", "years": [2026, 2025],
    }]
    assert [r["name"] for r in api.get(URL, {"q": "9"}).json()["results"]] == ["Cụm thi đua số 9"]
    assert_400(api.get(URL, {"organizer": "Bộ A"}), "organizer", exact=True)


def test_detail_is_404_when_not_visible(world, api_for):
    url = f"{URL}{world.cluster.pk}/"
    assert api_for(world.member_officer).get(url).json()["name"] == "Cụm thi đua số 1"
    assert_detail(api_for(world.other_organizer_officer).get(url), 404)
    assert_detail(api_for(world.outside_officer).get(url), 404)
    # Exactly what an unknown id answers: nothing tells the two apart.
    unknown = api_for(world.outside_officer).get(f"{URL}999999/")
    assert unknown.json() == api_for(world.outside_officer).get(url).json()
    assert_detail(api_for(world.admin).get(f"{URL}{2**64}/"), 404)


def test_list_costs_a_constant_number_of_queries(world, api_for, count_queries):
    api = api_for(world.organizer_officer)

    def add_clusters(n):
        for _ in range(n):
            cluster = ClusterFactory(organizer=world.organizer)
            for year in (2025, 2026):
                add_member(ClusterYearFactory(cluster=cluster, year=year), UnitFactory(), Role.LEADER)

    add_clusters(2)
    few = count_queries(lambda: api.get(URL))
    add_clusters(27)
    assert api.get(URL).json()["count"] == 30
    assert count_queries(lambda: api.get(URL)) == few


# --- create ---------------------------------------------------------------------------------
def test_organizer_creates_a_cluster_for_its_organizer(world, api_for):
    response = api_for(world.organizer_officer).post(URL, {"name": "Khối thi đua các Vụ", "number": "II", "kind": "bloc"}, format="json")
    assert response.status_code == 201, response.content
    cluster = Cluster.objects.get(pk=response.json()["id"])
    assert response.json() == {
        "id": cluster.pk, "name": "Khối thi đua các Vụ", "number": "II", "kind": "bloc", "organizer": world.organizer.pk, "region": "",
        "years": [],
    }
    assert AuditEvent.objects.filter(action="cluster.create", object_id=str(cluster.pk)).exists()
    assert "Khối thi đua các Vụ" in listed(api_for(world.organizer_officer))


def test_admin_must_name_the_organizer(world, api_for):
    count = Cluster.objects.count()
    assert_400(api_for(world.admin).post(URL, {"name": "Cụm mới", "number": "5"}, format="json"), "organizer", exact=True)
    response = api_for(world.admin).post(URL, {"name": "Cụm mới", "number": "5", "organizer": world.other_organizer.pk}, format="json")
    assert response.status_code == 201
    assert response.json()["organizer"] == world.other_organizer.pk
    assert Cluster.objects.count() == count + 1


def test_organizer_officer_posting_for_another_organizer_is_403(world, api_for):
    count = Cluster.objects.count()
    body = {"name": "Cụm mới", "number": "5", "organizer": world.other_organizer.pk}
    assert_detail(api_for(world.organizer_officer).post(URL, body, format="json"), 403)
    assert Cluster.objects.count() == count


@pytest.mark.parametrize("who", ["leader_officer", "leader_head", "member_delegate", "outside_officer"])
def test_unit_staff_may_not_create(world, api_for, who):
    count = Cluster.objects.count()
    assert_detail(api_for(getattr(world, who)).post(URL, {"name": "Cụm mới", "number": "5"}, format="json"), 403)
    assert Cluster.objects.count() == count


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Cụm trùng số", "number": "1"}, "number"),  # Bộ A already has cluster 1
        ({"name": "Cụm mới", "number": "  "}, "number"),
        ({"name": "", "number": "5"}, "name"),
        ({"name": "Cụm mới"}, "number"),
        ({"name": "Cụm mới", "number": "5", "kind": "group"}, "kind"),
        ({"name": "Cụm mới", "number": "5", "organizer": 999999}, "organizer"),
        ({"name": "Cụm mới", "number": "123456789012345678901"}, "number"),
    ],
)
def test_bad_input_is_400_and_creates_nothing(world, api_for, body, field):
    count = Cluster.objects.count()
    assert_400(api_for(world.organizer_officer).post(URL, body, format="json"), field)
    assert Cluster.objects.count() == count


def test_same_number_is_fine_for_a_bloc_or_another_organizer(world, api_for):
    assert api_for(world.organizer_officer).post(URL, {"name": "Khối 1", "number": "1", "kind": "bloc"}, format="json").status_code == 201
    assert api_for(world.other_organizer_officer).post(URL, {"name": "Cụm 1 của Bộ B", "number": "1"}, format="json").status_code == 201

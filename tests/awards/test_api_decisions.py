"""API v1 decisions: record (checks, override reason, duplicate numbers 409), read, revoke."""

import pytest

from tests.factories import ClusterYearFactory, add_member
from thidua.awards.models import Award, Decision
from thidua.core.models import AuditEvent

from .helpers import proposal, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2024(world):
    cy = ClusterYearFactory(cluster=world.cluster, year=2024)
    for unit in (world.leader_unit, world.deputy_unit, world.member_unit):
        add_member(cy, unit)
    proposal(cy, world.member_unit, kind="flag")
    rate(world.member_unit, {2024: "excellent"})
    return cy


def payload(world, **kw):
    return {
        "organizer": world.organizer.pk,
        "number": "15/QĐ-BA",
        "date": "2025-01-20",
        "signer": "Thứ trưởng",
        "year": 2024,
        "awards": [{"unit": world.member_unit.pk, "award": "flag_ministry"}],
        **kw,
    }


def test_record_read_and_revoke(world, year_2024, api_for):
    client = api_for(world.organizer_officer)
    response = client.post("/api/v1/decisions/", payload(world), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert {"id", "number", "date", "awards"} <= set(data) and data["awards"] == [
        {"unit": world.member_unit.pk, "award": "flag_ministry", "revoked": False}
    ]
    reader = api_for(world.outside_officer)
    assert reader.get(f"/api/v1/decisions/{data['id']}/").json()["signer"] == "Thứ trưởng"
    assert [d["id"] for d in reader.get(f"/api/v1/decisions/?organizer={world.organizer.pk}&year=2024").json()] == [data["id"]]
    assert reader.get("/api/v1/decisions/?year=2023").json() == []
    assert client.post("/api/v1/decisions/", payload(world), format="json").status_code == 409
    assert Decision.objects.count() == 1
    revoke = client.post(f"/api/v1/decisions/{data['id']}/revoke/", {"reason": "Kê khai sai", "basis": "Luật 06/2022/QH15"}, format="json")
    assert revoke.status_code == 200 and revoke.json()["awards"][0]["revoked"] is True
    units = reader.get(f"/api/v1/units/{world.member_unit.pk}/awards/").json()
    assert units[0]["revoked"] is True


def test_failing_checks_listed_unless_a_reason(world, year_2024, api_for):
    client = api_for(world.organizer_officer)
    body = payload(world, awards=[{"unit": world.deputy_unit.pk, "award": "flag_ministry"}])
    response = client.post("/api/v1/decisions/", body, format="json")
    assert response.status_code == 400 and any(world.deputy_unit.name in m for m in response.json()["awards"])
    assert not Decision.objects.exists() and not AuditEvent.objects.filter(action="decision.record").exists()
    response = client.post("/api/v1/decisions/", {**body, "override_reason": "Quyết định trực tiếp"}, format="json")
    assert response.status_code == 201 and Award.objects.get().override_reason == "Quyết định trực tiếp"


@pytest.mark.parametrize(
    "change",
    [
        {"awards": []},
        {"awards": [{"unit": 999999, "award": "flag_ministry"}]},
        {"awards": [{"unit": 1, "award": "x" * 50}]},
        {"organizer": 999999},
        {"date": "20/01/2025"},
        {"year": 1800},
        {"extra": 1},
        {"number": ""},
    ],
)
def test_bad_input_saves_nothing(world, year_2024, api_for, change):
    response = api_for(world.organizer_officer).post("/api/v1/decisions/", payload(world, **change), format="json")
    assert response.status_code == 400 and not Decision.objects.exists()


def test_others_are_refused(world, year_2024, api_for):
    for user in (world.member_officer, world.admin, world.other_organizer_officer):
        assert api_for(user).post("/api/v1/decisions/", payload(world), format="json").status_code == 403
    assert not Decision.objects.exists()
    client = api_for(world.organizer_officer)
    decision_id = client.post("/api/v1/decisions/", payload(world), format="json").json()["id"]
    for user in (world.member_officer, world.other_organizer_officer):
        assert (
            api_for(user).post(f"/api/v1/decisions/{decision_id}/revoke/", {"reason": "x", "basis": "y"}, format="json").status_code == 403
        )
    assert client.post(f"/api/v1/decisions/{decision_id}/revoke/", {"reason": "", "basis": "y"}, format="json").status_code == 400
    assert (
        client.post(f"/api/v1/decisions/{decision_id}/revoke/", {"reason": "x", "basis": "y", "units": [999999]}, format="json").status_code
        == 400
    )
    assert not Award.objects.filter(revoked=True).exists()
    assert client.post("/api/v1/decisions/999999/revoke/", {"reason": "x", "basis": "y"}, format="json").status_code == 404
    assert client.get("/api/v1/decisions/999999/").status_code == 404

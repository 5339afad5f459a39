"""The "Awards" part of the API (api-v1.md): shapes, and 400/403/404 with nothing saved."""

import datetime as dt

import pytest

from tests.factories import UnitFactory
from thidua.awards.models import UnitRating
from thidua.core.models import AuditEvent
from thidua.org.models import UnitLineage

from .helpers import award, proposal, rate

pytestmark = pytest.mark.django_db

CONTRACT_CODES = {"labour_advanced", "labour_excellent", "flag_ministry", "flag_government", "merit_minister", "merit_prime_minister"}


def rating_url(unit, year):
    return f"/api/v1/units/{unit.pk}/ratings/{year}/"


class TestAwardKinds:
    def test_the_catalogue_as_the_contract_says(self, world, api_for):
        response = api_for(world.member_officer).get("/api/v1/award-kinds/")
        assert response.status_code == 200
        kinds = {k["code"]: k for k in response.json()}
        assert set(kinds) >= CONTRACT_CODES
        for kind in kinds.values():
            assert {"code", "name", "category", "level", "legal_basis"} <= set(kind)
            assert kind["category"] in ("title", "commendation")
            assert all({"text", "from_year", "to_year"} <= set(b) for b in kind["legal_basis"])
        flag_rules = {r["rule"] for r in kinds["flag_ministry"]["rules"]}
        assert {"cluster_vote", "ratings", "no_discipline", "exists", "one_form", "quota"} <= flag_rules

    def test_signed_in_only(self, api_for):
        assert api_for(None).get("/api/v1/award-kinds/").status_code in (401, 403)


class TestRatings:
    def test_read_is_null_until_entered_then_the_organizer_writes(self, world, api_for):
        unit = world.member_unit
        assert api_for(world.outside_officer).get(rating_url(unit, 2025)).json() == {"rating": None, "note": ""}
        response = api_for(world.organizer_officer).put(
            rating_url(unit, 2025), {"rating": "excellent", "note": "Theo Quyết định xếp loại"}, format="json"
        )
        assert response.status_code == 200 and response.json() == {"rating": "excellent", "note": "Theo Quyết định xếp loại"}
        assert api_for(world.member_officer).get(rating_url(unit, 2025)).json()["rating"] == "excellent"
        event = AuditEvent.objects.get(action="unit_rating.set")
        assert event.after["rating"] == "excellent" and event.before is None
        api_for(world.organizer_officer).put(rating_url(unit, 2025), {"rating": "good"}, format="json")
        changed = AuditEvent.objects.filter(action="unit_rating.set").latest("id")
        assert changed.before["rating"] == "excellent" and changed.after["rating"] == "good"
        assert UnitRating.objects.filter(unit=unit).count() == 1

    @pytest.mark.parametrize("who", ["member_officer", "member_head", "leader_officer", "other_organizer", "admin"])
    def test_only_the_organizer_of_its_clusters_writes(self, world, api_for, who):
        response = api_for(world.users()[who]).put(rating_url(world.member_unit, 2025), {"rating": "excellent"}, format="json")
        assert (
            response.status_code == 403
            and not UnitRating.objects.exists()
            and not AuditEvent.objects.filter(action="unit_rating.set").exists()
        )

    def test_forbidden_before_bad_input(self, world, api_for):
        response = api_for(world.member_officer).put(rating_url(world.member_unit, 2025), {"rating": "nonsense"}, format="json")
        assert response.status_code == 403

    @pytest.mark.parametrize("payload", [{"rating": "tot"}, {"rating": None}, {}, {"rating": "good", "extra": 1}, ["good"]])
    def test_bad_input_saves_nothing(self, world, api_for, payload):
        response = api_for(world.organizer_officer).put(rating_url(world.member_unit, 2025), payload, format="json")
        assert response.status_code == 400 and not UnitRating.objects.exists()

    def test_a_year_the_unit_did_not_exist(self, world, api_for):
        old = UnitFactory(managed_by=world.organizer, valid_to=dt.date(2020, 6, 30))
        response = api_for(world.organizer_officer).put(rating_url(old, 2022), {"rating": "excellent"}, format="json")
        assert response.status_code == 400 and "year" in response.json() and not UnitRating.objects.exists()
        assert api_for(world.organizer_officer).get(rating_url(old, 2022)).status_code == 400
        assert api_for(world.organizer_officer).put(rating_url(old, 2019), {"rating": "excellent"}, format="json").status_code == 200

    def test_unknown_unit_is_404(self, world, api_for):
        assert (
            api_for(world.organizer_officer).put("/api/v1/units/999999/ratings/2025/", {"rating": "good"}, format="json").status_code == 404
        )
        assert api_for(world.organizer_officer).get("/api/v1/units/999999/ratings/2025/").status_code == 404

    def test_the_organizer_whose_cluster_it_was_in_not_only_the_manager(self, world, api_for):
        # outside_unit is managed by Bộ B and in its cluster: Bộ A may not rate it
        assert (
            api_for(world.organizer_officer).put(rating_url(world.outside_unit, 2025), {"rating": "good"}, format="json").status_code == 403
        )
        assert (
            api_for(world.other_organizer_officer).put(rating_url(world.outside_unit, 2025), {"rating": "good"}, format="json").status_code
            == 200
        )


class TestUnitAwards:
    def test_own_then_through_lineage_newest_first(self, world, api_for):
        old = UnitFactory(name="Sở Ngoại vụ tỉnh Yên Bái", valid_to=dt.date(2025, 6, 30))
        new = UnitFactory(name="Sở Ngoại vụ tỉnh Lào Cai", valid_from=dt.date(2025, 7, 1))
        UnitLineage.objects.create(predecessor=old, successor=new)
        award(old, "flag_ministry", 2017, world.organizer, number="12/QĐ-BNG")
        award(new, "merit_minister", 2025, world.organizer, revoked=True)
        client = api_for(world.member_officer)
        own = client.get(f"/api/v1/units/{new.pk}/awards/").json()
        assert [(a["award"], a["via_predecessor"], a["revoked"]) for a in own] == [("merit_minister", False, True)]
        lines = client.get(f"/api/v1/units/{new.pk}/awards/?include_predecessors=1").json()
        assert [(a["award"], a["year"], a["unit"], a["via_predecessor"]) for a in lines] == [
            ("merit_minister", 2025, new.pk, False),
            ("flag_ministry", 2017, old.pk, True),
        ]
        assert set(lines[1]["decision"]) == {"id", "number", "date"} and lines[1]["decision"]["number"] == "12/QĐ-BNG"
        assert lines[1]["decision"]["date"] == "2018-01-15"

    def test_unknown_unit_is_404(self, world, api_for):
        assert api_for(world.member_officer).get("/api/v1/units/999999/awards/").status_code == 404


class TestEligibility:
    def test_shape(self, world, api_for):
        rate(world.member_unit, {2024: "excellent", 2025: "excellent"})
        response = api_for(world.outside_officer).get(f"/api/v1/units/{world.member_unit.pk}/eligibility/?award=merit_minister&year=2025")
        assert response.status_code == 200
        data = response.json()
        assert {"unit", "award", "year", "eligible", "checks"} <= set(data)
        assert data["unit"] == world.member_unit.pk and data["award"] == "merit_minister" and data["year"] == 2025
        assert data["eligible"] is False  # no merit poll proposed it
        for c in data["checks"]:
            assert set(c) == {"rule", "passed", "detail", "basis"} and c["detail"] and c["basis"]
        assert {c["rule"]: c["passed"] for c in data["checks"]}["ratings"] is True

    @pytest.mark.parametrize(
        "query", ["award=nope&year=2025", "award=flag_ministry", "award=flag_ministry&year=abc", "award=flag_ministry&year=99999", ""]
    )
    def test_bad_query_is_400(self, world, api_for, query):
        assert api_for(world.member_officer).get(f"/api/v1/units/{world.member_unit.pk}/eligibility/?{query}").status_code == 400

    def test_unknown_unit_is_404(self, world, api_for):
        assert api_for(world.member_officer).get("/api/v1/units/999999/eligibility/?award=flag_ministry&year=2025").status_code == 404


class TestProposals:
    def test_from_closed_nomination_polls_with_eligibility(self, world, api_for):
        proposal(world.cluster_year, world.member_unit, kind="flag", votes=3, percent="100.00")
        proposal(world.cluster_year, world.deputy_unit, kind="merit", votes=2, percent="66.67")
        proposal(world.cluster_year, world.leader_unit, kind="merit", state="open")
        response = api_for(world.member_officer).get(f"/api/v1/clusters/{world.cluster.pk}/years/2026/proposals/")
        assert response.status_code == 200
        rows = response.json()
        assert [(r["unit"], r["award"], r["votes"]) for r in rows] == [
            (world.member_unit.pk, "flag_ministry", 3),
            (world.deputy_unit.pk, "merit_minister", 2),
        ]
        assert set(rows[0]) == {"unit", "award", "poll", "votes", "percent", "eligibility"}
        assert rows[0]["percent"] == 100.0 and rows[0]["eligibility"]["award"] == "flag_ministry"
        assert {c["rule"]: c["passed"] for c in rows[0]["eligibility"]["checks"]}["cluster_vote"] is True

    def test_outsiders_get_404(self, world, api_for):
        url = f"/api/v1/clusters/{world.cluster.pk}/years/2026/proposals/"
        assert api_for(world.outside_officer).get(url).status_code == 404
        assert api_for(world.other_organizer_officer).get(url).status_code == 404
        assert api_for(world.organizer_officer).get(url).status_code == 200
        assert api_for(world.member_officer).get(f"/api/v1/clusters/{world.cluster.pk}/years/2019/proposals/").status_code == 404

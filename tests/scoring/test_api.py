"""The scoring part of API v1 (api-v1.md, "The year and scoring"): shapes, statuses and
messages; refusals save nothing. Who may call what is in tests/matrix/test_scoring_matrix.py."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.helpers import assert_400, assert_detail
from tests.factories import ClusterYearFactory, UnitFactory, add_member
from thidua.cycle.models import YearSettings
from thidua.org.models import Phase, Role
from thidua.scoring.models import CriteriaTable, Criterion, CriterionGroup, ScoreEntry, ScoreSheet
from thidua.scoring.table_io import load_sample, table_to_dict

from .helpers import FULL, SMALL_TABLE, entries, make_table, open_self_assessment, scored_year, set_phase, submit_self


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def year_url(w, year=2026) -> str:
    return f"/api/v1/clusters/{w.cluster.pk}/years/{year}/"


def self_url(w, unit) -> str:
    return year_url(w) + f"scoresheets/{unit.pk}/self/"


def by_url(w, unit, scorer) -> str:
    return year_url(w) + f"scoresheets/{unit.pk}/by/{scorer.pk}/"


def sample_body() -> dict:
    return {"groups": [
        {**g, "max_points": float(g["max_points"]),
         "criteria": [{**c, "max_points": float(c["max_points"])} for c in g["criteria"]]}
        for g in table_to_dict(load_sample())["groups"]
    ]}  # fmt: skip


# --- criteria -----------------------------------------------------------------------------------------
class TestCriteria:
    def test_put_the_sample_shape_then_get_it_back(self, world, api_for):
        api = api_for(world.leader_officer)
        response = api.put(year_url(world) + "criteria/", sample_body(), format="json")
        assert response.status_code == 200, response.content
        data = api_for(world.member_delegate).get(year_url(world) + "criteria/").json()
        assert data["frozen"] is False and data["version"] == 1
        assert [g["code"] for g in data["groups"]] == ["I", "II", "III", "IV", "V", "VI"]
        first = data["groups"][0]
        assert first["max_points"] == 60 and first["professional"] is True
        assert first["criteria"][0] == {
            "code": "I.1", "title": "Tham mưu ban hành và tổ chức thực hiện chương trình, kế hoạch đối ngoại của địa phương",
            "guidance": "", "kind": "points", "max_points": 10, "evidence": True,
        }  # fmt: skip

    def test_get_without_a_table(self, world, api_for):
        data = api_for(world.member_officer).get(year_url(world) + "criteria/").json()
        assert data == {"groups": [], "frozen": False, "frozen_at": None, "version": 0, "source": None}

    def test_a_broken_table_is_400_with_every_problem_and_nothing_saved(self, world, api_for):
        body = {"groups": [{"code": "I", "title": "Nhóm", "max_points": 10, "criteria": [
            {"code": "I.1", "title": "A", "kind": "points", "max_points": 11},
            {"code": "I.2", "title": "B", "kind": "điểm lạ", "max_points": 1},
        ]}]}  # fmt: skip
        data = assert_400(api_for(world.organizer_officer).put(year_url(world) + "criteria/", body, format="json"), "non_field_errors")
        assert len(data["non_field_errors"]) == 2
        assert not CriteriaTable.objects.exists()

    @pytest.mark.parametrize("body", [[], "bảng", {"groups": "x"}, {}])
    def test_not_a_table_is_400(self, world, api_for, body):
        response = api_for(world.organizer_officer).put(year_url(world) + "criteria/", body, format="json")
        assert response.status_code == 400 and not CriteriaTable.objects.exists()

    def test_409_once_frozen(self, world, api_for):
        make_table(world, frozen=True)
        detail = assert_detail(api_for(world.organizer_officer).put(year_url(world) + "criteria/", SMALL_TABLE, format="json"), 409)
        assert "đã được khóa" in detail
        assert api_for(world.member_officer).get(year_url(world) + "criteria/").json()["frozen"] is True

    def test_409_in_a_later_phase(self, world, api_for):
        set_phase(world.cluster_year, Phase.SELF_ASSESSMENT)
        detail = assert_detail(api_for(world.leader_officer).put(year_url(world) + "criteria/", SMALL_TABLE, format="json"), 409)
        assert "Tự chấm điểm" in detail
        assert not CriteriaTable.objects.exists()

    def test_messages_in_english_on_request(self, world, api_for):
        set_phase(world.cluster_year, Phase.SELF_ASSESSMENT)
        response = api_for(world.member_officer).put(year_url(world) + "criteria/", SMALL_TABLE, format="json", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 403


# --- self-assessment ---------------------------------------------------------------------------------
class TestSelfSheet:
    def test_put_get_submit(self, world, api_for):
        open_self_assessment(world)
        api = api_for(world.member_officer)
        body = {"entries": [{"criterion": "I.1", "points": 7.5, "note": "Kế hoạch 12/KH"}, {"criterion": "IV.1", "points": 1}]}
        response = api.put(self_url(world, world.member_unit), body, format="json")
        assert response.status_code == 200, response.content
        data = response.json()
        assert data["status"] == "draft" and data["kind"] == "self" and data["unit"] == data["scorer"] == world.member_unit.pk
        assert data["entries"] == [
            {"criterion": "I.1", "points": 7.5, "note": "Kế hoạch 12/KH"}, {"criterion": "IV.1", "points": 1.0, "note": ""},
        ]  # fmt: skip
        assert data["total"] == 6.5 and data["groups"] == {"I": 7.5, "II": 0.0, "III": 0.0, "IV": 1.0}
        # I.1 and I.2 require evidence and have none: warned when the client asks to be
        warned = api.post(self_url(world, world.member_unit) + "submit/", {"confirm_missing_evidence": False}, format="json")
        assert warned.status_code == 409 and "2 trong 2 tiêu chí bắt buộc minh chứng" in str(warned.json())
        submitted = api.post(self_url(world, world.member_unit) + "submit/")  # the contract's call
        assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
        assert submitted.json()["submitted_by"] == world.member_officer.username
        assert_detail(api.post(self_url(world, world.member_unit) + "submit/"), 409)
        assert_detail(api.put(self_url(world, world.member_unit), body, format="json"), 409)

    @pytest.mark.parametrize(
        ("entry", "words"),
        [
            ({"criterion": "I.1", "points": 10.5}, "từ 0 đến 10"),
            ({"criterion": "III.1", "points": -1}, "từ 0 đến 5"),
            ({"criterion": "I.1", "points": "7.555"}, "2 chữ số thập phân"),
            ({"criterion": "Z.9", "points": 1}, "Z.9"),
            ({"criterion": "I.1", "points": True}, "phải là một số"),
        ],
    )
    def test_bad_points_are_400_and_nothing_saved(self, world, api_for, entry, words):
        open_self_assessment(world)
        api = api_for(world.member_officer)
        api.put(self_url(world, world.member_unit), {"entries": [{"criterion": "I.2", "points": 3}]}, format="json")
        data = assert_400(api.put(self_url(world, world.member_unit), {"entries": [entry, *FULL]}, format="json"), "entries", exact=True)
        assert words in " ".join(data["entries"])
        assert list(ScoreEntry.objects.values_list("criterion__code", "points")) == [("I.2", Decimal(3))]

    def test_missing_entries_is_400(self, world, api_for):
        open_self_assessment(world)
        assert_400(api_for(world.member_officer).put(self_url(world, world.member_unit), {}, format="json"), "entries")
        assert_400(api_for(world.member_officer).put(self_url(world, world.member_unit), {"entries": "x"}, format="json"), "entries")

    def test_phase_409_before_self_assessment(self, world, api_for):
        make_table(world, frozen=True)
        detail = assert_detail(api_for(world.member_officer).put(self_url(world, world.member_unit), {"entries": FULL}, format="json"), 409)
        assert "Tự chấm điểm" in detail
        assert not ScoreSheet.objects.exists()

    def test_scorers_see_what_was_submitted_not_the_draft(self, world, api_for):
        open_self_assessment(world)
        api_for(world.member_officer).put(self_url(world, world.member_unit), {"entries": FULL}, format="json")
        seen = api_for(world.leader_officer).get(self_url(world, world.member_unit)).json()
        assert seen["status"] == "draft" and seen["entries"] == [] and seen["total"] is None
        submit_self(world, world.member_unit, entries(I_1=4))
        seen = api_for(world.leader_officer).get(self_url(world, world.member_unit)).json()
        assert seen["entries"] == [{"criterion": "I.1", "points": 4.0, "note": ""}] and seen["total"] == 4

    def test_unit_outside_the_year_is_404(self, world, api_for):
        open_self_assessment(world)
        assert_detail(api_for(world.organizer_officer).get(self_url(world, world.outside_unit)), 404)
        assert_detail(api_for(world.organizer_officer).get(year_url(world) + "scoresheets/99999999999/self/"), 404)


# --- cross-scoring ----------------------------------------------------------------------------------
class TestCrossSheet:
    def test_put_get_submit(self, world, api_for):
        open_self_assessment(world)
        set_phase(world.cluster_year, Phase.CROSS_SCORING)
        api = api_for(world.leader_officer)
        url = by_url(world, world.member_unit, world.leader_unit)
        response = api.put(url, {"entries": [{"criterion": "I.1", "points": "9.5"}]}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["kind"] == "cross" and response.json()["total"] == 9.5
        assert api.post(url + "submit/").json()["status"] == "submitted"
        assert api_for(world.organizer_officer).get(url).json()["entries"] == [{"criterion": "I.1", "points": 9.5, "note": ""}]
        assert api_for(world.deputy_officer).get(url).json()["total"] == 9.5  # the secretariat
        # the scored unit sees it only once the ranking is published
        assert_detail(api_for(world.member_head).get(url), 403)
        set_phase(world.cluster_year, Phase.RANKING)
        assert api_for(world.member_head).get(url).json()["total"] == 9.5

    def test_scoring_itself_is_403(self, world, api_for):
        open_self_assessment(world)
        set_phase(world.cluster_year, Phase.CROSS_SCORING)
        url = by_url(world, world.member_unit, world.member_unit)
        detail = assert_detail(api_for(world.member_officer).put(url, {"entries": FULL}, format="json"), 403)
        assert "không được tự chấm chéo" in detail
        assert_detail(api_for(world.member_officer).post(url + "submit/"), 403)
        assert not ScoreSheet.objects.filter(kind="cross").exists()

    def test_not_assigned_is_403(self, world, api_for):
        YearSettings.objects.filter(cluster_year=world.cluster_year).update(cross_scoring="panel")
        open_self_assessment(world)
        set_phase(world.cluster_year, Phase.CROSS_SCORING)
        url = by_url(world, world.leader_unit, world.member_unit)
        assert "không được phân công" in assert_detail(api_for(world.member_officer).put(url, {"entries": FULL}, format="json"), 403)
        assert_detail(api_for(world.organizer_officer).get(url), 403)
        assert not ScoreSheet.objects.filter(kind="cross").exists()

    def test_phase_409(self, world, api_for):
        open_self_assessment(world)
        url = by_url(world, world.leader_unit, world.member_unit)
        detail = assert_detail(api_for(world.member_officer).put(url, {"entries": FULL}, format="json"), 409)
        assert "Chấm chéo" in detail


# --- ranking -----------------------------------------------------------------------------------------
class TestRanking:
    def test_shape(self, world, api_for):
        totals = {world.leader_unit.pk: {world.deputy_unit.pk: 10, world.member_unit.pk: 6}}
        scored_year(world, totals)
        response = api_for(world.member_delegate).get(year_url(world) + "ranking/")
        assert response.status_code == 200
        rows = response.json()
        # tied units share a rank and are listed by name (Hà Tĩnh, Nghệ An)
        assert [(r["rank"], r["unit"]) for r in rows] == [(1, world.member_unit.pk), (1, world.deputy_unit.pk), (3, world.leader_unit.pk)]
        assert rows[2] == {
            "rank": 3, "unit": world.leader_unit.pk, "unit_name": world.leader_unit.name, "total": 22.0,
            "groups": {"I": 16.0, "II": 6.0, "III": 0.0, "IV": 0.0}, "self_total": 30.0, "scorers": 2, "expected_scorers": 2,
            "spread": 4.0, "tied": False,
        }  # fmt: skip
        assert rows[0]["tied"] and rows[1]["tied"]

    @pytest.mark.parametrize("phase", [Phase.IN_PROGRESS, Phase.SELF_ASSESSMENT, Phase.CROSS_SCORING])
    def test_409_before_the_ranking_phase(self, world, api_for, phase):
        set_phase(world.cluster_year, phase)
        assert "Xếp hạng" in assert_detail(api_for(world.organizer_officer).get(year_url(world) + "ranking/"), 409)

    def test_totals_are_rounded_for_display_only(self, world, api_for):
        totals = {world.member_unit.pk: {world.leader_unit.pk: "9.33", world.deputy_unit.pk: "9.34"}}
        scored_year(world, totals)
        row = next(r for r in api_for(world.admin).get(year_url(world) + "ranking/").json() if r["unit"] == world.member_unit.pk)
        assert row["total"] == 23.34  # (23.33 + 23.34) / 2 = 23.335, half up

    def test_query_count_is_the_same_for_3_and_12_units(self, world, api_for):
        def year_with(n: int, year: int) -> str:
            cy = ClusterYearFactory(cluster=world.cluster, year=year, phase=Phase.RANKING)
            members = [UnitFactory(managed_by=world.organizer) for _ in range(n)]
            for i, unit in enumerate(members):
                add_member(cy, unit, Role.LEADER if i == 0 else Role.MEMBER)
            table = CriteriaTable.objects.create(cluster_year=cy)
            group = CriterionGroup.objects.create(table=table, code="I", title="Nhóm", max_points=100)
            criteria = Criterion.objects.bulk_create(
                Criterion(table=table, group=group, code=f"I.{k}", title="T", max_points=10, order=k) for k in range(n)
            )
            for unit in members:
                for scorer in members:
                    kind = "self" if scorer == unit else "cross"
                    sheet = ScoreSheet.objects.create(cluster_year=cy, table=table, unit=unit, scorer=scorer, kind=kind,
                                                      status="submitted", submitted_at="2026-11-20T10:00:00+07:00")  # fmt: skip
                    points = [ScoreEntry(sheet=sheet, criterion=c, points=(scorer.pk + c.order) % 10) for c in criteria]
                    ScoreEntry.objects.bulk_create(points)
            return year_url(world, year) + "ranking/"

        api = api_for(world.organizer_officer)
        counts = []
        for url, n in ((year_with(3, 2030), 3), (year_with(12, 2031), 12)):
            with CaptureQueriesContext(connection) as ctx:
                response = api.get(url)
            assert response.status_code == 200 and len(response.json()) == n
            counts.append(len(ctx.captured_queries))
        assert counts[0] == counts[1], counts


def test_the_schema_documents_the_scoring_paths(tmp_path):
    import yaml
    from django.core.management import call_command

    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    paths = yaml.safe_load(target.read_text())["paths"]
    year = "/api/v1/clusters/{id}/years/{year}/"
    expected = {
        "criteria/": {"get", "put"}, "scoresheets/{unit_id}/self/": {"get", "put"}, "scoresheets/{unit_id}/self/submit/": {"post"},
        "scoresheets/{unit_id}/by/{scorer_unit_id}/": {"get", "put"}, "scoresheets/{unit_id}/by/{scorer_unit_id}/submit/": {"post"},
        "ranking/": {"get"},
    }  # fmt: skip
    for tail, methods in expected.items():
        assert methods <= set(paths[year + tail]), tail

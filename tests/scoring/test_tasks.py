"""The scoring phases' dashboard tasks come from what each unit has done (scoring/tasks.py,
registered with cycle's task registry): a unit that sent its self-assessment no longer
sees it; a scorer sees the cross sheets it was assigned and has not sent, none when done."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.cycle.models import YearSettings
from thidua.cycle.tasks import unit_tasks, year_tasks
from thidua.org.models import ClusterYear, Phase

from .helpers import FULL, open_self_assessment, set_phase, submit_cross, submit_self

pytestmark = pytest.mark.django_db


def tasks(user) -> list[tuple[str, str]]:
    """The scoring tasks (the leader's conference plan, cycle's, left aside)."""
    return [(t.key, t.title) for t in unit_tasks(user) if t.key != "issue_plan"]


def cross_scoring(world) -> ClusterYear:
    open_self_assessment(world)
    for unit in (world.leader_unit, world.deputy_unit, world.member_unit):
        submit_self(world, unit, FULL)
    return set_phase(world.cluster_year, Phase.CROSS_SCORING)


class TestSelfAssessment:
    def test_the_unit_must_send_its_self_assessment_until_it_did(self, world):
        open_self_assessment(world)
        ClusterYear.objects.filter(pk=world.cluster_year.pk).update(deadlines={"self_assessment": "2026-10-15"})
        (task,) = unit_tasks(world.member_officer)
        assert task.key == "self_assess" and task.text == "Gửi bảng tự chấm điểm năm 2026 trước 15/10/2026"
        assert task.due == dt.date(2026, 10, 15)
        assert task.url == f"/cum/{world.cluster.pk}/nam/2026/tu-cham/{world.member_unit.pk}/"
        submit_self(world, world.member_unit, FULL)
        assert tasks(world.member_officer) == []
        assert [k for k, _t in tasks(world.leader_officer)] == ["self_assess"]  # the others still must

    def test_a_draft_is_not_done(self, world):
        from thidua.scoring import services

        open_self_assessment(world)
        services.self_sheet_save(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit, entries=FULL)
        assert [k for k, _t in tasks(world.member_officer)] == ["self_assess"]

    def test_no_scoring_task_before_self_assessment_opens(self, world):
        set_phase(world.cluster_year, Phase.IN_PROGRESS)
        assert [k for k, _t in tasks(world.member_officer)] == ["register"]


class TestCrossScoring:
    def test_each_scorer_sees_what_it_was_assigned_and_has_not_sent(self, world):
        cross_scoring(world)
        assert tasks(world.member_officer) == [("cross_score", "Chấm chéo 2 đơn vị năm 2026")]
        submit_cross(world, world.leader_unit, world.member_unit, FULL)
        (task,) = unit_tasks(world.member_officer)
        assert task.title == f"Chấm chéo {world.deputy_unit.name} năm 2026"
        assert task.url == f"/cum/{world.cluster.pk}/nam/2026/cham-cheo/{world.deputy_unit.pk}/"
        submit_cross(world, world.deputy_unit, world.member_unit, FULL)
        assert tasks(world.member_officer) == []
        assert tasks(world.leader_officer) == [("cross_score", "Chấm chéo 2 đơn vị năm 2026")]

    def test_a_unit_not_on_the_panel_scores_nobody(self, world):
        cross_scoring(world)
        YearSettings.objects.update_or_create(cluster_year=world.cluster_year, defaults={"cross_scoring": "panel"})
        assert tasks(world.member_officer) == []
        assert [k for k, _t in tasks(world.deputy_officer)] == ["cross_score"]

    def test_a_year_costs_the_same_queries_whatever_its_size(self, world, django_assert_max_num_queries):
        cross_scoring(world)
        with django_assert_max_num_queries(11):  # 10, and the reports provider's look for the year's report
            found = year_tasks(world.cluster_year)
        assert sorted(len(t) for t in found.values()) == [1, 1, 2]  # the leader's plan too

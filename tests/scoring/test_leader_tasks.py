"""The leader unit's own tasks, found missing when the year was tried as the leader
(issue 9): the criteria table before self-assessment can open, the assignments in matrix
mode before cross-scoring, the plan for the conference. Each disappears once done."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.cycle import services as cycle
from thidua.cycle.models import YearSettings
from thidua.cycle.tasks import unit_tasks
from thidua.org.models import Phase
from thidua.scoring import services

from .helpers import make_table, set_phase

pytestmark = pytest.mark.django_db


def keys(user) -> list[str]:
    return [t.key for t in unit_tasks(user)]


def test_the_leader_draws_up_the_criteria_table_while_the_year_is_in_progress(world):
    set_phase(world.cluster_year, Phase.IN_PROGRESS)
    assert "criteria_table" in keys(world.leader_officer) and "criteria_table" in keys(world.leader_head)
    assert "criteria_table" not in keys(world.member_officer)
    (task,) = [t for t in unit_tasks(world.leader_officer) if t.key == "criteria_table"]
    assert task.title == "Lập bảng tiêu chí chấm điểm năm 2026" and task.url == f"/cum/{world.cluster.pk}/nam/2026/tieu-chi/"
    make_table(world)
    assert "criteria_table" not in keys(world.leader_officer)


def test_matrix_mode_asks_the_leader_for_the_assignments(world):
    set_phase(world.cluster_year, Phase.IN_PROGRESS)
    make_table(world)
    assert "assignments" not in keys(world.leader_officer)  # everyone scores everyone: nothing to assign
    YearSettings.objects.filter(cluster_year=world.cluster_year).update(cross_scoring="matrix")
    assert "assignments" in keys(world.leader_officer) and "assignments" not in keys(world.member_officer)
    services.scoring_assignments_set(actor=world.leader_officer, cluster_year=world.cluster_year,
                                     pairs=[(world.member_unit.pk, world.leader_unit.pk)])  # fmt: skip
    assert "assignments" not in keys(world.leader_officer)


def test_the_leader_issues_the_plan_for_the_conference(world):
    set_phase(world.cluster_year, Phase.IN_PROGRESS)
    assert "issue_plan" in keys(world.leader_head) and "issue_plan" not in keys(world.deputy_officer)
    (task,) = [t for t in unit_tasks(world.leader_head) if t.key == "issue_plan"]
    assert task.title == "Ban hành kế hoạch tổ chức hội nghị tổng kết năm 2026"
    assert task.url == f"/cum/{world.cluster.pk}/nam/2026/ke-hoach/"
    cycle.conference_plan_issue(actor=world.leader_head, cluster_year=world.cluster_year, date=dt.date(2026, 11, 23))
    assert "issue_plan" not in keys(world.leader_head)

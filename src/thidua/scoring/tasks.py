"""What the scoring phases ask of each member unit, from what it has done: its
self-assessment to send while self-assessment is open, the cross-scoring sheets it was
assigned and has not sent while cross-scoring is open. Registered with thidua.cycle.tasks
in ScoringConfig.ready; the dashboard and the deadline reminders read them from there."""

from __future__ import annotations

from django.utils.translation import gettext as _

from thidua.cycle import phases
from thidua.cycle.tasks import OFFICER, Task, deadline_of
from thidua.org.models import ClusterYear

from . import selectors
from .models import ScoreSheet
from .presenters import year_url


def _task(cluster_year: ClusterYear, unit_id: int, key: str, title: str, url: str) -> Task:
    return Task(
        key=key, title=title, due=deadline_of(cluster_year, cluster_year.phase), url=url, cluster_year_id=cluster_year.pk,
        cluster_name=cluster_year.cluster.name, year=cluster_year.year, unit_id=unit_id, cluster_id=cluster_year.cluster_id,
        audience=(OFFICER,), phase=cluster_year.phase,
    )  # fmt: skip


def _submitted(cluster_year: ClusterYear, unit_ids: list[int], kinds) -> set[tuple[int, int]]:
    """{(scorer, unit)} of the sheets sent by these units."""
    sheets = ScoreSheet.objects.filter(
        cluster_year=cluster_year, scorer_id__in=unit_ids, kind__in=kinds, status=ScoreSheet.Status.SUBMITTED
    )
    return set(sheets.values_list("scorer_id", "unit_id"))


def scoring_tasks(cluster_year: ClusterYear, unit_ids: list[int]) -> dict[int, list[Task]]:
    """{unit_id: [tasks]} in a fixed number of queries whatever the number of units."""
    year = cluster_year.year
    found: dict[int, list[Task]] = {}
    if phases.phase_allows(cluster_year, "self_assess"):
        sent = _submitted(cluster_year, unit_ids, [ScoreSheet.Kind.SELF])
        for unit_id in unit_ids:
            if (unit_id, unit_id) not in sent:
                title = _("Gửi bảng tự chấm điểm năm {year}").format(year=year)
                url = year_url("scoring_self", cluster_year, unit_id)
                found.setdefault(unit_id, []).append(_task(cluster_year, unit_id, "self_assess", title, url))
    elif phases.phase_allows(cluster_year, "cross_score"):
        assigned = selectors.assignment_map(cluster_year)
        sent = _submitted(cluster_year, unit_ids, [ScoreSheet.Kind.CROSS, ScoreSheet.Kind.PANEL])
        names = {m.unit_id: m.unit.name for m in selectors.year_members(cluster_year)}
        for scorer_id in unit_ids:
            todo = [u for u, scorers in assigned.items() if scorer_id in scorers and (scorer_id, u) not in sent]
            if len(todo) == 1:
                title = _("Chấm chéo {unit} năm {year}").format(unit=names.get(todo[0], "—"), year=year)
                url = year_url("scoring_cross", cluster_year, todo[0])
            elif todo:
                title = _("Chấm chéo {n} đơn vị năm {year}").format(n=len(todo), year=year)
                url = year_url("scoring_cross_home", cluster_year)
            else:
                continue
            found.setdefault(scorer_id, []).append(_task(cluster_year, scorer_id, "cross_score", title, url))
    return found

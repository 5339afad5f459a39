"""What the scoring phases ask of each member unit, from what it has done: its
self-assessment to send while self-assessment is open; the cross-scoring sheets it was
assigned and has not sent, and the explanations (giải trình) asked of it and not yet given,
while cross-scoring is open; for the leader unit, the criteria table and (matrix mode) the
scoring assignments the next phases need. Registered with thidua.cycle.tasks in
ScoringConfig.ready; the dashboard and the deadline reminders read them from there."""

from __future__ import annotations

from django.utils.translation import gettext as _

from thidua.cycle import phases
from thidua.cycle.tasks import HEAD, OFFICER, Task, deadline_of
from thidua.org.models import ClusterYear, Phase, Role

from . import selectors
from .models import CriteriaTable, ScoreQuery, ScoreSheet, ScoringAssignment
from .presenters import year_url


def _task(cluster_year: ClusterYear, unit_id: int, key: str, title: str, url: str, audience=(OFFICER,)) -> Task:
    return Task(
        key=key, title=title, due=deadline_of(cluster_year, cluster_year.phase), url=url, cluster_year_id=cluster_year.pk,
        cluster_name=cluster_year.cluster.name, year=cluster_year.year, unit_id=unit_id, cluster_id=cluster_year.cluster_id,
        audience=audience, phase=cluster_year.phase,
    )  # fmt: skip


def _submitted(cluster_year: ClusterYear, unit_ids: list[int], kinds) -> set[tuple[int, int]]:
    """{(scorer, unit)} of the sheets sent by these units."""
    sheets = ScoreSheet.objects.filter(
        cluster_year=cluster_year, scorer_id__in=unit_ids, kind__in=kinds, status=ScoreSheet.Status.SUBMITTED
    )
    return set(sheets.values_list("scorer_id", "unit_id"))


def _pending_queries(cluster_year: ClusterYear, unit_ids: list[int]) -> list[tuple[int, int, str, str]]:
    """(query id, unit id, criterion code, asking unit's name) of the explanations asked of
    these units about their self-assessment and not given yet (a scorer's follow-up asks
    again; a unit's reply awaits the scorer, which is not the unit's task)."""
    return list(
        ScoreQuery.objects.filter(
            sheet__cluster_year=cluster_year, sheet__unit_id__in=unit_ids, sheet__kind=ScoreSheet.Kind.SELF, answered=False
        )
        .order_by("created_at", "pk")
        .values_list("pk", "sheet__unit_id", "criterion__code", "scorer__name")
    )


def _leader_tasks(cluster_year: ClusterYear, unit_ids: list[int], found: dict[int, list[Task]]) -> None:
    """The leader unit prepares what the scoring phases need: the criteria table before
    self-assessment opens (the phase change refuses without one), the assignments before
    cross-scoring opens in matrix mode."""
    phase = cluster_year.phase
    if phase not in (Phase.IN_PROGRESS, Phase.SELF_ASSESSMENT):
        return
    roles = selectors.year_roles(cluster_year)
    leaders = [u for u in unit_ids if roles.get(u) == Role.LEADER]
    if not leaders:
        return
    year = cluster_year.year
    if phase == Phase.IN_PROGRESS and not CriteriaTable.objects.filter(cluster_year=cluster_year).exists():
        title = _("Lập bảng tiêu chí chấm điểm năm {year}").format(year=year)
        for unit_id in leaders:
            found.setdefault(unit_id, []).append(
                _task(cluster_year, unit_id, "criteria_table", title, year_url("scoring_criteria", cluster_year), (OFFICER, HEAD))
            )
    rules = selectors.year_rules(cluster_year)
    if rules.cross_scoring == "matrix" and not ScoringAssignment.objects.filter(cluster_year=cluster_year).exists():
        title = _("Phân công chấm chéo năm {year}").format(year=year)
        for unit_id in leaders:
            found.setdefault(unit_id, []).append(
                _task(cluster_year, unit_id, "assignments", title, year_url("scoring_assignments", cluster_year), (OFFICER, HEAD))
            )


def scoring_tasks(cluster_year: ClusterYear, unit_ids: list[int]) -> dict[int, list[Task]]:
    """{unit_id: [tasks]} in a fixed number of queries whatever the number of units."""
    year = cluster_year.year
    found: dict[int, list[Task]] = {}
    _leader_tasks(cluster_year, unit_ids, found)
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
    if phases.phase_allows(cluster_year, "query_score"):
        for query_id, unit_id, code, scorer in _pending_queries(cluster_year, unit_ids):
            title = _("Giải trình tiêu chí {code} theo đề nghị của {scorer}").format(code=code, scorer=scorer)
            # straight to the thread on the self-assessment page, not to the page's top
            url = f"{year_url('scoring_self', cluster_year, unit_id)}#q-{query_id}"
            found.setdefault(unit_id, []).append(_task(cluster_year, unit_id, f"answer_query:{query_id}", title, url))
    return found

"""Who may do what with the scoring table and the score sheets. The permissions of an
action bound to a phase answer "may this person do this now", the phase included
(cycle.phases.add_perm_now: editing the table, a self or cross sheet, the assignments);
services ask the role (403) and then the phase (409) apart.

- the table: read by the year's members and the organizer; written by the leader unit
  (officer or head) or the organizer (api-v1.md);
- a self-assessment: written and submitted by an officer of the unit; read by the unit's
  staff, the secretariat, the organizer and the units that score it (these see what was
  submitted);
- a cross-scoring sheet: written and submitted by an officer of the scorer unit when it is
  assigned that unit, never itself; read also by the secretariat and the organizer, and by
  the scored unit once the ranking is published;
- a self-assessment as it is now (the draft and every evidence file, not only what was
  submitted): the unit's own staff, the secretariat and the organizer;
- reopening a submitted sheet: the secretariat or the organizer, with a reason;
- the ranking: the year's members and the organizer.

The object of a sheet permission is a SheetRef(cluster_year, unit, scorer). The members'
roles and the assignments are read once per request (scoring.selectors, core.memo), however
many rules a page asks."""

from __future__ import annotations

from dataclasses import dataclass

import rules

from thidua.core.permissions import can  # noqa: F401 - re-exported: the app's modules ask `rules.can`
from thidua.cycle import phases
from thidua.org.models import ClusterYear, Role, Unit
from thidua.org.rules import is_unit_staff, manages, unit_year_role

SECRETARIAT_ROLES = (Role.LEADER, Role.DEPUTY1, Role.DEPUTY2)


@dataclass(frozen=True)
class SheetRef:
    """A sheet by its place: `unit` scored by `scorer` (None: its self-assessment)."""

    cluster_year: ClusterYear
    unit: Unit
    scorer: Unit | None = None


def _year(obj) -> ClusterYear | None:
    return obj.cluster_year if isinstance(obj, SheetRef) else obj


def _acts(user) -> bool:
    """Officers and heads act for their unit; delegates only vote."""
    return bool(is_unit_staff(user) and (user.is_unit_officer or user.is_unit_head))


def _role_of(user, cluster_year) -> str | None:
    """The role of the user's unit in the year (None: not a member)."""
    if cluster_year is None or not is_unit_staff(user):
        return None
    return unit_year_role(cluster_year, user.unit_id)


@rules.predicate
def manages_year(user, obj) -> bool:
    cluster_year = _year(obj)
    return cluster_year is not None and manages(user, cluster_year)


@rules.predicate
def year_member(user, obj) -> bool:
    """Any staff (officer, head, delegate) of a member unit of the year."""
    return _role_of(user, _year(obj)) is not None


@rules.predicate
def secretariat(user, obj) -> bool:
    """An officer or the head of the year's leader or deputy unit."""
    return _acts(user) and _role_of(user, _year(obj)) in SECRETARIAT_ROLES


@rules.predicate
def year_leader(user, obj) -> bool:
    return _acts(user) and _role_of(user, _year(obj)) == Role.LEADER


@rules.predicate
def staff_of_unit(user, ref: SheetRef) -> bool:
    return bool(is_unit_staff(user) and user.unit_id == ref.unit.pk)


@rules.predicate
def officer_of_unit(user, ref: SheetRef) -> bool:
    return bool(staff_of_unit(user, ref) and user.is_unit_officer)


@rules.predicate
def scorer_of_unit(user, ref: SheetRef) -> bool:
    """An officer or the head of a unit assigned to score `ref.unit`."""
    from .selectors import is_assigned

    return _acts(user) and is_assigned(ref.cluster_year, ref.unit.pk, user.unit_id)


@rules.predicate
def acts_for_scorer(user, ref: SheetRef) -> bool:
    """An officer or the head of `ref.scorer`, which is assigned `ref.unit`."""
    from .selectors import is_assigned

    if ref.scorer is None or not _acts(user) or user.unit_id != ref.scorer.pk:
        return False
    return is_assigned(ref.cluster_year, ref.unit.pk, ref.scorer.pk)


@rules.predicate
def officer_of_scorer(user, ref: SheetRef) -> bool:
    return bool(acts_for_scorer(user, ref) and user.is_unit_officer)


ranking_published = phases.phase_open("view_ranking")


rules.add_perm("scoring.view_criteria", manages_year | year_member)
phases.add_perm_now("scoring.edit_criteria", manages_year | year_leader, "edit_criteria")
rules.add_perm("scoring.view_self_sheet", manages_year | secretariat | staff_of_unit | scorer_of_unit)
phases.add_perm_now("scoring.edit_self_sheet", officer_of_unit, "self_assess")
rules.add_perm("scoring.view_cross_sheet", manages_year | secretariat | acts_for_scorer | (staff_of_unit & ranking_published))
phases.add_perm_now("scoring.edit_cross_sheet", officer_of_scorer, "cross_score")
rules.add_perm("scoring.view_self_drafts", manages_year | secretariat | staff_of_unit)
rules.add_perm("scoring.reopen_sheet", manages_year | secretariat)
rules.add_perm("scoring.view_progress", manages_year | year_member)
phases.add_perm_now("scoring.manage_assignments", manages_year | year_leader, "assign_cross_scoring")
phases.add_perm_now("scoring.ask_query", officer_of_scorer, "query_score")
phases.add_perm_now("scoring.answer_query", officer_of_unit, "query_score")
rules.add_perm("scoring.view_ranking", manages_year | year_member)

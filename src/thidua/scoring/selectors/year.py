"""The reads a scoring year is made of: its rules (cycle.YearSettings), its criteria table as
the arithmetic's specs, its members and roles, and who scores whom. The rules, the members
and the assignments are read once per request (core.memo), however many rules, selectors and
views of one page ask."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Prefetch

from thidua.core.memo import memoized, memoized_many, peek
from thidua.org.models import ClusterYear, Membership, Role, Unit
from thidua.org.rules import YEAR_MEMBERS
from thidua.org.selectors import in_role_order, role_order_key

from .. import arithmetic
from ..arithmetic import CriterionSpec, GroupSpec, TableSpec
from ..models import CriteriaTable, Criterion, CriterionGroup, ScoreSheet, ScoringAssignment

PANEL_ROLES = (Role.LEADER, Role.DEPUTY1, Role.DEPUTY2)


# --- the year's rules ----------------------------------------------------------------------
@dataclass(frozen=True)
class YearRules:
    """What scoring needs from the cycle's YearSettings (domain rules §3 defaults)."""

    cross_scoring: str = "all"  # all | panel | matrix
    aggregation: str = arithmetic.MEAN  # mean | trimmed_mean | median | panel_adjusted
    tie_break: tuple[str, ...] = arithmetic.DEFAULT_TIE_BREAK

    @property
    def panel_adjusted(self) -> bool:
        return self.aggregation == arithmetic.PANEL_ADJUSTED

    @property
    def ranking_tie_break(self) -> tuple[str, ...]:
        """The tie-break keys the arithmetic can apply; the others (higher awards, a
        run-off vote, the chair) are for the conference, so a tie that reaches them is
        shown as a tie."""
        keys: list[str] = []
        for key in self.tie_break:
            if key in arithmetic.TIE_BREAK_KEYS and key != "total":
                keys.append(key)
            elif key != "total":
                break  # a later rule cannot apply before a conference rule
        return tuple(keys)


def _rules_from(settings_row) -> YearRules:
    if settings_row is None:
        return YearRules()
    tie_break = settings_row.tie_break if isinstance(settings_row.tie_break, list) else list(arithmetic.DEFAULT_TIE_BREAK)
    return YearRules(
        cross_scoring=settings_row.cross_scoring or "all",
        aggregation=settings_row.aggregation or arithmetic.MEAN,
        tie_break=tuple(str(k) for k in tie_break),
    )


def _settings_model():
    try:
        from thidua.cycle.models import YearSettings
    except ImportError:  # the cycle app without its settings: the defaults of rules.md §3
        return None
    return YearSettings


def year_rules(cluster_year: ClusterYear) -> YearRules:
    """The year's cross-scoring mode, aggregation and tie-break (cycle.YearSettings;
    the defaults when the year has none yet). Read once per request (core.memo): the
    rules, the selectors and the view of one page all ask."""
    return years_rules([cluster_year.pk])[cluster_year.pk]


def years_rules(cluster_year_ids: Iterable[int]) -> dict[int, YearRules]:
    """{year id: its rules}, in one query for the years not read yet in this request."""

    def load(keys):
        ids = [pk for _name, pk in keys]
        model = _settings_model()
        rows = {s.cluster_year_id: s for s in model.objects.filter(cluster_year_id__in=ids)} if model is not None else {}
        return {("scoring.year_rules", pk): _rules_from(rows.get(pk)) for pk in ids}

    ids = list(cluster_year_ids)
    found = memoized_many([("scoring.year_rules", pk) for pk in ids], load)
    return {pk: found["scoring.year_rules", pk] for pk in ids}


# --- the table -------------------------------------------------------------------------------
def _table_queryset():
    return CriteriaTable.objects.select_related("cluster_year__cluster", "copied_from__cluster_year").prefetch_related(
        Prefetch("groups", queryset=CriterionGroup.objects.order_by("order", "pk")),
        Prefetch("criteria", queryset=Criterion.objects.order_by("group__order", "order", "pk")),
    )


def table_for(cluster_year: ClusterYear) -> CriteriaTable | None:
    """The year's table with its groups and criteria (3 queries), or None."""
    return _table_queryset().filter(cluster_year=cluster_year).first()


def tables_for(cluster_year_ids: Iterable[int]) -> dict[int, CriteriaTable]:
    return {t.cluster_year_id: t for t in _table_queryset().filter(cluster_year_id__in=list(cluster_year_ids))}


def previous_table(cluster_year: ClusterYear) -> CriteriaTable | None:
    """The table of the cluster's latest earlier year that has one."""
    return (
        _table_queryset()
        .filter(cluster_year__cluster_id=cluster_year.cluster_id, cluster_year__year__lt=cluster_year.year)
        .order_by("-cluster_year__year")
        .first()
    )


def grouped_criteria(table: CriteriaTable) -> list[tuple[CriterionGroup, list[Criterion]]]:
    """[(group, [its criteria])] in order, from the prefetched rows."""
    by_group: dict[int, list[Criterion]] = defaultdict(list)
    for criterion in table.criteria.all():
        by_group[criterion.group_id].append(criterion)
    return [(group, by_group[group.pk]) for group in table.groups.all()]


def table_spec(table: CriteriaTable) -> TableSpec:
    """The arithmetic's view of a stored table."""
    return TableSpec(
        groups=tuple(
            GroupSpec(
                code=g.code, title=g.title, max_points=g.max_points, professional=g.professional,
                criteria=tuple(CriterionSpec(c.code, c.title, c.kind, c.max_points, c.evidence) for c in criteria),
            )
            for g, criteria in grouped_criteria(table)
        )
    )  # fmt: skip


def table_as_dict(table: CriteriaTable | None) -> dict:
    """The API's shape (api-v1.md: criteria), with the guidance and the table's state."""
    if table is None:
        return {"groups": [], "frozen": False, "frozen_at": None, "version": 0, "source": None}
    return {
        "groups": [
            {
                "code": g.code, "title": g.title, "max_points": g.max_points, "professional": g.professional,
                "criteria": [
                    {"code": c.code, "title": c.title, "guidance": c.guidance, "kind": c.kind, "max_points": c.max_points,
                     "evidence": c.evidence}
                    for c in criteria
                ],
            }
            for g, criteria in grouped_criteria(table)
        ],
        "frozen": table.is_frozen, "frozen_at": table.frozen_at, "version": table.version, "source": table.source,
    }  # fmt: skip


# --- members and who scores whom ---------------------------------------------------------------
def years_members(cluster_year_ids: Iterable[int]) -> dict[int, tuple[Membership, ...]]:
    """{year id: its memberships with their units, leader, deputies, then members by name},
    in one query for the years not read yet in this request."""

    def load(keys):
        ids = [pk for _name, pk in keys]
        rows: dict[int, list[Membership]] = defaultdict(list)
        for m in Membership.objects.filter(cluster_year_id__in=ids).select_related("unit").order_by():
            rows[m.cluster_year_id].append(m)
        return {
            (YEAR_MEMBERS, pk): tuple(in_role_order(rows[pk]))
            for pk in ids
        }

    ids = list(cluster_year_ids)
    found = memoized_many([(YEAR_MEMBERS, pk) for pk in ids], load)
    return {pk: found[YEAR_MEMBERS, pk] for pk in ids}


class MemberRole(NamedTuple):
    unit_id: int
    role: str


def years_member_roles(cluster_year_ids: Iterable[int]) -> dict[int, tuple[MemberRole, ...]]:
    """{year id: its members' (unit id, role), in years_members' order}, without the units:
    what a ranking's numbers are computed and cached from (ranking._numbers_for). The
    memberships already read in this request are used as they are."""
    ids = list(cluster_year_ids)
    read = {pk: peek((YEAR_MEMBERS, pk)) for pk in ids}
    missing = [pk for pk, members in read.items() if members is None]
    rows: dict[int, list[tuple[str, int, str]]] = defaultdict(list)
    for cy_id, unit_id, role, name in (
        Membership.objects.filter(cluster_year_id__in=missing).order_by().values_list("cluster_year_id", "unit_id", "role", "unit__name")
        if missing else []
    ):
        rows[cy_id].append((name, unit_id, role))
    found = {pk: tuple(MemberRole(m.unit_id, m.role) for m in members) for pk, members in read.items() if members is not None}
    for pk in missing:  # in_role_order's order
        ranked = sorted(rows[pk], key=lambda r: role_order_key(r[2], r[0], r[1]))
        found[pk] = tuple(MemberRole(unit_id, role) for _name, unit_id, role in ranked)
    return found


def _year_members(cluster_year: ClusterYear) -> tuple[Membership, ...]:
    return years_members([cluster_year.pk])[cluster_year.pk]


def year_members(cluster_year: ClusterYear) -> list[Membership]:
    """The year's memberships with their units: leader, deputies, then members by name.
    One query per request (core.memo): the roles, the member units of the URL and the
    assignments of a page are all answered from it."""
    return list(_year_members(cluster_year))


def year_roles(cluster_year: ClusterYear) -> dict[int, str]:
    """{unit id: role} of the year's members."""
    return {m.unit_id: m.role for m in _year_members(cluster_year)}


def member_unit(cluster_year: ClusterYear, unit_id) -> Unit | None:
    """A unit of the year, or None (an unknown unit or one outside the year)."""
    try:
        unit_id = int(unit_id)
    except (TypeError, ValueError):
        return None
    if not 0 < unit_id < 2**63:
        return None
    return next((m.unit for m in _year_members(cluster_year) if m.unit_id == unit_id), None)


def _panel_chair(roles: dict[int, str], unit_id: int) -> int | None:
    """Who adjusts a unit's self-score in panel_adjusted mode: the leader unit, or for the
    leader's own sheet the first deputy (else the second): never the unit itself."""
    by_role = {role: uid for uid, role in roles.items()}
    for role in PANEL_ROLES:
        chair = by_role.get(role)
        if chair is not None and chair != unit_id:
            return chair
    return None


def assignment_map(
    cluster_year: ClusterYear, *, rules: YearRules | None = None, roles: dict[int, str] | None = None, pairs=None
) -> dict[int, list[int]]:
    """{scored unit id: [scorer unit ids]} for the year's mode; never a unit itself.

    - all: every member scores every other member;
    - panel: the leader and the deputies score every unit but themselves;
    - matrix: the explicit ScoringAssignment pairs between members;
    - panel_adjusted aggregation (whatever the mode): one adjusted sheet per unit, by the
      panel's chair (see _panel_chair)."""
    if rules is None and roles is None and pairs is None:  # the year as stored: once per request
        return memoized(
            ("scoring.assignment_map", cluster_year.pk),
            lambda: assignment_map(cluster_year, rules=year_rules(cluster_year), roles=year_roles(cluster_year)),
        )
    rules = rules or year_rules(cluster_year)
    if roles is None:
        roles = year_roles(cluster_year)
    units = sorted(roles)
    if rules.panel_adjusted:
        return {u: [c] if (c := _panel_chair(roles, u)) is not None else [] for u in units}
    if rules.cross_scoring == "panel":
        panel = [u for u in units if roles[u] in PANEL_ROLES]
        return {u: [s for s in panel if s != u] for u in units}
    if rules.cross_scoring == "matrix":
        if pairs is None:
            pairs = ScoringAssignment.objects.filter(cluster_year=cluster_year).order_by().values_list("unit_id", "scorer_id")
        result: dict[int, list[int]] = {u: [] for u in units}
        for unit_id, scorer_id in pairs:
            if unit_id in result and scorer_id in roles and scorer_id != unit_id:
                result[unit_id].append(scorer_id)
        return {u: sorted(s) for u, s in result.items()}
    return {u: [s for s in units if s != u] for u in units}


def scorers_of(cluster_year: ClusterYear, unit_id: int) -> list[int]:
    return assignment_map(cluster_year).get(unit_id, [])


def units_scored_by(cluster_year: ClusterYear, scorer_id: int) -> list[int]:
    return [u for u, scorers in assignment_map(cluster_year).items() if scorer_id in scorers]


def is_assigned(cluster_year: ClusterYear, unit_id: int, scorer_id: int) -> bool:
    return unit_id != scorer_id and scorer_id in scorers_of(cluster_year, unit_id)


def cross_kind(rules: YearRules) -> str:
    return ScoreSheet.Kind.PANEL if rules.panel_adjusted else ScoreSheet.Kind.CROSS

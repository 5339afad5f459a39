"""The ranking (api-v1.md, "Scoring arithmetic") of one or several years, cached under a
fingerprint of everything it depends on, and a unit's totals over the years."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Max, Q

from thidua.core.permissions import can
from thidua.cycle.phases import allowed_phases, phase_allows
from thidua.org.models import ClusterYear, Role, Unit
from thidua.org.selectors import membership_history

from .. import arithmetic
from ..arithmetic import CriterionSpec, GroupSpec, TableSpec
from ..models import CriteriaTable, ScoreEntry, ScoreSheet, ScoringAssignment
from .year import (
    YearRules,
    assignment_map,
    cross_kind,
    table_spec,
    tables_for,
    years_member_roles,
    years_members,
    years_rules,
)


# --- the ranking ------------------------------------------------------------------------------------
@dataclass
class RankingLine:
    unit: Unit
    role: str
    rank: int | None  # None: no submitted sheet yet, not ranked
    total: Decimal | None
    groups: dict[str, Decimal]
    self_total: Decimal | None
    scorers: int
    expected_scorers: int
    spread: Decimal
    tied: bool
    scorer_totals: list[tuple[int, Decimal]]  # (scorer unit id, its sheet's total)

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    @property
    def self_difference(self) -> Decimal | None:
        if self.total is None or self.self_total is None:
            return None
        return self.total - self.self_total


@dataclass
class Ranking:
    cluster_year: ClusterYear
    table: CriteriaTable | None
    spec: TableSpec | None
    rules: YearRules
    lines: list[RankingLine]

    @property
    def ranked(self) -> list[RankingLine]:
        return [line for line in self.lines if line.rank is not None]

    @property
    def max_points(self) -> Decimal:
        """The most a unit can reach (base + bonus), for charts."""
        return max_points_of(self.spec)

    @property
    def has_ties(self) -> bool:
        return any(line.tied for line in self.lines)


def max_points_of(spec: TableSpec | None) -> Decimal:
    if spec is None:
        return Decimal(100)
    return (spec.base_max_points + spec.bonus_max_points) or Decimal(100)


RANKING_CACHE_SECONDS = 24 * 3600


def _fingerprint(cy, table, rules: YearRules, members, pairs, sheets_state) -> str:
    """Everything a year's ranking depends on, in a cache key: the table's version, the
    rules, the members and their roles, the matrix pairs, and the number and last change
    of its sheets (every write of a sheet or of its entries touches its updated_at)."""
    state = (
        table.pk if table else None, table.version if table else None, str(table.updated_at) if table else None,
        rules, tuple((m.unit_id, m.role) for m in members), tuple(sorted(pairs)), sheets_state,
    )  # fmt: skip
    digest = hashlib.sha256(repr(state).encode()).hexdigest()[:32]
    return f"thidua:scoring:ranking:{cy.pk}:{digest}"


def rankings_for(cluster_years: Iterable[ClusterYear]) -> dict[int, Ranking]:
    """The rankings of several years at once, from their submitted sheets, in a constant
    number of queries whatever the number of years, units, criteria or scorers: tables 3,
    settings 1, members 1, matrix pairs 1 (matrix mode only), the sheets' state 1; then,
    for the years whose ranking is not in the cache yet, the sheets with the group values
    of their snapshots 1, and the entries of sheets without a snapshot 1.

    A ranking is cached under a fingerprint of everything it depends on (_fingerprint),
    so a cached one is never stale: any change to a sheet, the members, the rules or the
    table gives a new key. The numbers are always arithmetic.py's."""
    years = list(cluster_years)
    members_sorted = years_members([cy.pk for cy in years])
    return {
        cy.pk: _ranking(cy, year.table, year.rules, members_sorted[cy.pk], year.expected, year.numbers)
        for cy, year in zip(years, _numbers_for(years, members_sorted).values(), strict=True)
    }


@dataclass(frozen=True)
class _YearNumbers:
    table: CriteriaTable | None
    rules: YearRules
    expected: dict[int, list[int]]
    numbers: dict[int, tuple]  # _ranking_numbers


def _numbers_for(years: list[ClusterYear], members_sorted) -> dict[int, _YearNumbers]:
    """{year id: its table, rules, expected scorers and ranking numbers}, in `years`' order.
    `members_sorted`: {year id: its members in role order}, each with `unit_id` and `role`."""
    ids = [cy.pk for cy in years]
    if not ids:
        return {}
    tables = tables_for(ids)
    rules_by_year = years_rules(ids)
    pairs_by_year: dict[int, list[tuple[int, int]]] = defaultdict(list)
    if any(r.cross_scoring == "matrix" for r in rules_by_year.values()):
        for cy_id, unit_id, scorer_id in (
            ScoringAssignment.objects.filter(cluster_year_id__in=ids).order_by().values_list("cluster_year_id", "unit_id", "scorer_id")
        ):
            pairs_by_year[cy_id].append((unit_id, scorer_id))
    state = {
        row["cluster_year_id"]: (row["n"], row["submitted"], str(row["last"]))
        for row in ScoreSheet.objects.filter(cluster_year_id__in=ids).order_by().values("cluster_year_id").annotate(
            n=Count("pk"), submitted=Count("pk", filter=Q(status=ScoreSheet.Status.SUBMITTED)), last=Max("updated_at")
        )
    }  # fmt: skip
    keys = {}
    for cy in years:
        keys[cy.pk] = _fingerprint(
            cy, tables.get(cy.pk), rules_by_year[cy.pk], members_sorted[cy.pk], pairs_by_year[cy.pk], state.get(cy.pk)
        )
    cached = cache.get_many(list(keys.values()))
    missing = [pk for pk in ids if keys[pk] not in cached]
    sheets_by_year: dict[int, list[tuple[int, int, int, str]]] = defaultdict(list)
    groups: dict[int, dict[str, Decimal]] = {}  # sheet id -> its group values
    if missing:
        for pk, cy_id, unit_id, scorer_id, kind, snapshot_groups in (
            ScoreSheet.objects.filter(cluster_year_id__in=missing, status=ScoreSheet.Status.SUBMITTED)
            .order_by("pk")
            .values_list("pk", "cluster_year_id", "unit_id", "scorer_id", "kind", "snapshot__groups")
        ):
            sheets_by_year[cy_id].append((pk, unit_id, scorer_id, kind))
            if isinstance(snapshot_groups, dict):
                groups[pk] = {code: Decimal(str(value)) for code, value in snapshot_groups.items()}
        # Sheets written without a submission snapshot (imported data): their group values
        # from their entries, by the arithmetic. One query, empty in the normal case.
        codes = {c.pk: (c.table_id, c.code) for t in tables.values() for c in t.criteria.all()}
        raw: dict[int, dict[str, Decimal]] = defaultdict(dict)
        table_of: dict[int, int] = {}
        for sheet_id, criterion_id, points in (
            ScoreEntry.objects.filter(sheet__cluster_year_id__in=missing, sheet__status=ScoreSheet.Status.SUBMITTED)
            .exclude(sheet__snapshot__has_key="groups")
            .order_by()
            .values_list("sheet_id", "criterion_id", "points")
        ):
            table_of[sheet_id], code = codes[criterion_id]
            raw[sheet_id][code] = points
        specs = {t.pk: table_spec(t) for t in tables.values()}
        for sheet_id, entries in raw.items():
            groups[sheet_id] = arithmetic.sheet_group_values(specs[table_of[sheet_id]], entries)
    result, fresh = {}, {}
    for cy in years:
        table = tables.get(cy.pk)
        rules = rules_by_year[cy.pk]
        members = members_sorted[cy.pk]
        roles = {m.unit_id: m.role for m in members}
        expected = assignment_map(cy, rules=rules, roles=roles, pairs=pairs_by_year[cy.pk])
        numbers = cached.get(keys[cy.pk])
        if numbers is None:
            numbers = _ranking_numbers(table, rules, members, sheets_by_year[cy.pk], groups)
            fresh[keys[cy.pk]] = numbers
        result[cy.pk] = _YearNumbers(table, rules, expected, numbers)
    if fresh:
        cache.set_many(fresh, RANKING_CACHE_SECONDS)
    return result


def group_table(spec: TableSpec) -> TableSpec:
    """The table with each group reduced to one criterion (code = the group's code) of the
    group's kind: a penalty group stays a penalty, a bonus group a bonus, any other group
    is points, each with the group's cap. A sheet of its group values on this table has,
    by the arithmetic itself, the same group values and total as the full sheet (a group
    value is already capped), so that the ranking can work from the group values frozen
    in each submission snapshot instead of re-reading and re-checking every entry."""

    def kind(g: GroupSpec) -> str:
        return arithmetic.PENALTY if g.is_penalty else arithmetic.BONUS if g.is_bonus else arithmetic.POINTS

    return TableSpec(
        groups=tuple(
            GroupSpec(g.code, g.title, g.max_points, g.professional, (CriterionSpec(g.code, g.title, kind(g), g.max_points),))
            for g in spec.groups
        )
    )


def _ranking_numbers(table, rules: YearRules, members, sheets, groups: dict[int, dict[str, Decimal]]) -> dict[int, tuple]:
    """{unit id: (rank, total, groups, self_total, scorers, spread, tied, scorer_totals)}
    computed by arithmetic.unit_score and arithmetic.rank from the submitted sheets' group
    values (see group_table)."""
    if table is None:
        return {}
    spec = group_table(table_spec(table))
    kind = cross_kind(rules)
    own: dict[int, dict] = {}
    received: dict[int, list[tuple[int, dict]]] = defaultdict(list)
    for pk, unit_id, scorer_id, sheet_kind in sheets:
        if sheet_kind == ScoreSheet.Kind.SELF:
            own[unit_id] = groups.get(pk, {})
        elif sheet_kind == kind:
            received[unit_id].append((scorer_id, groups.get(pk, {})))
    scores, scorer_ids = [], {}
    for m in members:
        got = sorted(received.get(m.unit_id, []), key=lambda item: item[0])
        if not got:
            continue
        score = arithmetic.unit_score(
            spec, m.unit_id, [v for _, v in got], rules.aggregation, self_sheet=own.get(m.unit_id),
            panel_sheet=got[0][1] if rules.panel_adjusted else None,
        )  # fmt: skip
        scores.append(score)
        scorer_ids[m.unit_id] = [s for s, _ in got]
    by_unit = {s.unit: s for s in scores}
    numbers = {}
    for row in arithmetic.rank(scores, rules.ranking_tie_break):
        totals = list(zip(scorer_ids[row.unit], by_unit[row.unit].scorer_totals, strict=True))
        numbers[row.unit] = (row.rank, row.total, row.groups, row.self_total, row.scorers, row.spread, row.tied, totals)
    for m in members:
        if m.unit_id not in numbers and m.unit_id in own:
            numbers[m.unit_id] = (None, None, {}, arithmetic.sheet_total(spec, own[m.unit_id]), 0, Decimal(0), False, [])
    return numbers


def _ranking(cy, table, rules: YearRules, members, expected, numbers: dict[int, tuple]) -> Ranking:
    lines = []
    for m in members:
        rank_, total, groups, self_total, scorers, spread, tied, totals = numbers.get(
            m.unit_id, (None, None, {}, None, 0, Decimal(0), False, [])
        )
        lines.append(
            RankingLine(
                unit=m.unit, role=m.role, rank=rank_, total=total, groups=groups, self_total=self_total, scorers=scorers,
                expected_scorers=len(expected.get(m.unit_id, [])), spread=spread, tied=tied, scorer_totals=totals,
            )
        )  # fmt: skip
    lines.sort(key=lambda line: (line.rank is None, line.rank or 0, line.unit.name, line.unit.pk))
    return Ranking(cy, table, table_spec(table) if table is not None else None, rules, lines)


def ranking(cluster_year: ClusterYear) -> Ranking:
    """The year's ranking (api-v1.md, "Scoring arithmetic"): each unit's total from its
    submitted cross-scoring sheets by the year's aggregation, the tie-break rules, the
    self-score beside it. Units without a submitted sheet come last, unranked."""
    return rankings_for([cluster_year])[cluster_year.pk]


# --- a unit over the years -----------------------------------------------------------------------
@dataclass(frozen=True)
class YearTotal:
    year: int
    cluster_year: ClusterYear
    total: Decimal
    self_total: Decimal | None
    rank: int
    of: int
    max_points: Decimal
    unit: Unit | None = None  # the unit ranked that year: a predecessor for a year before a merger


def unit_totals_over_years(unit: Unit, cluster_year_ids: Iterable[int] | None = None) -> list[YearTotal]:
    """The unit's ranked total in each year whose ranking is published (phase `ranking` or
    later), oldest first, in a constant number of queries whatever the number of years.
    `cluster_year_ids` limits it to the years a reader may see."""
    years = ClusterYear.objects.filter(memberships__unit=unit, phase__in=allowed_phases("view_ranking")).select_related("cluster")
    if cluster_year_ids is not None:
        years = years.filter(pk__in=list(cluster_year_ids))
    return unit_totals_in(unit, list(years.order_by("year", "pk")))


def unit_totals_in(unit: Unit, years: list[ClusterYear], lineage: Iterable[Unit] = ()) -> list[YearTotal]:
    """The unit's ranked total in each of `years` (oldest first) where it was ranked — or,
    in a year before a merger, where one of its predecessors (`lineage`) was. From the
    years' ranking numbers (the rankings' own, cached alike) without building every member's
    line: the unit page asks for one unit over ten years of twenty members or more."""
    units = {unit.pk: unit} | {u.pk: u for u in lineage}
    totals = []
    roles = years_member_roles([cy.pk for cy in years])
    for cy, year in zip(years, _numbers_for(years, roles).values(), strict=True):
        shown = _shown_unit(unit.pk, units, {m.unit_id for m in roles[cy.pk]}, year.numbers)
        rank_, total, _groups, self_total, *_rest = year.numbers.get(shown, (None, None, None, None))
        if rank_ is None:
            continue
        ranked = sum(1 for n in year.numbers.values() if n[0] is not None)
        spec = table_spec(year.table) if year.table is not None else None
        totals.append(YearTotal(cy.year, cy, total, self_total, rank_, ranked, max_points_of(spec), units[shown]))
    return totals


def _shown_unit(unit_id: int, units: dict[int, Unit], members: set[int], numbers: dict[int, tuple]) -> int | None:
    """Whose line a unit's totals show for a year: its own when it was a member, else its
    best ranked predecessor's, in the ranking's order (rank, then name)."""
    if unit_id in members:
        return unit_id

    def place(pk: int) -> tuple:
        rank_ = numbers.get(pk, (None,))[0]
        return rank_ is None, rank_ or 0, units[pk].name, pk

    return min((pk for pk in members if pk in units), key=place, default=None)


def ranking_years_visible(user, unit: Unit, lineage: Iterable[Unit] = ()) -> list[ClusterYear]:
    """The years of `unit` (and of its predecessors, `lineage`) whose published ranking
    `user` may see, oldest first (the rule of the ranking page and API: seeing the
    organizer's clusters is not enough — a unit of another cluster must not learn this
    one's scores and ranks through the unit page). Found among the years of the units'
    membership history in the clusters the user may see, which the unit page has read."""
    shown = allowed_phases("view_ranking")
    history = membership_history([unit.pk, *[u.pk for u in lineage]], user)
    years = {m.cluster_year_id: m.cluster_year for m in history}
    return [
        cy for cy in sorted(years.values(), key=lambda cy: (cy.year, cy.pk))
        if cy.phase in shown and phase_allows(cy, "view_ranking") and can(user, "scoring.view_ranking", cy)
    ]  # fmt: skip

"""Reads of the scoring app: the year's table as arithmetic specs, who scores whom, sheets,
progress, and the ranking. Every list costs a constant number of queries whatever the
number of units, criteria or scorers; the numbers are always computed by arithmetic.py."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Max, Prefetch, Q

from thidua.core.memo import memoized, memoized_many
from thidua.core.permissions import can
from thidua.cycle.phases import FROM_RANKING, phase_allows
from thidua.org.models import ClusterYear, Membership, Phase, Role, Unit
from thidua.org.selectors import clusters_for

from . import arithmetic
from .arithmetic import CriterionSpec, GroupSpec, TableSpec
from .models import (
    CriteriaTable,
    Criterion,
    CriterionGroup,
    Evidence,
    ScoreEntry,
    ScoreQuery,
    ScoreQueryReply,
    ScoreSheet,
    ScoringAssignment,
)  # fmt: skip

ROLE_ORDER = {Role.LEADER: 0, Role.DEPUTY1: 1, Role.DEPUTY2: 2, Role.MEMBER: 3}
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
            ("scoring.year_members", pk): tuple(sorted(rows[pk], key=lambda m: (ROLE_ORDER.get(m.role, 9), m.unit.name, m.unit_id)))
            for pk in ids
        }

    ids = list(cluster_year_ids)
    found = memoized_many([("scoring.year_members", pk) for pk in ids], load)
    return {pk: found["scoring.year_members", pk] for pk in ids}


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


# --- sheets ---------------------------------------------------------------------------------------
def _sheets_queryset():
    # No default orderings: theirs join the year, the cluster, the organizer and both units
    # (seven tables) to sort rows that are put in the table's order in Python anyway
    # (sheet_entries; evidence by criterion, oldest file first).
    return (
        ScoreSheet.objects.select_related("submitted_by", "unit", "scorer")
        .prefetch_related(
            Prefetch("entries", queryset=ScoreEntry.objects.select_related("criterion").order_by()),
            Prefetch("evidence", queryset=Evidence.objects.select_related("criterion", "uploaded_by").order_by("uploaded_at", "pk")),
        )
        .order_by()
    )


def sheet_get(cluster_year: ClusterYear, unit: Unit, scorer: Unit) -> ScoreSheet | None:
    """A sheet with its entries (criterion codes) and evidence, or None."""
    return _sheets_queryset().filter(cluster_year=cluster_year, unit=unit, scorer=scorer).first()


def sheets_get(cluster_year: ClusterYear, unit: Unit, scorers: Iterable[Unit]) -> dict[int, ScoreSheet]:
    """{scorer id: sheet} of `unit`'s sheets by `scorers` (itself: its self-assessment),
    with their entries and evidence, in three queries whatever their number."""
    ids = [s.pk for s in scorers]
    return {s.scorer_id: s for s in _sheets_queryset().filter(cluster_year=cluster_year, unit=unit, scorer_id__in=ids)}


def sheet_entries(sheet: ScoreSheet | None) -> list[dict]:
    """[{criterion: code, points, note}] in the table's order."""
    if sheet is None:
        return []
    entries = sorted(sheet.entries.all(), key=lambda e: (e.criterion.group_id, e.criterion.order, e.criterion_id))
    return [{"criterion": e.criterion.code, "points": e.points, "note": e.note} for e in entries]


def sheet_totals(spec: TableSpec, sheet: ScoreSheet | None) -> tuple[Decimal | None, dict[str, Decimal]]:
    """(total, {group code: value}) of a sheet's current entries."""
    if sheet is None:
        return None, {}
    values = {e.criterion.code: e.points for e in sheet.entries.all()}
    return arithmetic.sheet_total(spec, values), arithmetic.sheet_group_values(spec, values)


def sheet_by_id(sheet_id) -> ScoreSheet | None:
    try:
        sheet_id = int(sheet_id)
    except (TypeError, ValueError):
        return None
    if not 0 < sheet_id < 2**63:
        return None
    return ScoreSheet.objects.select_related("cluster_year__cluster", "unit", "scorer").filter(pk=sheet_id).first()


def evidence_get(cluster_year: ClusterYear, evidence_id) -> Evidence | None:
    try:
        evidence_id = int(evidence_id)
    except (TypeError, ValueError):
        return None
    if not 0 < evidence_id < 2**63:
        return None
    return Evidence.objects.select_related("sheet__unit", "criterion").filter(pk=evidence_id, sheet__cluster_year=cluster_year).first()


def submitted_evidence_ids(sheet: ScoreSheet) -> set[int]:
    """The evidence files the sheet's last submission listed: all a scorer may see."""
    return {e["id"] for e in (sheet.snapshot or {}).get("evidence", [])}


def queries_for(sheet: ScoreSheet | None) -> dict[str, list[ScoreQuery]]:
    """{criterion code: [queries with their replies]} of a unit's self sheet."""
    if sheet is None:
        return {}
    result: dict[str, list[ScoreQuery]] = defaultdict(list)
    replies = ScoreQueryReply.objects.select_related("unit", "author").order_by("created_at", "pk")
    for query in (
        ScoreQuery.objects.filter(sheet=sheet)
        .select_related("criterion", "scorer", "asked_by")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "pk")  # the default ordering joins the sheet's year, cluster and units
    ):
        result[query.criterion.code].append(query)
    return dict(result)


def query_get(cluster_year: ClusterYear, query_id) -> ScoreQuery | None:
    try:
        query_id = int(query_id)
    except (TypeError, ValueError):
        return None
    if not 0 < query_id < 2**63:
        return None
    queries = ScoreQuery.objects.select_related("sheet__unit", "scorer", "criterion")
    return queries.filter(pk=query_id, sheet__cluster_year=cluster_year).first()


# --- progress ------------------------------------------------------------------------------------
@dataclass
class UnitProgress:
    unit: Unit
    role: str
    self_status: str | None  # None: not started
    scorers: list[int]  # who must score it
    received: dict[int, str] = field(default_factory=dict)  # scorer id -> status of its sheet
    to_score: list[int] = field(default_factory=list)  # whom it must score
    given: dict[int, str] = field(default_factory=dict)  # unit id -> status of the sheet it gives
    sheet_ids: dict[int, int] = field(default_factory=dict)  # scorer id -> sheet id (received)
    self_sheet_id: int | None = None

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    @property
    def received_submitted(self) -> int:
        return sum(1 for s in self.received.values() if s == ScoreSheet.Status.SUBMITTED)

    @property
    def given_submitted(self) -> int:
        return sum(1 for s in self.given.values() if s == ScoreSheet.Status.SUBMITTED)


def progress(cluster_year: ClusterYear) -> list[UnitProgress]:
    """Per member unit: its self sheet's state, the sheets it receives and gives (3 queries)."""
    members = year_members(cluster_year)
    rules = year_rules(cluster_year)
    roles = {m.unit_id: m.role for m in members}
    scorers = assignment_map(cluster_year, rules=rules, roles=roles)
    rows = {m.unit_id: UnitProgress(unit=m.unit, role=m.role, self_status=None, scorers=scorers.get(m.unit_id, [])) for m in members}
    for unit_id, scorer_ids in scorers.items():
        for scorer_id in scorer_ids:
            if scorer_id in rows:
                rows[scorer_id].to_score.append(unit_id)
    kind = cross_kind(rules)
    for sheet_id, unit_id, scorer_id, sheet_kind, status in (
        ScoreSheet.objects.filter(cluster_year=cluster_year).order_by().values_list("pk", "unit_id", "scorer_id", "kind", "status")
    ):
        if unit_id not in rows:
            continue
        if sheet_kind == ScoreSheet.Kind.SELF:
            rows[unit_id].self_status, rows[unit_id].self_sheet_id = status, sheet_id
        elif sheet_kind == kind and scorer_id in rows[unit_id].scorers:
            rows[unit_id].received[scorer_id] = status
            rows[unit_id].sheet_ids[scorer_id] = sheet_id
            rows[scorer_id].given[unit_id] = status
    return list(rows.values())


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
        if self.spec is None:
            return Decimal(100)
        return (self.spec.base_max_points + self.spec.bonus_max_points) or Decimal(100)

    @property
    def has_ties(self) -> bool:
        return any(line.tied for line in self.lines)


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
    ids = [cy.pk for cy in years]
    if not ids:
        return {}
    tables = tables_for(ids)
    rules_by_year = years_rules(ids)
    members_sorted = years_members(ids)
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
        result[cy.pk] = _ranking(cy, table, rules, members, expected, numbers)
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


def unit_totals_over_years(unit: Unit, cluster_year_ids: Iterable[int] | None = None) -> list[YearTotal]:
    """The unit's ranked total in each year whose ranking is published (phase `ranking` or
    later), oldest first, in a constant number of queries whatever the number of years.
    `cluster_year_ids` limits it to the years a reader may see."""
    years = ClusterYear.objects.filter(memberships__unit=unit, phase__in=[str(p) for p in FROM_RANKING]).select_related("cluster")
    if cluster_year_ids is not None:
        years = years.filter(pk__in=list(cluster_year_ids))
    return unit_totals_in(unit, list(years.order_by("year", "pk")))


def unit_totals_in(unit: Unit, years: list[ClusterYear]) -> list[YearTotal]:
    """The unit's ranked total in each of `years` (oldest first) where it was ranked."""
    totals = []
    rankings = rankings_for(years)
    for cy in years:
        ranking_ = rankings[cy.pk]
        line = next((ln for ln in ranking_.lines if ln.unit.pk == unit.pk), None)
        if line is None or line.rank is None:
            continue
        totals.append(YearTotal(cy.year, cy, line.total, line.self_total, line.rank, len(ranking_.ranked), ranking_.max_points))
    return totals


def ranking_years_visible(user, unit: Unit) -> list[ClusterYear]:
    """The years of `unit` whose published ranking `user` may see, oldest first (the rule
    of the ranking page and API: seeing the organizer's clusters is not enough — a unit of
    another cluster must not learn this one's scores and ranks through the unit page)."""
    years = ClusterYear.objects.filter(
        cluster__in=clusters_for(user), memberships__unit=unit, phase__in=[str(p) for p in FROM_RANKING]
    ).select_related("cluster")
    return [cy for cy in years.order_by("year", "pk") if phase_allows(cy, "view_ranking") and can(user, "scoring.view_ranking", cy)]


def phase_reached(cluster_year: ClusterYear, phase: str) -> bool:
    order = Phase.order()
    return order.index(cluster_year.phase) >= order.index(phase)


# --- a sheet as the API and the pages show it ------------------------------------------------------
def sheet_data(sheet: ScoreSheet | None, *, unit: Unit, scorer: Unit, kind: str, spec: TableSpec | None, live: bool) -> dict:
    """{unit, scorer, kind, status, entries, total, groups, submitted_at, submitted_by,
    reopened}. `live`: the reader sees the draft as it is (the unit's or the scorer's own
    staff); the others see what was last submitted, nothing before a first submission."""
    status = sheet.status if sheet is not None else ScoreSheet.Status.DRAFT
    if sheet is None or spec is None:
        entries: list[dict] = []
    elif live:
        entries = sheet_entries(sheet)
    else:
        entries = [
            {"criterion": e["criterion"], "points": Decimal(e["points"]), "note": e.get("note", "")}
            for e in ((sheet.snapshot or {}).get("entries") or [])
        ]
    values = {e["criterion"]: e["points"] for e in entries}
    total = groups = None
    if spec is not None and (entries or (sheet is not None and sheet.is_submitted)):
        groups = {code: arithmetic.display(v) for code, v in arithmetic.sheet_group_values(spec, values).items()}
        total = arithmetic.display(arithmetic.sheet_total(spec, values))
    return {
        "unit": unit.pk,
        "scorer": scorer.pk,
        "kind": sheet.kind if sheet is not None else kind,
        "status": status,
        "entries": entries,
        "total": total,
        "groups": groups or {},
        "submitted_at": sheet.submitted_at if sheet is not None else None,
        "submitted_by": sheet.submitted_by.get_username() if sheet is not None and sheet.submitted_by else None,
        "reopened": [
            {"at": item.get("at"), "by": item.get("by_label", ""), "reason": item.get("reason", "")}
            for item in (sheet.reopen_history if sheet is not None else [])
        ],
    }

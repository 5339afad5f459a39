"""Reads of score sheets: a sheet with its entries and evidence, the query threads, every
unit's progress, and a sheet as the API and the pages show it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from thidua.org.models import ClusterYear, Role, Unit, User
from thidua.org.rules import is_unit_staff, manages

from .. import arithmetic
from ..arithmetic import TableSpec
from ..models import Evidence, ScoreEntry, ScoreQuery, ScoreQueryReply, ScoreQueryReplyFile, ScoreSheet
from .year import assignment_map, cross_kind, year_members, year_rules


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


def reply_file_get(user, cluster_year: ClusterYear, file_id) -> ScoreQueryReplyFile | None:
    """A file of a query thread's reply, for the thread's participants — the officers and
    heads of the unit asked and of the unit that asked — and the organizer; None (404) for anyone
    else, so that another unit learns nothing of it."""
    try:
        file_id = int(file_id)
    except (TypeError, ValueError):
        return None
    if not 0 < file_id < 2**63:
        return None
    item = (
        ScoreQueryReplyFile.objects.select_related("reply__query__sheet")
        .filter(pk=file_id, reply__query__sheet__cluster_year=cluster_year)
        .first()
    )
    if item is None:
        return None
    query = item.reply.query
    acts = is_unit_staff(user) and (user.is_unit_officer or user.is_unit_head)  # delegates only vote
    participant = acts and user.unit_id in (query.sheet.unit_id, query.scorer_id)
    return item if participant or manages(user, cluster_year) else None


def queries_for(sheet: ScoreSheet | None) -> dict[str, list[ScoreQuery]]:
    """{criterion code: [queries with their replies]} of a unit's self sheet."""
    if sheet is None:
        return {}
    result: dict[str, list[ScoreQuery]] = defaultdict(list)
    replies = ScoreQueryReply.objects.select_related("unit", "author").prefetch_related("files").order_by("created_at", "pk")
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
    history = sheet.reopen_history if sheet is not None else []
    people = dict(User.objects.filter(pk__in=[h.get("by") for h in history]).values_list("pk", "full_name")) if history else {}
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
        # the pages name people by their full name (the API keeps the user names above)
        "submitted_by_name": str(sheet.submitted_by) if sheet is not None and sheet.submitted_by else None,
        "reopened": [
            {"at": item.get("at"), "by": item.get("by_label", ""), "by_name": people.get(item.get("by")) or item.get("by_label", ""),
             "reason": item.get("reason", "")}
            for item in history
        ],
    }

"""How the scoring pages show things: numbers as Vietnamese points, the table as a tree and
as the editor's draft, a sheet's rows with the self-score, evidence and queries beside them,
totals, the ranking's lines and bars, and the unit page's panel. No queries of their own
beyond the prefetched rows they are given (the panel asks the selectors)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from thidua.core.errors import DomainError
from thidua.org.models import Unit
from thidua.org.presenters import year_url  # noqa: F401 - the pages and tasks import it from here
from thidua.org.selectors import unit_all_predecessors

from . import arithmetic, exports, selectors
from .models import ScoreSheet


# --- pieces ---------------------------------------------------------------------------------------
def messages_of(exc: DomainError) -> list[str]:
    """Every message a domain error carries, flat."""
    return [str(m) for messages_ in exc.errors.values() for m in (messages_ if isinstance(messages_, list | tuple) else [messages_])]


def input_number(value) -> str:
    """A stored number as an input's value, as Vietnamese write it: 7,5, 10 (decimal comma,
    no useless zeros). The forms take "7,5" and "7.5" alike."""
    return "" if value is None else arithmetic.format_points(value)


def shown(value) -> str:
    return "—" if value is None else arithmetic.format_points(value)


def shown_signed(value) -> str:
    """Like shown, with a typographic minus (−2,5) for a negative number."""
    text = shown(value)
    return "−" + text[1:] if text.startswith("-") else text


# --- the criteria table ------------------------------------------------------------------------------
def draft_from_table(table) -> list[dict]:
    """The stored table in the editor's shape (the API's, numbers with a dot)."""
    if table is None:
        return []
    return [
        {
            "code": g.code, "title": g.title, "max_points": input_number(g.max_points), "professional": g.professional,
            "criteria": [
                {"code": c.code, "title": c.title, "kind": c.kind, "max_points": input_number(c.max_points), "evidence": c.evidence,
                 "guidance": c.guidance}
                for c in criteria
            ],
        }
        for g, criteria in selectors.grouped_criteria(table)
    ]  # fmt: skip


def table_tree(table) -> list[dict]:
    """The table for reading: groups with their criteria and a few derived labels."""
    if table is None:
        return []
    specs = {g.code: g for g in selectors.table_spec(table).groups}
    return [
        {"group": g, "criteria": criteria, "is_penalty": specs[g.code].is_penalty, "is_bonus": specs[g.code].is_bonus,
         "reachable": specs[g.code].reachable_points}
        for g, criteria in selectors.grouped_criteria(table)
    ]  # fmt: skip


# --- sheets ---------------------------------------------------------------------------------------------
def bad_codes(spec, entries: list[dict]) -> set[str]:
    """The codes whose points the arithmetic refuses, to mark those inputs."""
    bad = set()
    for entry in entries:
        points = entry.get("points")
        if isinstance(points, str):
            points = points.strip().replace(",", ".")
        if points in (None, ""):
            if (entry.get("note") or "").strip():
                bad.add(entry["criterion"])
            continue
        try:
            arithmetic.validate_entry(spec.criterion(entry["criterion"]), points)
        except arithmetic.ScoringError:
            bad.add(entry["criterion"])
    return bad


def valid_entries(posted: list[dict], bad: set[str]) -> list[dict]:
    """The posted entries the arithmetic accepts, as numbers (the live preview's totals)."""
    return [
        {"criterion": e["criterion"], "points": Decimal(str(e["points"]).strip().replace(",", "."))}
        for e in posted
        if e["criterion"] not in bad and str(e["points"]).strip()
    ]


def sheet_rows(table, *, own: list[dict], self_entries: list[dict] | None = None, evidence_by_code=None, queries=None,
               posted: list[dict] | None = None, spec=None) -> list[dict]:  # fmt: skip
    """One row per group with its criteria: the values shown (posted ones after an error,
    those the arithmetic refuses marked), the unit's self-assessment beside (on a scorer's
    sheet), evidence and queries."""
    if table is None:
        return []
    values = {e["criterion"]: e for e in (posted if posted is not None else own)}
    selfs = {e["criterion"]: e for e in (self_entries or [])}
    evidence_by_code = evidence_by_code or {}
    queries = queries or {}
    bad = bad_codes(spec, posted) if posted is not None and spec is not None else set()
    groups = []
    for g, criteria_ in selectors.grouped_criteria(table):
        rows = []
        for c in criteria_:
            entry = values.get(c.code, {})
            points = entry.get("points")
            rows.append({
                "criterion": c,
                "points": points if isinstance(points, str) else input_number(points),
                "points_label": "" if points in (None, "") else (points if isinstance(points, str) else arithmetic.format_points(points)),
                "note": entry.get("note", ""),
                "self": selfs.get(c.code),
                "evidence": evidence_by_code.get(c.code, []),
                "queries": queries.get(c.code, []),
                "invalid": c.code in bad,
                "max_label": arithmetic.format_points(c.max_points),
                "max_input": input_number(c.max_points),
            })  # fmt: skip
        groups.append({"group": g, "rows": rows, "max_label": arithmetic.format_points(g.max_points)})
    return groups


def evidence_by_code(sheet: ScoreSheet | None, *, snapshot_only: bool) -> dict[str, list]:
    """{criterion code: [evidence]}: the sheet's files, or for a reader who sees only what
    was submitted, the files the snapshot lists that still exist."""
    if sheet is None:
        return {}
    files = list(sheet.evidence.all())
    if snapshot_only:
        listed = selectors.submitted_evidence_ids(sheet)
        files = [f for f in files if f.pk in listed]
    result: dict[str, list] = {}
    for f in files:
        result.setdefault(f.criterion.code, []).append(f)
    return result


def sheet_totals(spec, entries: list[dict]) -> dict | None:
    """The total and group values of `entries` as shown (None: no table, or the numbers
    are not valid yet)."""
    if spec is None:
        return None
    values = {e["criterion"]: e["points"] for e in entries}
    try:
        groups = arithmetic.sheet_group_values(spec, values)
        total = arithmetic.sheet_total(spec, values)
    except arithmetic.ScoringError:
        return None
    return {
        "total": arithmetic.format_points(total),
        "groups": [{"group": g, "value": arithmetic.format_points(groups[g.code]), "penalty": g.is_penalty} for g in spec.groups],
        "entered": len(values), "count": len(spec.criteria),
    }  # fmt: skip


# --- the ranking ------------------------------------------------------------------------------------------
def aggregation_label(aggregation: str) -> str:
    labels = {
        "mean": _("trung bình cộng các phiếu chấm chéo"),
        "trimmed_mean": _("trung bình cộng sau khi bỏ một phiếu cao nhất và một phiếu thấp nhất"),
        "median": _("trung vị các phiếu chấm chéo"),
        "panel_adjusted": _("điểm tự chấm do tổ chấm điều chỉnh"),
    }
    return labels.get(aggregation, aggregation)


def tie_break_labels(rules: selectors.YearRules) -> list[str]:
    labels = {"total": _("tổng điểm"), "professional": _("điểm nhiệm vụ chuyên môn"), "penalties": _("ít điểm trừ hơn"),
              "bonus": _("nhiều điểm thưởng hơn")}  # fmt: skip
    return [labels.get(k, k) for k in ("total", *rules.ranking_tie_break)]


def ranking_top(result: selectors.Ranking) -> Decimal:
    """The chart's full bar: the best total or the most a unit can reach."""
    return max([line.total for line in result.ranked] + [result.max_points])


def ranking_lines(result: selectors.Ranking) -> list[dict]:
    """The ranking's lines with their numbers as shown and their bars (percent of the top)."""
    top = ranking_top(result)

    def bar(value) -> float:
        return float(max(value, Decimal(0)) / top * 100) if top > 0 else 0

    lines = []
    for line in result.lines:
        lines.append({
            "line": line, "total": arithmetic.format_points(line.total) if line.total is not None else "",
            "self_total": arithmetic.format_points(line.self_total) if line.self_total is not None else "",
            "difference": arithmetic.format_points(line.self_difference) if line.self_difference is not None else "",
            "spread": arithmetic.format_points(line.spread),
            "groups": [(g.code, shown_signed(arithmetic.signed(line.groups.get(g.code), g.is_penalty)), g.is_penalty)
                       for g in result.spec.groups] if result.spec else [],
            "bar": bar(line.total) if line.total is not None else 0,
            "self_bar": (bar(line.self_total) if top > 0 else None) if line.self_total is not None else None,
            "low": arithmetic.format_points(min(t for _, t in line.scorer_totals)) if line.scorer_totals else "",
            "high": arithmetic.format_points(max(t for _, t in line.scorer_totals)) if line.scorer_totals else "",
        })  # fmt: skip
    return lines


# --- a unit over the years (the unit page's panel) -------------------------------------------------------------
def unit_totals_context(user, unit: Unit) -> dict:
    """The context of the partial scoring/_unit_totals.html for a unit page (registered with
    org.panels): its totals in the years whose published ranking the user may see."""
    # the years of its predecessors too, as the unit page's membership history says
    lineage = unit_all_predecessors(unit)
    totals = selectors.unit_totals_in(unit, selectors.ranking_years_visible(user, unit, lineage), lineage)
    return {"unit": unit, "unit_totals": totals, "unit_totals_chart": exports.totals_chart(totals),
            "unit_totals_via_predecessors": any(t.unit is not None and t.unit.pk != unit.pk for t in totals)}

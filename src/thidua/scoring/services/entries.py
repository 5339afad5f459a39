"""The entries of a score sheet, shared by self-assessment and cross-scoring: cleaning a
posted list of scores, replacing a draft's entries, the snapshot frozen at submission
and the submit step itself."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.errors import Conflict, InvalidInput
from thidua.org.models import ClusterYear, Unit

# The shared helpers under the short names this module's services have always used.
from thidua.org.year_writes import audit_year as _audit

from .. import arithmetic, selectors
from ..models import CriteriaTable, Criterion, ScoreEntry, ScoreSheet
from .common import NOTE_MAX


def _clean_entries(table: CriteriaTable, entries) -> list[tuple[Criterion, Decimal, str]]:
    """[(criterion, points, note)] from [{criterion: code, points, note}], or InvalidInput
    listing every problem (unknown code, twice the same code, points out of range or with
    more than two decimals, a note too long). An entry without points and without a note
    is left out (not scored yet)."""
    if not isinstance(entries, list | tuple):
        raise InvalidInput(_("Cần danh sách điểm các tiêu chí."), field="entries")
    spec = selectors.table_spec(table)
    by_code = {c.code: c for c in table.criteria.all()}
    problems: list[str] = []
    clean: list[tuple[Criterion, Decimal, str]] = []
    seen: set[str] = set()
    for item in entries:
        if not isinstance(item, dict):
            problems.append(_("Mỗi dòng điểm cần có mã tiêu chí (criterion) và điểm (points)."))
            continue
        code = item.get("criterion")
        code = code.strip() if isinstance(code, str) else code
        note = item.get("note") or ""
        points = item.get("points")
        if not isinstance(note, str):
            problems.append(_("Giải trình của tiêu chí {code} phải là văn bản.").format(code=code))
            note = ""
        note = note.strip()
        if not isinstance(code, str) or code not in by_code:
            problems.append(_("Không có tiêu chí mã “{code}” trong bảng tiêu chí.").format(code=code))
            continue
        if code in seen:
            problems.append(_("Tiêu chí {code} được nhập hai lần.").format(code=code))
            continue
        seen.add(code)
        if len(note) > NOTE_MAX:
            problems.append(_("Giải trình của tiêu chí {code} dài quá {n} ký tự.").format(code=code, n=NOTE_MAX))
        if points is None or (isinstance(points, str) and not points.strip()):
            if note:
                problems.append(_("Tiêu chí {code} có giải trình nhưng chưa có điểm.").format(code=code))
            continue
        if isinstance(points, str):
            points = points.strip().replace(",", ".")  # 7,5 as Vietnamese write it
        try:
            value = arithmetic.validate_entry(spec.criterion(code), points)
        except arithmetic.ScoringError as exc:
            problems.append(str(exc.message))
            continue
        clean.append((by_code[code], value, note))
    if problems:
        raise InvalidInput(" ".join(problems), errors={"entries": problems})
    return clean


def _entries_data(sheet: ScoreSheet) -> list[dict]:
    return [
        {"criterion": e.criterion.code, "points": str(e.points), "note": e.note}
        for e in sheet.entries.select_related("criterion").order_by("criterion__group__order", "criterion__order")
    ]


def _replace_entries(sheet: ScoreSheet, clean: list[tuple[Criterion, Decimal, str]]) -> None:
    sheet.entries.all().delete()
    ScoreEntry.objects.bulk_create(ScoreEntry(sheet=sheet, criterion=c, points=p, note=n) for c, p, n in clean)
    sheet.save(update_fields=["updated_at"])


def _snapshot(sheet: ScoreSheet, table: CriteriaTable, actor) -> dict:
    """What was submitted, frozen: entries, evidence, group values and total."""
    spec = selectors.table_spec(table)
    entries = _entries_data(sheet)
    values = {e["criterion"]: Decimal(e["points"]) for e in entries}
    groups = arithmetic.sheet_group_values(spec, values)
    evidence = [
        {"id": ev.pk, "criterion": ev.criterion.code, "name": ev.original_name, "file_type": ev.file_type, "size": ev.size,
         "sha256": ev.sha256}
        for ev in sheet.evidence.select_related("criterion").order_by("criterion__group__order", "criterion__order", "pk")
    ]  # fmt: skip
    return {
        "table_version": table.version,
        "entries": entries,
        "evidence": evidence,
        "groups": {code: str(value) for code, value in groups.items()},
        "total": str(arithmetic.sheet_total(spec, values)),
        "submitted_at": timezone.now().isoformat(),
        "submitted_by": actor.get_username(),
    }


def _sheet_for_update(cluster_year: ClusterYear, unit: Unit, scorer: Unit) -> ScoreSheet | None:
    return ScoreSheet.objects.select_for_update().filter(cluster_year=cluster_year, unit=unit, scorer=scorer).first()


def _check_draft(sheet: ScoreSheet | None) -> None:
    if sheet is not None and sheet.is_submitted:
        raise Conflict(_("Phiếu chấm đã nộp; muốn sửa cần đề nghị Thường trực Cụm mở lại."))


def _submit(actor, cluster_year: ClusterYear, sheet: ScoreSheet | None, table: CriteriaTable) -> ScoreSheet:
    if sheet is not None and sheet.is_submitted:
        raise Conflict(_("Phiếu chấm này đã được nộp."))
    if sheet is None or not sheet.entries.exists():
        raise Conflict(_("Phiếu chấm chưa có điểm tiêu chí nào; hãy chấm điểm trước khi nộp."))
    sheet.snapshot = _snapshot(sheet, table, actor)
    sheet.status = ScoreSheet.Status.SUBMITTED
    sheet.submitted_at, sheet.submitted_by = timezone.now(), actor
    sheet.save(update_fields=["snapshot", "status", "submitted_at", "submitted_by", "updated_at"])
    _audit(actor, "score_sheet.submit", sheet, cluster_year, after={"kind": sheet.kind, "total": sheet.snapshot["total"]})
    return sheet

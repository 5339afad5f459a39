"""Self-assessment (tự chấm): a unit saves and submits its own sheet (with the
missing-evidence confirmation), and the leader reopens a submitted sheet with a reason."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.errors import Conflict, InvalidInput
from thidua.core.permissions import require
from thidua.cycle.phases import require_phase, require_role
from thidua.cycle.services import year_settings_get
from thidua.org.models import ClusterYear, Unit

# The shared helpers under the short names this module's services have always used.
from thidua.org.year_writes import audit_year as _audit
from thidua.org.year_writes import lock_year as _locked

from ..models import CriteriaTable, Criterion, Evidence, ScoreSheet
from ..rules import SheetRef
from .common import REASON_MAX, EvidenceMissing, _frozen_table, _member
from .entries import _check_draft, _clean_entries, _entries_data, _replace_entries, _sheet_for_update, _submit


def _check_self(actor, cluster_year: ClusterYear, unit: Unit) -> CriteriaTable:
    _member(cluster_year, unit)
    message = _("Chỉ cán bộ thi đua của đơn vị được tự chấm điểm cho đơn vị mình.")
    require_role(actor, "scoring.edit_self_sheet", SheetRef(cluster_year, unit), message)
    require_phase(cluster_year, "self_assess")
    return _frozen_table(cluster_year)


@transaction.atomic
def self_sheet_save(*, actor, cluster_year: ClusterYear, unit: Unit, entries) -> ScoreSheet:
    """Replace the entries of the unit's draft self-assessment."""
    cluster_year = _locked(cluster_year)
    table = _check_self(actor, cluster_year, unit)
    sheet = _sheet_for_update(cluster_year, unit, unit)
    _check_draft(sheet)
    clean = _clean_entries(table, entries)
    if sheet is None:
        sheet = ScoreSheet.objects.create(cluster_year=cluster_year, table=table, unit=unit, scorer=unit, kind=ScoreSheet.Kind.SELF)
    before = _entries_data(sheet)
    _replace_entries(sheet, clean)
    _audit(actor, "score_sheet.save", sheet, cluster_year, before={"entries": before}, after={"entries": _entries_data(sheet)})
    return sheet


def missing_evidence(table: CriteriaTable, sheet: ScoreSheet | None) -> tuple[list[Criterion], int]:
    """(the criteria that require evidence and have no file on the sheet, in table order;
    how many criteria require evidence)."""
    required = [c for c in table.criteria.select_related("group").order_by("group__order", "order", "pk") if c.evidence]
    have = set(Evidence.objects.filter(sheet=sheet).values_list("criterion_id", flat=True)) if sheet is not None else set()
    return [c for c in required if c.pk not in have], len(required)


def missing_evidence_message(missing: list[Criterion], required: int) -> str:
    return _("{n} trong {total} tiêu chí bắt buộc minh chứng chưa có minh chứng: {criteria}.").format(
        n=len(missing), total=required, criteria="; ".join(f"{c.code} {c.title}" for c in missing)
    )


@transaction.atomic
def self_sheet_submit(*, actor, cluster_year: ClusterYear, unit: Unit, confirm_missing_evidence: bool = False) -> ScoreSheet:
    """Submit the unit's self-assessment: its snapshot is frozen for the scorers. While
    criteria that require evidence have none, the year's rule decides: refused (400,
    listing them) when the year makes evidence blocking, else refused until the person
    has seen the list and confirms (EvidenceMissing, 409)."""
    cluster_year = _locked(cluster_year)
    table = _check_self(actor, cluster_year, unit)
    sheet = _sheet_for_update(cluster_year, unit, unit)
    if sheet is not None and not sheet.is_submitted and sheet.entries.exists():
        missing, required = missing_evidence(table, sheet)
        if missing:
            message = missing_evidence_message(missing, required)
            if year_settings_get(cluster_year).evidence_required:
                raise InvalidInput(
                    _("Năm thi đua yêu cầu minh chứng trước khi nộp. {problem}").format(problem=message),
                    errors={"evidence": [message], "criteria": [c.code for c in missing]},
                )
            if not confirm_missing_evidence:
                raise EvidenceMissing(message, criteria=missing)
    return _submit(actor, cluster_year, sheet, table)


@transaction.atomic
def sheet_reopen(*, actor, sheet: ScoreSheet, reason: str) -> ScoreSheet:
    """Reopen a submitted sheet (the secretariat or the organizer, with a reason): self
    sheets during self-assessment, the others during cross-scoring. The submitted snapshot
    stays in the sheet's reopen history."""
    cluster_year = _locked(sheet.cluster_year)
    require(actor, "scoring.reopen_sheet", cluster_year, _("Chỉ Thường trực Cụm hoặc cơ quan tổ chức được mở lại phiếu đã nộp."))
    require_phase(cluster_year, "self_assess" if sheet.kind == ScoreSheet.Kind.SELF else "cross_score")
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    if not sheet.is_submitted:
        raise Conflict(_("Phiếu chấm chưa nộp nên không cần mở lại."))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Cần nêu lý do mở lại phiếu chấm."), field="reason")
    if len(reason) > REASON_MAX:
        raise InvalidInput(_("Lý do dài quá {n} ký tự.").format(n=REASON_MAX), field="reason")
    now = timezone.now()
    sheet.reopen_history = [
        *sheet.reopen_history,
        {"at": now.isoformat(), "by": actor.pk, "by_label": actor.get_username(), "reason": reason, "snapshot": sheet.snapshot},
    ]
    sheet.status, sheet.submitted_at, sheet.submitted_by = ScoreSheet.Status.DRAFT, None, None
    sheet.save(update_fields=["reopen_history", "status", "submitted_at", "submitted_by", "updated_at"])
    _audit(actor, "score_sheet.reopen", sheet, cluster_year, before={"status": "submitted"}, after={"status": "draft"}, reason=reason)
    return sheet

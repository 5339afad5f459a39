"""Every write of the scoring app. Each service checks the actor's permission (403), the
phase (cycle.phases.require_phase, 409) and the state (409), validates the whole input
with arithmetic.py / table_io.py (400, every problem listed), writes inside one
transaction with an audit event, and saves nothing when anything is wrong."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from thidua.core.permissions import require
from thidua.cycle.phases import has_role, require_phase, require_role
from thidua.cycle.services import year_settings_get
from thidua.org.models import ClusterYear, Membership, Unit

# The shared helpers under the short names this module's services have always used.
from thidua.org.year_writes import audit_year as _audit
from thidua.org.year_writes import lock_year as _locked

from . import arithmetic, notices, selectors, table_io
from .evidence import CONTENT_TYPES, check_and_hash, clean_name
from .models import (
    CriteriaTable,
    Criterion,
    CriterionGroup,
    Evidence,
    ScoreEntry,
    ScoreQuery,
    ScoreQueryReply,
    ScoreQueryReplyFile,
    ScoreSheet,
    ScoringAssignment,
)
from .rules import SheetRef


class EvidenceMissing(Conflict):
    """Some criteria that require evidence have none: the caller shows `criteria` and asks
    the person to confirm (then calls again with confirm_missing_evidence=True)."""

    def __init__(self, message, *, criteria: list):
        super().__init__(message, field="evidence")
        self.criteria = criteria


NOTE_MAX = 4000
QUERY_MAX = 4000
REASON_MAX = 1000


# --- helpers ------------------------------------------------------------------------------------
def _member(cluster_year: ClusterYear, unit: Unit) -> None:
    if not Membership.objects.filter(cluster_year=cluster_year, unit=unit).exists():
        raise NotFound(_("{unit} không phải là thành viên của cụm năm {year}.").format(unit=unit, year=cluster_year.year))


def _frozen_table(cluster_year: ClusterYear) -> CriteriaTable:
    table = selectors.table_for(cluster_year)
    if table is None or not table.is_frozen:
        raise Conflict(_("Bảng tiêu chí của năm {year} chưa được khóa: chưa thể chấm điểm.").format(year=cluster_year.year))
    return table


# --- the criteria table ----------------------------------------------------------------------------
def _check_table_editable(actor, cluster_year: ClusterYear) -> CriteriaTable | None:
    require_role(actor, "scoring.edit_criteria", cluster_year, _("Chỉ Cụm trưởng hoặc cơ quan tổ chức được sửa bảng tiêu chí."))
    require_phase(cluster_year, "edit_criteria")
    table = CriteriaTable.objects.select_for_update().filter(cluster_year=cluster_year).first()
    if table is not None and table.is_frozen:
        raise Conflict(_("Bảng tiêu chí năm {year} đã được khóa khi mở tự chấm điểm; không thể sửa.").format(year=cluster_year.year))
    return table


def _guidance_from(data) -> dict[str, str]:
    """{criterion code: guidance} from the API/YAML shape (guidance is optional)."""
    guidance: dict[str, str] = {}
    if isinstance(data, dict) and isinstance(data.get("groups"), list):
        for group in data["groups"]:
            for criterion in group.get("criteria", []) if isinstance(group, dict) and isinstance(group.get("criteria"), list) else []:
                if isinstance(criterion, dict) and isinstance(criterion.get("guidance"), str):
                    guidance[str(criterion.get("code", "")).strip()] = criterion["guidance"].strip()[:4000]
    return guidance


def _write_table(
    *, actor, cluster_year: ClusterYear, table: CriteriaTable | None, spec: arithmetic.TableSpec, source: str,
    guidance: dict[str, str] | None = None, copied_from: CriteriaTable | None = None, action: str,
) -> CriteriaTable:  # fmt: skip
    before = selectors.table_as_dict(selectors.table_for(cluster_year)) if table is not None else None
    if table is None:
        table = CriteriaTable.objects.create(cluster_year=cluster_year, source=source, copied_from=copied_from)
    else:
        table.groups.all().delete()  # cascades to the criteria; nothing scores an unfrozen table
        if copied_from is None and source == CriteriaTable.Source.EDITED:
            copied_from = table.copied_from  # edited after a copy: keep where it came from
        table.source, table.copied_from, table.version = source, copied_from, table.version + 1
        table.save()
    guidance = guidance or {}
    groups = CriterionGroup.objects.bulk_create(
        CriterionGroup(table=table, code=g.code, title=g.title, max_points=g.max_points, professional=g.professional, order=i)
        for i, g in enumerate(spec.groups)
    )
    Criterion.objects.bulk_create(
        Criterion(
            table=table, group=group, code=c.code, title=c.title, guidance=guidance.get(c.code, ""), kind=c.kind,
            max_points=c.max_points, evidence=c.evidence, order=j,
        )
        for group, g in zip(groups, spec.groups, strict=True)
        for j, c in enumerate(g.criteria)
    )  # fmt: skip
    after = selectors.table_as_dict(selectors.table_for(cluster_year))
    _audit(actor, action, table, cluster_year, before=before, after=after)
    return table


@transaction.atomic
def criteria_table_replace(*, actor, cluster_year: ClusterYear, data, source: str = CriteriaTable.Source.EDITED) -> CriteriaTable:
    """Replace the year's table with `data`, the API's shape ({groups: [{code, title,
    max_points, professional, criteria: [{code, title, kind, max_points, evidence,
    guidance?}]}]}). All or nothing: 400 listing every problem."""
    cluster_year = _locked(cluster_year)
    table = _check_table_editable(actor, cluster_year)
    spec = table_io.table_from_dict(data)
    return _write_table(
        actor=actor, cluster_year=cluster_year, table=table, spec=spec, source=source, guidance=_guidance_from(data),
        action="criteria_table.replace",
    )  # fmt: skip


@transaction.atomic
def criteria_table_import_sample(*, actor, cluster_year: ClusterYear) -> CriteriaTable:
    """Start from the sample table shipped with ThiDua (data/criteria-sample.yaml)."""
    cluster_year = _locked(cluster_year)
    table = _check_table_editable(actor, cluster_year)
    return _write_table(
        actor=actor, cluster_year=cluster_year, table=table, spec=table_io.load_sample(), source=CriteriaTable.Source.SAMPLE,
        action="criteria_table.import_sample",
    )  # fmt: skip


@transaction.atomic
def criteria_table_copy_from_previous(*, actor, cluster_year: ClusterYear) -> CriteriaTable:
    """Copy the table of the cluster's latest earlier year that has one (with guidance)."""
    cluster_year = _locked(cluster_year)
    table = _check_table_editable(actor, cluster_year)
    previous = selectors.previous_table(cluster_year)
    if previous is None:
        raise Conflict(_("Các năm trước của cụm chưa có bảng tiêu chí nào để sao chép."))
    guidance = {c.code: c.guidance for c in previous.criteria.all()}
    return _write_table(
        actor=actor, cluster_year=cluster_year, table=table, spec=selectors.table_spec(previous), source=CriteriaTable.Source.PREVIOUS,
        guidance=guidance, copied_from=previous, action="criteria_table.copy_from_previous",
    )  # fmt: skip


@transaction.atomic
def criteria_table_import_xlsx(*, actor, cluster_year: ClusterYear, data: bytes) -> CriteriaTable:
    """Replace the table with an .xlsx made like export_xlsx's. A wrong row refuses the
    whole file: table_io.TableImportError (400) lists each row's problems."""
    cluster_year = _locked(cluster_year)
    table = _check_table_editable(actor, cluster_year)
    spec = table_io.import_xlsx(data)
    guidance = {c.code: c.guidance for c in table.criteria.all()} if table is not None else {}
    return _write_table(
        actor=actor, cluster_year=cluster_year, table=table, spec=spec, source=CriteriaTable.Source.XLSX, guidance=guidance,
        action="criteria_table.import_xlsx",
    )  # fmt: skip


def criteria_table_export_xlsx(cluster_year: ClusterYear) -> bytes:
    """The year's table as an .xlsx (the same columns import_xlsx reads)."""
    table = selectors.table_for(cluster_year)
    if table is None:
        raise NotFound(_("Năm thi đua chưa có bảng tiêu chí."))
    title = _("Bảng tiêu chí chấm điểm — {cluster}, năm {year}").format(cluster=cluster_year.cluster.name, year=cluster_year.year)
    return table_io.export_xlsx(selectors.table_spec(table), title=title)


def criteria_table_require(cluster_year: ClusterYear, *, lock: bool = False) -> CriteriaTable:
    """The year's table, or 409 when it has none (self-assessment cannot open without one).
    Read-only: asked by `phase_changing` before the phase moves."""
    tables = CriteriaTable.objects.select_for_update() if lock else CriteriaTable.objects
    table = tables.filter(cluster_year=cluster_year).first()
    if table is None or not table.criteria.exists():
        raise Conflict(
            _("Năm thi đua {year} chưa có bảng tiêu chí chấm điểm: cần lập bảng tiêu chí trước khi mở tự chấm điểm.").format(
                year=cluster_year.year
            )
        )
    return table


@transaction.atomic  # its own when called alone; the phase change's when a receiver
def criteria_table_freeze(*, actor, cluster_year: ClusterYear) -> CriteriaTable:
    """Freeze the year's table for good (when self-assessment opens): a `phase_changed`
    receiver, inside the phase change's transaction and audited after it."""
    table = criteria_table_require(cluster_year, lock=True)
    if not table.is_frozen:
        table.frozen_at = timezone.now()
        table.save(update_fields=["frozen_at", "updated_at"])
        _audit(actor, "criteria_table.freeze", table, cluster_year, after={"frozen_at": table.frozen_at, "version": table.version})
    return table


# --- entries -----------------------------------------------------------------------------------------
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


# --- self-assessment ------------------------------------------------------------------------------------
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


# --- evidence -----------------------------------------------------------------------------------------------
@transaction.atomic
def evidence_upload(*, actor, cluster_year: ClusterYear, unit: Unit, criterion_code: str, uploaded) -> Evidence:
    """Attach a file to a criterion of the unit's draft self-assessment. The type is
    checked by content, the size against SCORING_EVIDENCE_MAX_BYTES; the file is stored
    under MEDIA_ROOT/evidence/<random>/ and only ever served by a permission-checked view."""
    cluster_year = _locked(cluster_year)
    table = _check_self(actor, cluster_year, unit)
    sheet = _sheet_for_update(cluster_year, unit, unit)
    _check_draft(sheet)
    criterion = next((c for c in table.criteria.all() if c.code == (criterion_code or "").strip()), None)
    if criterion is None:
        raise InvalidInput(_("Không có tiêu chí mã “{code}” trong bảng tiêu chí.").format(code=criterion_code), field="criterion")
    if uploaded is None:
        raise InvalidInput(_("Chưa chọn tệp minh chứng."), field="file")
    file_type, sha256, size = check_and_hash(uploaded)
    if sheet is None:
        sheet = ScoreSheet.objects.create(cluster_year=cluster_year, table=table, unit=unit, scorer=unit, kind=ScoreSheet.Kind.SELF)
    evidence = Evidence(
        sheet=sheet, criterion=criterion, file_type=file_type, original_name=clean_name(uploaded.name),
        content_type=CONTENT_TYPES[file_type], size=size, sha256=sha256, uploaded_by=actor,
    )  # fmt: skip
    evidence.file.save("file", uploaded, save=False)
    stored = evidence.file.name
    try:
        evidence.save()
        _audit(
            actor, "evidence.upload", evidence, cluster_year,
            after={"criterion": criterion.code, "name": evidence.original_name, "size": size, "sha256": sha256, "type": file_type},
        )  # fmt: skip
    except BaseException:  # nothing saved: the stored file goes too
        evidence.file.storage.delete(stored)
        raise
    return evidence


@transaction.atomic
def evidence_delete(*, actor, evidence: Evidence) -> None:
    sheet = evidence.sheet
    cluster_year = _locked(sheet.cluster_year)
    _check_self(actor, cluster_year, sheet.unit)
    _check_draft(ScoreSheet.objects.select_for_update().get(pk=sheet.pk))
    name, storage = evidence.file.name, evidence.file.storage
    _audit(actor, "evidence.delete", evidence, cluster_year, before={"criterion": evidence.criterion.code, "name": evidence.original_name,
                                                                    "sha256": evidence.sha256})
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- cross-scoring -----------------------------------------------------------------------------------------
def _check_cross(actor, cluster_year: ClusterYear, unit: Unit, scorer: Unit) -> tuple[CriteriaTable, str]:
    _member(cluster_year, unit)
    _member(cluster_year, scorer)
    if unit.pk == scorer.pk:
        raise Forbidden(_("Một đơn vị không được tự chấm chéo cho chính mình."))
    if not (actor.is_authenticated and actor.unit_id == scorer.pk and actor.is_unit_officer):
        raise Forbidden(_("Chỉ cán bộ thi đua của {scorer} được chấm phiếu này.").format(scorer=scorer))
    if not selectors.is_assigned(cluster_year, unit.pk, scorer.pk):
        raise Forbidden(
            _("{scorer} không được phân công chấm điểm {unit} năm {year}.").format(scorer=scorer, unit=unit, year=cluster_year.year)
        )
    require_role(actor, "scoring.edit_cross_sheet", SheetRef(cluster_year, unit, scorer))
    require_phase(cluster_year, "cross_score")
    return _frozen_table(cluster_year), selectors.cross_kind(selectors.year_rules(cluster_year))


@transaction.atomic
def cross_sheet_save(*, actor, cluster_year: ClusterYear, unit: Unit, scorer: Unit, entries) -> ScoreSheet:
    """Replace the entries of the scorer's draft sheet of `unit` (a cross-scoring sheet,
    or the panel's adjusted sheet in panel_adjusted mode)."""
    cluster_year = _locked(cluster_year)
    table, kind = _check_cross(actor, cluster_year, unit, scorer)
    sheet = _sheet_for_update(cluster_year, unit, scorer)
    _check_draft(sheet)
    clean = _clean_entries(table, entries)
    if sheet is None:
        sheet = ScoreSheet.objects.create(cluster_year=cluster_year, table=table, unit=unit, scorer=scorer, kind=kind)
    before = _entries_data(sheet)
    _replace_entries(sheet, clean)
    _audit(actor, "score_sheet.save", sheet, cluster_year, before={"entries": before}, after={"entries": _entries_data(sheet)})
    return sheet


@transaction.atomic
def cross_sheet_submit(*, actor, cluster_year: ClusterYear, unit: Unit, scorer: Unit) -> ScoreSheet:
    cluster_year = _locked(cluster_year)
    table, _kind = _check_cross(actor, cluster_year, unit, scorer)
    return _submit(actor, cluster_year, _sheet_for_update(cluster_year, unit, scorer), table)


@transaction.atomic
def scoring_assignments_set(*, actor, cluster_year: ClusterYear, pairs: Iterable[tuple[int, int]]) -> list[ScoringAssignment]:
    """Matrix mode: replace the year's explicit pairs (scorer unit id, scored unit id).
    Allowed until cross-scoring opens; 400 for a unit scoring itself or a non-member."""
    cluster_year = _locked(cluster_year)
    require_role(actor, "scoring.manage_assignments", cluster_year, _("Chỉ Cụm trưởng hoặc cơ quan tổ chức được phân công chấm chéo."))
    require_phase(cluster_year, "assign_cross_scoring")
    members = set(Membership.objects.filter(cluster_year=cluster_year).values_list("unit_id", flat=True))
    problems, clean = [], set()
    for scorer_id, unit_id in pairs:
        if scorer_id == unit_id:
            problems.append(_("Một đơn vị không được tự chấm chéo cho chính mình (đơn vị mã {id}).").format(id=unit_id))
        elif scorer_id not in members or unit_id not in members:
            outsider = unit_id if unit_id not in members else scorer_id
            problems.append(_("Đơn vị mã {id} không phải là thành viên của cụm năm này.").format(id=outsider))
        else:
            clean.add((scorer_id, unit_id))
    if problems:
        raise InvalidInput(problems[0], errors={"assignments": problems})
    before = sorted(ScoringAssignment.objects.filter(cluster_year=cluster_year).values_list("scorer_id", "unit_id"))
    ScoringAssignment.objects.filter(cluster_year=cluster_year).delete()
    rows = ScoringAssignment.objects.bulk_create(
        ScoringAssignment(cluster_year=cluster_year, scorer_id=s, unit_id=u) for s, u in sorted(clean)
    )
    _audit(actor, "scoring_assignments.set", cluster_year, cluster_year, before={"pairs": before}, after={"pairs": sorted(clean)})
    notices.tell_assignments(cluster_year, before, sorted(clean))
    return rows


# --- queries (đề nghị giải trình) ----------------------------------------------------------------------------
def _clean_text(text, field: str = "text", limit: int = QUERY_MAX) -> str:
    text = (text or "").strip() if isinstance(text, str) or text is None else None
    if not text:
        raise InvalidInput(_("Cần nhập nội dung."), field=field)
    if len(text) > limit:
        raise InvalidInput(_("Nội dung dài quá {n} ký tự.").format(n=limit), field=field)
    return text


@transaction.atomic
def score_query_ask(*, actor, cluster_year: ClusterYear, unit: Unit, scorer: Unit, criterion_code: str, text: str) -> ScoreQuery:
    """A scorer asks the unit to explain (giải trình) one criterion of its self-assessment."""
    cluster_year = _locked(cluster_year)
    _member(cluster_year, unit)
    _member(cluster_year, scorer)
    message = _("Chỉ cán bộ thi đua của đơn vị được phân công chấm mới được đề nghị giải trình.")
    require_role(actor, "scoring.ask_query", SheetRef(cluster_year, unit, scorer), message)
    require_phase(cluster_year, "query_score")
    sheet = ScoreSheet.objects.filter(cluster_year=cluster_year, unit=unit, scorer=unit).first()
    if sheet is None or sheet.snapshot is None:
        raise Conflict(_("{unit} chưa nộp bảng tự chấm điểm.").format(unit=unit))
    criterion = Criterion.objects.filter(table_id=sheet.table_id, code=(criterion_code or "").strip()).first()
    if criterion is None:
        raise InvalidInput(_("Không có tiêu chí mã “{code}” trong bảng tiêu chí.").format(code=criterion_code), field="criterion")
    query = ScoreQuery.objects.create(sheet=sheet, criterion=criterion, scorer=scorer, asked_by=actor, text=_clean_text(text))
    _audit(actor, "score_query.ask", query, cluster_year, after={"unit": unit.pk, "scorer": scorer.pk, "criterion": criterion.code,
                                                                 "text": query.text})
    notices.tell_query_asked(cluster_year, query, unit, scorer, actor)
    return query


REPLY_FILES_MAX = 5


def _checked_files(uploads) -> list[tuple[object, str, str, int]]:
    """[(upload, type, sha256, size)] of a reply's files, each checked by content like
    evidence; InvalidInput (nothing saved) for the first one refused."""
    uploads = [u for u in (uploads or []) if u is not None]
    if len(uploads) > REPLY_FILES_MAX:
        raise InvalidInput(_("Mỗi trả lời kèm tối đa {n} tệp.").format(n=REPLY_FILES_MAX), field="files")
    return [(u, *check_and_hash(u)) for u in uploads]


def _store_reply_files(reply: ScoreQueryReply, checked, stored: list[str]) -> list[dict]:
    """Save the checked files of a reply under MEDIA_ROOT (their storage names appended to
    `stored`, for the caller to delete if the transaction fails)."""
    saved = []
    for uploaded, file_type, sha256, size in checked:
        item = ScoreQueryReplyFile(reply=reply, file_type=file_type, original_name=clean_name(uploaded.name),
                                   content_type=CONTENT_TYPES[file_type], size=size, sha256=sha256)
        item.file.save("file", uploaded, save=False)
        stored.append(item.file.name)
        item.save()
        saved.append({"name": item.original_name, "size": size, "sha256": sha256, "type": file_type})
    return saved


@transaction.atomic
def score_query_reply(*, actor, query: ScoreQuery, text: str, files=()) -> ScoreQueryReply:
    """The unit answers (marks the query answered), or the asking scorer follows up; a
    reply may carry files (checked by content like evidence)."""
    sheet = query.sheet
    cluster_year = _locked(sheet.cluster_year)
    require_phase(cluster_year, "query_score")
    if has_role(actor, "scoring.answer_query", SheetRef(cluster_year, sheet.unit)):
        unit, answered = sheet.unit, True
    elif has_role(actor, "scoring.ask_query", SheetRef(cluster_year, sheet.unit, query.scorer)):
        unit, answered = query.scorer, False
    else:
        raise Forbidden(_("Chỉ đơn vị được hỏi hoặc đơn vị đã đề nghị giải trình được trả lời."))
    clean = _clean_text(text)
    checked = _checked_files(files)  # every file checked before anything is written
    reply = ScoreQueryReply.objects.create(query=query, unit=unit, author=actor, text=clean)
    ScoreQuery.objects.filter(pk=query.pk).update(answered=answered)
    query.answered = answered
    stored: list[str] = []
    try:
        saved = _store_reply_files(reply, checked, stored)
        after = {"query": query.pk, "unit": unit.pk, "text": reply.text} | ({"files": saved} if saved else {})
        _audit(actor, "score_query.reply", reply, cluster_year, after=after)
        notices.tell_query_replied(cluster_year, query, reply, actor)
    except BaseException:  # nothing saved: the stored files go too
        for name in stored:
            ScoreQueryReplyFile.file.field.storage.delete(name)
        raise
    return reply

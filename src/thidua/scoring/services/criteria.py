"""Writes of the criteria table (bảng tiêu chí): replace, the sample, copy from last year,
.xlsx import and export, and freezing it when scoring opens. Its own module because the
table is prepared by the leader before any sheet exists."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from thidua.core.errors import Conflict, NotFound
from thidua.cycle.phases import phase_allows, require_phase, require_role
from thidua.org.models import ClusterYear

# The shared helpers under the short names this module's services have always used.
from thidua.org.year_writes import audit_year as _audit
from thidua.org.year_writes import lock_year as _locked

from .. import arithmetic, selectors, table_io
from ..models import CriteriaTable, Criterion, CriterionGroup

AMEND_AT_REVIEW = _lazy(
    "Từ giai đoạn “Triển khai thực hiện”, bảng tiêu chí của năm chỉ được sửa đổi tại hội nghị sơ kết 6 tháng, kèm lý do "
    "(mục “Sơ kết” của năm thi đua)."
)


def _check_table_editable(actor, cluster_year: ClusterYear, *, at_review: bool = False) -> CriteriaTable | None:
    """The table, locked, if `actor` may write it now. Once the year's work has started, an
    existing table changes only at the mid-year review (`at_review`: reports.table_amend,
    which checks the review is recorded and keeps the reason); a year without one may still
    set it up until self-assessment."""
    require_role(actor, "scoring.edit_criteria", cluster_year, _("Chỉ Cụm trưởng hoặc cơ quan tổ chức được sửa bảng tiêu chí."))
    require_phase(cluster_year, "mid_year_review" if at_review else "edit_criteria")
    table = CriteriaTable.objects.select_for_update().filter(cluster_year=cluster_year).first()
    if table is not None and table.is_frozen:
        raise Conflict(_("Bảng tiêu chí năm {year} đã được khóa khi mở tự chấm điểm; không thể sửa.").format(year=cluster_year.year))
    if table is not None and not at_review and not phase_allows(cluster_year, "change_criteria"):
        raise Conflict(str(AMEND_AT_REVIEW))
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
def criteria_table_replace(
    *, actor, cluster_year: ClusterYear, data, source: str = CriteriaTable.Source.EDITED, at_review: bool = False
) -> CriteriaTable:
    """Replace the year's table with `data`, the API's shape ({groups: [{code, title,
    max_points, professional, criteria: [{code, title, kind, max_points, evidence,
    guidance?}]}]}). All or nothing: 400 listing every problem."""
    cluster_year = _locked(cluster_year)
    table = _check_table_editable(actor, cluster_year, at_review=at_review)
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
def criteria_table_import_xlsx(*, actor, cluster_year: ClusterYear, data: bytes, at_review: bool = False) -> CriteriaTable:
    """Replace the table with an .xlsx made like export_xlsx's. A wrong row refuses the
    whole file: table_io.TableImportError (400) lists each row's problems."""
    cluster_year = _locked(cluster_year)
    table = _check_table_editable(actor, cluster_year, at_review=at_review)
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

"""Cross-scoring (chấm chéo): who scores whom (the assignments) and a scorer's sheet for
another unit, saved and submitted."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.errors import Forbidden, InvalidInput
from thidua.cycle.phases import require_phase, require_role
from thidua.org.models import ClusterYear, Membership, Unit

# The shared helpers under the short names this module's services have always used.
from thidua.org.year_writes import audit_year as _audit
from thidua.org.year_writes import lock_year as _locked

from .. import notices, selectors
from ..models import CriteriaTable, ScoreSheet, ScoringAssignment
from ..rules import SheetRef
from .common import _frozen_table, _member
from .entries import _check_draft, _clean_entries, _entries_data, _replace_entries, _sheet_for_update, _submit


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

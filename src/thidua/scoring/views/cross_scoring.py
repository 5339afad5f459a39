"""Cross-scoring: the list of units to score and every sheet's progress, the matrix of
assignments, and the sheet (the self-assessment beside, save, submit)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.confirm import ask, is_confirmed
from thidua.core.errors import Conflict, DomainError, Forbidden, InvalidInput
from thidua.core.http import forbidden
from thidua.cycle import phases
from thidua.cycle.phases import phase_allows

from .. import confirmations, forms, presenters, selectors, services
from ..models import ScoreSheet
from ..rules import SheetRef, can
from .base import member_or_404, messages_of, page_context, refused, year_or_404, year_url


@login_required
@require_GET
def cross_home(request, pk: int, year: int):
    """A scorer unit's list of units to score; the progress of every sheet for the
    secretariat and the organizer."""
    cluster_year = year_or_404(request, pk, year)
    user = request.user
    if not can(user, "scoring.view_progress", cluster_year):
        return forbidden(request, _("Chỉ các đơn vị thành viên của năm thi đua và cơ quan tổ chức được xem trang này."))
    rows = selectors.progress(cluster_year)
    by_id = {r.unit.pk: r for r in rows}
    own = by_id.get(user.unit_id)
    oversee = can(user, "scoring.reopen_sheet", cluster_year)
    rules = selectors.year_rules(cluster_year)
    for row in rows:
        row.received_rows = [(by_id[s].unit, status, row.sheet_ids.get(s)) for s, status in sorted(row.received.items()) if s in by_id]
    context = page_context(cluster_year, _("Chấm chéo"), "cross") | {
        "rows": rows, "by_id": by_id, "own": own, "acts": bool(own and (user.is_unit_officer or user.is_unit_head)),
        "to_score": [(by_id[u], own.given.get(u)) for u in own.to_score] if own else [], "oversee": oversee, "rules": rules,
        "open": phase_allows(cluster_year, "cross_score"), "can_reopen": oversee and phase_allows(cluster_year, "cross_score"),
        "can_assign": rules.cross_scoring == "matrix" and phases.has_role(user, "scoring.manage_assignments", cluster_year),
        "expected": sum(len(r.scorers) for r in rows), "done": sum(r.received_submitted for r in rows),
    }  # fmt: skip
    return render(request, "scoring/cross_home.html", context)


def _cross_page(request, cluster_year, unit, scorer, *, status: int = 200, posted=None, errors=None):
    user = request.user
    ref = SheetRef(cluster_year, unit, scorer)
    rules = selectors.year_rules(cluster_year)
    table = selectors.table_for(cluster_year)
    spec = selectors.table_spec(table) if table is not None else None
    sheets = selectors.sheets_get(cluster_year, unit, [scorer, unit])  # the scorer's sheet and the unit's own, at once
    sheet, self_sheet = sheets.get(scorer.pk), sheets.get(unit.pk)
    is_scorer = user.unit_id == scorer.pk
    data = selectors.sheet_data(sheet, unit=unit, scorer=scorer, kind=selectors.cross_kind(rules), spec=spec, live=is_scorer)
    self_data = selectors.sheet_data(self_sheet, unit=unit, scorer=unit, kind=ScoreSheet.Kind.SELF, spec=spec, live=False)
    phase_open = phase_allows(cluster_year, "cross_score")
    can_edit = can(user, "scoring.edit_cross_sheet", ref) and table is not None and not (sheet and sheet.is_submitted)
    own = data["entries"]
    prefilled = False
    if can_edit and not own and posted is None and rules.panel_adjusted and self_data["entries"]:
        own, prefilled = self_data["entries"], True  # the panel adjusts the self-score
    groups = presenters.sheet_rows(
        table, own=own, self_entries=self_data["entries"], evidence_by_code=presenters.evidence_by_code(self_sheet, snapshot_only=True),
        queries=selectors.queries_for(self_sheet), posted=posted, spec=spec,
    )  # fmt: skip
    context = page_context(cluster_year, _("Chấm điểm {unit}").format(unit=unit.name), "cross") | {
        "unit": unit, "scorer": scorer, "sheet": sheet, "data": data, "self_data": self_data, "self_sheet": self_sheet,
        "groups": groups, "can_edit": can_edit, "prefilled": prefilled, "rules": rules, "is_scorer": is_scorer,
        "can_ask": can(user, "scoring.ask_query", ref) and bool(self_data["entries"]),
        "can_reopen": bool(sheet and sheet.is_submitted and can(user, "scoring.reopen_sheet", cluster_year) and phase_open),
        "totals": presenters.sheet_totals(spec, posted if posted is not None else own), "errors": errors or [],
        "self_totals": presenters.sheet_totals(spec, self_data["entries"]) if self_data["entries"] else None,
        "confirm_submit": confirmations.cross_submit(cluster_year, unit, scorer) if can_edit else None,
    }  # fmt: skip
    return render(request, "scoring/cross_sheet.html", context, status=status)


def cross_refs(request, pk, year, unit_id, scorer_id=None):
    """(year, scored unit, scorer unit, refusal or None): the scorer is the user's own unit
    unless the URL names it (a reader of another unit's sheet); never the unit itself."""
    cluster_year = year_or_404(request, pk, year)
    unit = member_or_404(cluster_year, unit_id)
    if scorer_id is None:
        if not request.user.unit_id:
            return cluster_year, unit, None, forbidden(request, _("Chỉ cán bộ của đơn vị được phân công chấm mới có phiếu chấm chéo."))
        scorer = selectors.member_unit(cluster_year, request.user.unit_id)
        if scorer is None:
            return cluster_year, unit, None, forbidden(request, _("Đơn vị của bạn không phải là thành viên của cụm năm này."))
    else:
        scorer = member_or_404(cluster_year, scorer_id)
    if scorer.pk == unit.pk:
        return cluster_year, unit, scorer, forbidden(request, _("Một đơn vị không được tự chấm chéo cho chính mình."))
    return cluster_year, unit, scorer, None


@login_required
@require_http_methods(["GET", "POST"])
def cross_sheet(request, pk: int, year: int, unit_id: int, scorer_id: int | None = None):
    cluster_year, unit, scorer, refusal = cross_refs(request, pk, year, unit_id, scorer_id)
    if refusal:
        return refusal
    if not can(request.user, "scoring.view_cross_sheet", SheetRef(cluster_year, unit, scorer)):
        return forbidden(request, _("{scorer} không được phân công chấm điểm {unit}.").format(scorer=scorer, unit=unit))
    if request.method == "POST":
        table = selectors.table_for(cluster_year)
        if table is None:
            return refused(request, cluster_year, _("Năm thi đua chưa có bảng tiêu chí."))
        posted = forms.entries_from_post(request.POST, table)
        try:
            services.cross_sheet_save(actor=request.user, cluster_year=cluster_year, unit=unit, scorer=scorer, entries=posted)
        except InvalidInput as exc:
            return _cross_page(request, cluster_year, unit, scorer, status=400, posted=posted, errors=messages_of(exc))
        except Forbidden as exc:
            return forbidden(request, exc.message)
        except Conflict as exc:
            return _cross_page(request, cluster_year, unit, scorer, status=409, posted=posted, errors=[str(exc.message)])
        messages.success(request, _("Đã lưu phiếu chấm (chưa nộp)."))
        return redirect(year_url("scoring_cross", cluster_year, unit.pk))
    return _cross_page(request, cluster_year, unit, scorer)


@login_required
@require_POST
def cross_submit(request, pk: int, year: int, unit_id: int):
    cluster_year, unit, scorer, refusal = cross_refs(request, pk, year, unit_id)
    if refusal:
        return refusal
    back = year_url("scoring_cross", cluster_year, unit.pk)
    if not is_confirmed(request) and can(request.user, "scoring.edit_cross_sheet", SheetRef(cluster_year, unit, scorer)):
        return ask(request, confirmations.cross_submit(cluster_year, unit, scorer), back)
    try:
        services.cross_sheet_submit(actor=request.user, cluster_year=cluster_year, unit=unit, scorer=scorer)
    except Forbidden as exc:
        return forbidden(request, exc.message)
    except DomainError as exc:
        return refused(request, cluster_year, exc.message, exc.status, back)
    messages.success(request, _("Đã nộp phiếu chấm điểm {unit}.").format(unit=unit.name))
    return redirect(year_url("scoring_cross_home", cluster_year))


@login_required
@require_http_methods(["GET", "POST"])
def assignments(request, pk: int, year: int):
    """Matrix mode: who scores whom, set by the leader unit or the organizer before
    cross-scoring opens."""
    cluster_year = year_or_404(request, pk, year)
    user = request.user
    if not can(user, "scoring.view_progress", cluster_year):
        return forbidden(request)
    can_edit = phases.has_role(user, "scoring.manage_assignments", cluster_year)
    rules = selectors.year_rules(cluster_year)
    status, errors = 200, []
    if request.method == "POST":
        if not can_edit:
            return forbidden(request, _("Chỉ Cụm trưởng hoặc cơ quan tổ chức được phân công chấm chéo."))
        try:
            services.scoring_assignments_set(actor=user, cluster_year=cluster_year, pairs=forms.assignment_pairs(request.POST))
        except Forbidden as exc:
            return forbidden(request, exc.message)
        except DomainError as exc:
            status, errors = exc.status, messages_of(exc)
        else:
            messages.success(request, _("Đã lưu phân công chấm chéo."))
            return redirect(year_url("scoring_assignments", cluster_year))
    members = selectors.year_members(cluster_year)
    current = selectors.assignment_map(cluster_year, rules=rules)
    pairs = {(s, u) for u, scorers in current.items() for s in scorers}
    matrix = [(s, [(u, (s.unit_id, u.unit_id) in pairs) for u in members]) for s in members]
    context = page_context(cluster_year, _("Phân công chấm chéo"), "cross") | {
        "members": members, "matrix": matrix, "rules": rules, "errors": errors,
        "editable": rules.cross_scoring == "matrix" and can(user, "scoring.manage_assignments", cluster_year),
    }  # fmt: skip
    return render(request, "scoring/assignments.html", context, status=status)

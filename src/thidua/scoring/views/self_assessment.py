"""Self-assessment: every unit's state, a unit's sheet (fill, save, submit), the live totals
of a sheet being typed, and reopening a submitted sheet (self or cross)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.confirm import ask, is_confirmed
from thidua.core.errors import Conflict, DomainError, Forbidden, InvalidInput
from thidua.core.http import forbidden
from thidua.cycle.phases import phase_allows
from thidua.org.models import ClusterYear, Unit

from .. import confirmations, evidence, forms, presenters, selectors, services
from ..models import ScoreSheet
from ..rules import SheetRef, can
from .base import member_or_404, messages_of, page_context, refused, year_or_404, year_url


@login_required
@require_GET
def self_home(request, pk: int, year: int):
    """Every unit's self-assessment state; a member's staff go on to their own sheet."""
    cluster_year = year_or_404(request, pk, year)
    user = request.user
    if not can(user, "scoring.view_progress", cluster_year):
        return forbidden(request, _("Chỉ các đơn vị thành viên của năm thi đua và cơ quan tổ chức được xem trang này."))
    rows = selectors.progress(cluster_year)
    own = next((r for r in rows if r.unit.pk == user.unit_id), None)
    oversee = can(user, "scoring.reopen_sheet", cluster_year)
    visible = {r.unit.pk for r in rows} if oversee else ({own.unit.pk} | set(own.to_score) if own else set())
    context = page_context(cluster_year, _("Tự chấm điểm"), "self") | {
        "rows": rows, "own": own, "visible": visible, "submitted": sum(1 for r in rows if r.self_status == ScoreSheet.Status.SUBMITTED),
        "open": phase_allows(cluster_year, "self_assess"),
    }  # fmt: skip
    return render(request, "scoring/self_home.html", context)


def _self_page(request, cluster_year: ClusterYear, unit: Unit, *, status: int = 200, posted=None, errors=None, missing=None):
    user = request.user
    ref = SheetRef(cluster_year, unit)
    table = selectors.table_for(cluster_year)
    sheet = selectors.sheet_get(cluster_year, unit, unit)
    own_staff = user.unit_id == unit.pk
    spec = selectors.table_spec(table) if table is not None else None
    phase_open = phase_allows(cluster_year, "self_assess")
    can_edit = (
        can(user, "scoring.edit_self_sheet", ref) and table is not None and table.is_frozen
        and not (sheet and sheet.is_submitted)
    )  # fmt: skip
    data = selectors.sheet_data(sheet, unit=unit, scorer=unit, kind=ScoreSheet.Kind.SELF, spec=spec, live=own_staff)
    entries = data["entries"]
    queries = selectors.queries_for(sheet)
    drafts = can(user, "scoring.view_self_drafts", ref)
    rows = presenters.sheet_rows(
        table, own=entries, evidence_by_code=presenters.evidence_by_code(sheet, snapshot_only=not drafts), queries=queries,
        posted=posted, spec=spec,
    )  # fmt: skip
    context = page_context(cluster_year, _("Tự chấm điểm — {unit}").format(unit=unit.name), "self") | {
        "unit": unit, "sheet": sheet, "data": data, "table": table, "groups": rows, "can_edit": can_edit,
        "can_reopen": bool(sheet and sheet.is_submitted and can(user, "scoring.reopen_sheet", cluster_year) and phase_open),
        "can_answer": can(user, "scoring.answer_query", ref),
        "totals": presenters.sheet_totals(spec, posted if posted is not None else entries), "errors": errors or [],
        "own_staff": own_staff, "accept": evidence.ACCEPT, "max_upload": evidence.max_bytes(),
        "phase_open": phase_open, "query_count": sum(len(q) for q in queries.values()),
        "confirm_submit": confirmations.self_submit(cluster_year, unit) if can_edit else None,
    }  # fmt: skip
    if missing is not None:  # a submission stopped for missing evidence: the list, and "submit anyway" unless the year blocks it
        context |= {"missing_evidence": missing["criteria"], "evidence_required_total": missing["total"],
                    "evidence_blocking": missing["blocking"]}
    return render(request, "scoring/self_sheet.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def self_sheet(request, pk: int, year: int, unit_id: int):
    cluster_year = year_or_404(request, pk, year)
    unit = member_or_404(cluster_year, unit_id)
    if not can(request.user, "scoring.view_self_sheet", SheetRef(cluster_year, unit)):
        return forbidden(request, _("Bạn không được xem bảng tự chấm điểm của đơn vị này."))
    if request.method == "POST":
        table = selectors.table_for(cluster_year)
        if table is None:
            return refused(request, cluster_year, _("Năm thi đua chưa có bảng tiêu chí."))
        posted = forms.entries_from_post(request.POST, table)
        try:
            services.self_sheet_save(actor=request.user, cluster_year=cluster_year, unit=unit, entries=posted)
        except InvalidInput as exc:
            return _self_page(request, cluster_year, unit, status=400, posted=posted, errors=messages_of(exc))
        except Forbidden as exc:
            return forbidden(request, exc.message)
        except Conflict as exc:
            return _self_page(request, cluster_year, unit, status=409, posted=posted, errors=[str(exc.message)])
        messages.success(request, _("Đã lưu bảng tự chấm điểm (chưa nộp)."))
        return redirect(year_url("scoring_self", cluster_year, unit.pk))
    return _self_page(request, cluster_year, unit)


@login_required
@require_POST
def self_submit(request, pk: int, year: int, unit_id: int):
    cluster_year = year_or_404(request, pk, year)
    unit = member_or_404(cluster_year, unit_id)
    back = year_url("scoring_self", cluster_year, unit.pk)
    # "Submit anyway" on the missing-evidence warning is itself the confirmation.
    confirmed = request.POST.get("confirm_missing_evidence") == "1"
    # Asked only of whoever may submit now; anyone else is refused by the service as before.
    if not (confirmed or is_confirmed(request)) and can(request.user, "scoring.edit_self_sheet", SheetRef(cluster_year, unit)):
        return ask(request, confirmations.self_submit(cluster_year, unit), back)
    try:
        services.self_sheet_submit(actor=request.user, cluster_year=cluster_year, unit=unit, confirm_missing_evidence=confirmed)
    except Forbidden as exc:
        return forbidden(request, exc.message)
    except services.EvidenceMissing as exc:  # warn, list, ask to confirm
        total = services.missing_evidence(selectors.table_for(cluster_year), None)[1]
        return _self_page(request, cluster_year, unit, missing={"criteria": exc.criteria, "total": total, "blocking": False})
    except InvalidInput as exc:
        if "criteria" in exc.errors:  # the year makes evidence blocking
            table = selectors.table_for(cluster_year)
            missing, total = services.missing_evidence(table, selectors.sheet_get(cluster_year, unit, unit))
            return _self_page(request, cluster_year, unit, status=400, missing={"criteria": missing, "total": total, "blocking": True})
        return refused(request, cluster_year, exc.message, exc.status, back)
    except DomainError as exc:
        return refused(request, cluster_year, exc.message, exc.status, back)
    messages.success(request, _("Đã nộp bảng tự chấm điểm. Các đơn vị chấm chéo sẽ thấy bản đã nộp."))
    return redirect(back)


@login_required
@require_POST
def preview(request, pk: int, year: int):
    """The totals of a sheet being typed, without saving anything (HTMX)."""
    cluster_year = year_or_404(request, pk, year)
    if not can(request.user, "scoring.view_criteria", cluster_year):
        return forbidden(request)
    table = selectors.table_for(cluster_year)
    if table is None:
        return HttpResponse("")
    spec = selectors.table_spec(table)
    posted = forms.entries_from_post(request.POST, table)
    bad = presenters.bad_codes(spec, posted)
    totals = presenters.sheet_totals(spec, presenters.valid_entries(posted, bad))
    return render(request, "scoring/partials/totals.html", {"totals": totals, "bad": sorted(bad), "live": True})


@login_required
@require_POST
def sheet_reopen(request, pk: int, year: int, sheet_id: int):
    """Reopen a submitted sheet, self or cross, with a reason (the secretariat, the organizer)."""
    cluster_year = year_or_404(request, pk, year)
    sheet = selectors.sheet_by_id(sheet_id)
    if sheet is None or sheet.cluster_year_id != cluster_year.pk:
        raise Http404(_("Không tìm thấy phiếu chấm."))
    if sheet.kind == ScoreSheet.Kind.SELF:
        default = year_url("scoring_self", cluster_year, sheet.unit_id)
    else:
        default = year_url("scoring_cross_home", cluster_year)
    back = forms.next_url(request.POST, default)
    try:
        services.sheet_reopen(actor=request.user, sheet=sheet, reason=request.POST.get("reason", ""))
    except Forbidden as exc:
        return forbidden(request, exc.message)
    except DomainError as exc:
        return refused(request, cluster_year, " ".join(messages_of(exc)), exc.status, back)
    messages.success(request, _("Đã mở lại phiếu chấm; đơn vị có thể sửa và nộp lại."))
    return redirect(back)

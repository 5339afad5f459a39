"""The pages of the year's two founding documents: the covenant (text, members' signatures,
its number, preview / .docx / PDF) and the conference plan (issuing it, its preview and
files), with their digital signatures. Apart from views.py because they are the year's
document pages, sharing its helpers (`_viewable`, `_attempt`, `_refused`) as
views_issuer.py and views_documents.py do."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.confirm import ask, is_confirmed
from thidua.core.errors import DomainError, InvalidInput
from thidua.core.http import forbidden
from thidua.core.permissions import can
from thidua.documents import views as document_pages
from thidua.documents.numbering import parse_given_number
from thidua.documents.responses import document_response, format_views
from thidua.org.models import ClusterYear, Phase

from . import confirmations, documents, phases, selectors, services
from .forms import CovenantTextForm, PlanForm
from .issuer import leader_unit
from .tasks import deadline_of, year_url
from .views import _attempt, _base_context, _refused, _viewable, _year


def _covenant_context(request, cluster_year: ClusterYear, form=None) -> dict:
    user = request.user
    covenant = selectors.covenant_of(cluster_year)
    progress = selectors.covenant_progress(cluster_year, covenant)
    own = next(((m, s) for m, s in progress.rows if m.unit_id == user.unit_id), None) if user.unit_id else None
    has_signatures = progress.signed > 0
    text_editable = can(user, "cycle.edit_covenant", cluster_year) and not has_signatures
    if form is None and text_editable:
        form = CovenantTextForm(initial={"text": covenant.text if covenant else ""})
    return {
        **_base_context(request, cluster_year), "covenant": covenant, "progress": progress, "own": own, "form": form,
        "text_editable": text_editable,
        "can_sign": bool(own and own[1] is None and can(user, "cycle.sign_covenant", cluster_year)
                         and covenant and not covenant.is_frozen),
        "is_head": bool(own and user.is_unit_head),
        "sign_phase_open": phases.phase_allows(cluster_year, "sign_covenant"),
        "can_number": bool(covenant and covenant.is_frozen and not covenant.issued_document_id
                           and user.has_perm("cycle.issue_documents", cluster_year)),
        "deadline": deadline_of(cluster_year, Phase.COVENANT),
        "confirm_sign": confirmations.covenant_sign(cluster_year, own[0].unit) if own else None,
        "confirm_number": confirmations.covenant_number(cluster_year),
        "next_number": (
            documents.next_number(cluster_year, services.year_settings_get(cluster_year).covenant_type_code,
                                  documents.covenant_date(covenant), kind_covenant=True)
            if covenant and covenant.is_frozen and not covenant.issued_document_id else None
        ),
        "signing": document_pages.signing_context(
            request, cluster_year=cluster_year, kind="giao-uoc", issued_document=covenant.issued_document if covenant else None,
            sign_url=year_url("cycle_covenant_digital_sign", cluster_year),
            file_url=lambda row: year_url("cycle_signed_pdf", cluster_year, row.pk)),
    }


@login_required
@require_http_methods(["GET", "POST"])
def cycle_covenant(request, pk: int, year: int):
    cluster_year, refused = _viewable(request, pk, year)
    if refused:
        return refused
    if request.method == "POST":
        if not phases.has_role(request.user, "cycle.edit_covenant", cluster_year):
            return forbidden(request, _("Chỉ đơn vị Cụm trưởng, Cụm phó và cơ quan tổ chức được sửa nội dung giao ước."))
        form = CovenantTextForm(request.POST)
        context = _covenant_context(request, cluster_year, form)
        context["text_editable"] = True  # show the form with its errors
        if not form.is_valid():
            return render(request, "cycle/covenant.html", context, status=400)
        _result, status = _attempt(request, form, lambda: services.covenant_save_text(
            actor=request.user, cluster_year=cluster_year, text=form.cleaned_data["text"]))
        if status:
            return render(request, "cycle/covenant.html", context, status=status)
        messages.success(request, _("Đã lưu nội dung giao ước."))
        return redirect(year_url("cycle_covenant", cluster_year))
    return render(request, "cycle/covenant.html", _covenant_context(request, cluster_year))


@login_required
@require_POST
def cycle_covenant_sign(request, pk: int, year: int):
    cluster_year = _year(request, pk, year)
    if not phases.has_role(request.user, "cycle.sign_covenant", cluster_year):
        return forbidden(request, _("Chỉ lãnh đạo đơn vị thành viên được ký giao ước thi đua."))
    if not is_confirmed(request):
        return ask(request, confirmations.covenant_sign(cluster_year, request.user.unit), year_url("cycle_covenant", cluster_year))
    try:
        services.covenant_sign(actor=request.user, cluster_year=cluster_year, unit=request.user.unit)
    except DomainError as exc:
        return _refused(request, cluster_year, exc, "cycle_covenant")
    messages.success(request, _("{unit} đã ký giao ước thi đua năm {year}.").format(unit=request.user.unit.name, year=year))
    return redirect(year_url("cycle_covenant", cluster_year))


@login_required
@require_POST
def cycle_covenant_number(request, pk: int, year: int):
    cluster_year = _year(request, pk, year)
    if not request.user.has_perm("cycle.issue_documents", cluster_year):
        return forbidden(request, _("Chỉ cán bộ, lãnh đạo đơn vị Cụm trưởng được cấp số văn bản của Cụm."))
    if not is_confirmed(request):
        return ask(request, confirmations.covenant_number(cluster_year), year_url("cycle_covenant", cluster_year))
    try:
        # the number the leader unit's văn thư gave, or empty for the register's next one
        number = parse_given_number(request.POST.get("number"))
        covenant = services.covenant_number_issue(actor=request.user, cluster_year=cluster_year, number=number)
    except DomainError as exc:
        return _refused(request, cluster_year, exc, "cycle_covenant")
    messages.success(request, _("Giao ước đã được cấp số {number}.").format(number=covenant.issued_document.document_number))
    return redirect(year_url("cycle_covenant", cluster_year))


COVENANT, PLAN = "Giao ước thi đua", "Kế hoạch tổ chức Hội nghị tổng kết"


def _covenant_file(request, pk: int, year: int, fmt: str):
    """The covenant as a preview (`?so=`: with the number it would get, still marked
    "DỰ THẢO", before anyone issues it), a .docx or a PDF."""
    cluster_year, refused = _viewable(request, pk, year)
    if refused:
        return refused
    document = documents.covenant_document(cluster_year)
    if fmt == "preview" and request.GET.get("so") and document.number.number is None:
        document = documents.with_number_preview(document, request.GET["so"])
    return document_response(document, fmt, documents.docx_filename(COVENANT, cluster_year))


def _plan_file(request, pk: int, year: int, fmt: str):
    cluster_year, refused = _viewable(request, pk, year)
    if refused:
        return refused
    plan = selectors.conference_plan_of(cluster_year)
    if plan is None and fmt == "preview" and request.GET.get("date"):
        return _plan_draft_preview(request, cluster_year)
    if plan is None:
        raise Http404(_("Kế hoạch chưa được ban hành."))
    return document_response(documents.plan_document(plan), fmt, documents.docx_filename(PLAN, cluster_year))


def _plan_draft_preview(request, cluster_year: ClusterYear) -> HttpResponse:
    """The whole plan as the issue form would make it, with the number it will get (the
    form's button "Xem trước", in a new tab, before the confirmation); nothing is saved."""
    if not phases.has_role(request.user, "cycle.issue_plan", cluster_year):
        return forbidden(request, _("Chỉ cán bộ, lãnh đạo đơn vị Cụm trưởng được ban hành kế hoạch."))
    form = PlanForm(request.GET)
    if not form.is_valid():
        message = "; ".join(f"{form.fields[name].label}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
                            for name, errors in form.errors.items())
        return _refused(request, cluster_year, InvalidInput(message), "cycle_plan")
    try:
        document = documents.plan_preview_document(cluster_year, form.cleaned_data)
    except DomainError as exc:
        return _refused(request, cluster_year, exc, "cycle_plan")
    return document_response(document, "preview", documents.docx_filename(PLAN, cluster_year))


@login_required
@require_http_methods(["GET", "POST"])
def cycle_plan(request, pk: int, year: int):
    from .views_documents import document_links_numbered  # it builds on views.py's helpers

    cluster_year, refused = _viewable(request, pk, year)
    if refused:
        return refused
    user = request.user
    plan = selectors.conference_plan_of(cluster_year)
    can_issue = phases.has_role(user, "cycle.issue_plan", cluster_year)
    leader = leader_unit(cluster_year)
    initial = {"date": selectors.today(), "signer": selectors.head_name(leader.pk) if leader else "",
               "reports_due": deadline_of(cluster_year, Phase.SELF_ASSESSMENT)}
    form = PlanForm(request.POST if request.method == "POST" else None, initial=initial)
    context = {
        **_base_context(request, cluster_year), "plan": plan, "form": form, "leader": leader,
        "can_issue": can_issue and plan is None, "phase_open": phases.phase_allows(cluster_year, "issue_plan"),
        "confirm_issue": confirmations.plan_issue(cluster_year),
        "year_documents": document_links_numbered(request, cluster_year),
        "signing": document_pages.signing_context(
            request, cluster_year=cluster_year, kind="ke-hoach", issued_document=plan.issued_document if plan else None,
            sign_url=year_url("cycle_plan_digital_sign", cluster_year),
            file_url=lambda row: year_url("cycle_signed_pdf", cluster_year, row.pk)),
    }
    if request.method == "POST":
        if not can_issue:
            return forbidden(request, _("Chỉ cán bộ, lãnh đạo đơn vị Cụm trưởng được ban hành kế hoạch."))
        if not form.is_valid():
            return render(request, "cycle/plan.html", context, status=400)
        if not is_confirmed(request):
            return ask(request, confirmations.plan_issue(cluster_year), year_url("cycle_plan", cluster_year))
        result, status = _attempt(request, form, lambda: services.conference_plan_issue(actor=user, cluster_year=cluster_year,
                                                                                         **form.cleaned_data))
        if status:
            return render(request, "cycle/plan.html", context, status=status)
        messages.success(request, _("Đã ban hành Kế hoạch số {number}.").format(number=result.issued_document.document_number))
        return redirect(year_url("cycle_plan", cluster_year))
    return render(request, "cycle/plan.html", context)


# --- PDF and digital signatures of the year's documents (documents.pdf, documents.signing) ------


@login_required
@require_POST
def cycle_covenant_digital_sign(request, pk: int, year: int):
    cluster_year, refused = _viewable(request, pk, year)
    if refused:
        return refused
    covenant = selectors.covenant_of(cluster_year)
    return document_pages.sign_post(
        request, cluster_year=cluster_year, kind="giao-uoc", document=documents.covenant_document(cluster_year, covenant),
        issued_document=covenant.issued_document if covenant else None, back_url=year_url("cycle_covenant", cluster_year),
    )


@login_required
@require_POST
def cycle_plan_digital_sign(request, pk: int, year: int):
    cluster_year, refused = _viewable(request, pk, year)
    if refused:
        return refused
    plan = selectors.conference_plan_of(cluster_year)
    if plan is None:
        raise Http404(_("Kế hoạch chưa được ban hành."))
    return document_pages.sign_post(
        request, cluster_year=cluster_year, kind="ke-hoach", document=documents.plan_document(plan),
        issued_document=plan.issued_document, back_url=year_url("cycle_plan", cluster_year),
    )


@login_required
@require_GET
def cycle_signed_pdf(request, pk: int, year: int, signed_id: int):
    """A signed copy of one of the year's documents, to whoever may see the year."""
    cluster_year, refused = _viewable(request, pk, year)
    if refused:
        return refused
    return document_pages.signed_file(cluster_year, signed_id)


# the preview, .docx and PDF of each document (documents.responses.format_views)
cycle_covenant_preview, cycle_covenant_docx, cycle_covenant_pdf = format_views(_covenant_file)
cycle_plan_preview, cycle_plan_docx, cycle_plan_pdf = format_views(_plan_file)

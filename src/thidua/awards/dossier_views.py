"""Pages of the proposal dossier: the dossier of a cluster-year (members and the organizer
read; the leader unit builds and submits; the organizer returns or accepts), a proposed
unit's achievement report (its officer writes, its head confirms), the dossier's documents
(preview, .docx, PDF) and the organizer's inbox of a year. Thin: the services write, the
selectors read; irreversible acts ask first (core.confirm)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.confirm import ask, is_confirmed
from thidua.core.errors import DomainError
from thidua.core.http import forbidden
from thidua.core.permissions import can
from thidua.cycle import phases
from thidua.cycle.selectors import cluster_year_or_404
from thidua.documents.responses import document_response, format_views
from thidua.org.models import Organizer
from thidua.org.presenters import year_url

from . import dossier_selectors as sel
from . import dossier_services as svc
from .confirmations import accept_confirmation, return_confirmation, submit_confirmation
from .dossier_documents import REPORT_KIND, REPORT_TITLE, YEAR_DOCUMENTS, report_document
from .presenters import award_name

VIEWERS_ONLY = _("Chỉ các đơn vị thành viên của năm thi đua và cơ quan tổ chức được xem trang này.")


def _year(request, pk, year):
    """(year, None) or (None, the 403 page); 404 outside the person's clusters."""
    cluster_year = cluster_year_or_404(request.user, pk, year)
    if not can(request.user, "cycle.view_year", cluster_year):
        return None, forbidden(request, VIEWERS_ONLY)
    return cluster_year, None


def _refused(request, exc: DomainError, back_url: str):
    return render(request, "awards/refused.html", {"message": exc.message, "back_url": back_url,
                                                  "reasons": exc.errors.get("checks", [])}, status=exc.status)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def dossier_page(request, pk: int, year: int):
    cluster_year, refusal = _year(request, pk, year)
    if refusal:
        return refusal
    url = year_url("awards_dossier", cluster_year)
    if request.method == "POST":  # build or rebuild
        if not phases.has_role(request.user, "awards.build_dossier", cluster_year):
            return forbidden(request, svc.LEADER_ONLY)
        try:
            svc.dossier_build(actor=request.user, cluster_year=cluster_year)
        except DomainError as exc:
            return _refused(request, exc, url)
        messages.success(request, _("Đã lập hồ sơ đề nghị khen thưởng từ kết quả biểu quyết."))
        return redirect(url)
    dossier = sel.dossier_or_none(cluster_year)
    view = sel.dossier_view(dossier) if dossier is not None else None
    user = request.user
    rows = []
    if view is not None:
        reports = {r.unit_id: r for r in view.reports}
        rows = [{"p": p, "award": award_name(p["award"]), "percent": f"{float(p['percent']):.2f}".replace(".", ","),
                 "eligible": result.eligible, "result": result, "report": reports.get(p["unit"])}
                for p, result in view.results]  # fmt: skip
    context = {
        "cluster_year": cluster_year, "cluster": cluster_year.cluster, "year": year, "view": view, "dossier": dossier, "rows": rows,
        "may_build": can(user, "awards.build_dossier", cluster_year) and (dossier is None or dossier.editable),
        "is_leader": phases.has_role(user, "awards.build_dossier", cluster_year),
        "may_submit": can(user, "awards.submit_dossier", cluster_year) and dossier is not None and dossier.editable,
        "may_review": svc.can_review(user, cluster_year) and dossier is not None and dossier.state == dossier.State.SUBMITTED,
        "in_proposals": phases.phase_allows(cluster_year, "build_dossier"),
        "submit_confirmation": submit_confirmation(cluster_year),
        "accept_confirmation": accept_confirmation(cluster_year),
        "return_confirmation": return_confirmation(cluster_year),
        "inbox_url": svc.inbox_url(cluster_year),
    }  # fmt: skip
    return render(request, "awards/dossier.html", context)


@login_required
@require_POST
def dossier_submit(request, pk: int, year: int):
    cluster_year, refusal = _year(request, pk, year)
    if refusal:
        return refusal
    url = year_url("awards_dossier", cluster_year)
    if not can(request.user, "awards.submit_dossier", cluster_year):
        return forbidden(request, svc.LEADER_ONLY)
    if not is_confirmed(request):
        return ask(request, submit_confirmation(cluster_year), url)
    try:
        svc.dossier_submit(actor=request.user, cluster_year=cluster_year)
    except DomainError as exc:
        return _refused(request, exc, url)
    messages.success(request, _("Đã gửi hồ sơ tới {org}.").format(org=cluster_year.cluster.organizer.name))
    return redirect(url)


def _review(request, pk, year, act):
    cluster_year, refusal = _year(request, pk, year)
    if refusal:
        return refusal
    back = request.POST.get("next") or year_url("awards_dossier", cluster_year)
    if not back.startswith("/") or back.startswith("//"):
        back = year_url("awards_dossier", cluster_year)
    if not svc.can_review(request.user, cluster_year):
        return forbidden(request, _("Chỉ cán bộ của cơ quan tổ chức được xem xét hồ sơ đề nghị khen thưởng."))
    return act(cluster_year, back)


@login_required
@require_POST
def dossier_return(request, pk: int, year: int):
    def act(cluster_year, back):
        reason = request.POST.get("reason", "").strip()
        if not reason:
            return _refused(request, DomainError(_("Cần nêu lý do trả lại hồ sơ.")), back)
        if not is_confirmed(request):
            return ask(request, return_confirmation(cluster_year), back)
        try:
            svc.dossier_return(actor=request.user, cluster_year=cluster_year, reason=reason)
        except DomainError as exc:
            return _refused(request, exc, back)
        messages.success(request, _("Đã trả lại hồ sơ của {cluster}.").format(cluster=cluster_year.cluster.name))
        return redirect(back)

    return _review(request, pk, year, act)


@login_required
@require_POST
def dossier_accept(request, pk: int, year: int):
    def act(cluster_year, back):
        if not is_confirmed(request):
            return ask(request, accept_confirmation(cluster_year), back)
        try:
            svc.dossier_accept(actor=request.user, cluster_year=cluster_year)
        except DomainError as exc:
            return _refused(request, exc, back)
        messages.success(request, _("Đã tiếp nhận hồ sơ của {cluster}.").format(cluster=cluster_year.cluster.name))
        return redirect(back)

    return _review(request, pk, year, act)


# --- the achievement report ----------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def report_page(request, pk: int, year: int, unit_id: int):
    cluster_year, refusal = _year(request, pk, year)
    if refusal:
        return refusal
    try:
        report = sel.report_or_404(sel.dossier_or_404(cluster_year), unit_id)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    url = year_url("awards_dossier", cluster_year)
    here = request.path
    errors: list[str] = []
    sections = report.sections
    if request.method == "POST":
        if not can(request.user, "awards.write_report", report):
            return forbidden(request, _("Chỉ cán bộ của đơn vị được đề nghị viết báo cáo thành tích của đơn vị."))
        count = min(len(report.sections) + 5, 20)
        sections = [{"title": request.POST.get(f"title-{i}", "").strip(), "text": request.POST.get(f"text-{i}", "")}
                    for i in range(count) if f"title-{i}" in request.POST]  # fmt: skip
        try:
            svc.report_write(actor=request.user, report=report, sections=sections)
        except DomainError as exc:
            if exc.status == 409:
                return _refused(request, exc, here)
            errors = [m for ms in exc.errors.values() for m in ms]
        else:
            messages.success(request, _("Đã lưu báo cáo thành tích."))
            return redirect(here)
    context = {
        "cluster_year": cluster_year, "cluster": cluster_year.cluster, "year": year, "report": report, "sections": sections,
        "errors": errors, "dossier_url": url, "editable": report.dossier.editable,
        "may_write": can(request.user, "awards.write_report", report) and report.dossier.editable,
        "may_confirm": can(request.user, "awards.confirm_report", report) and report.dossier.editable
        and report.state == report.State.DRAFT,
    }  # fmt: skip
    return render(request, "awards/report.html", context, status=400 if errors else 200)


@login_required
@require_POST
def report_confirm(request, pk: int, year: int, unit_id: int):
    cluster_year, refusal = _year(request, pk, year)
    if refusal:
        return refusal
    try:
        report = sel.report_or_404(sel.dossier_or_404(cluster_year), unit_id)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    here = year_url("awards_dossier", cluster_year)
    if not can(request.user, "awards.confirm_report", report):
        return forbidden(request, _("Chỉ thủ trưởng đơn vị được đề nghị xác nhận báo cáo thành tích."))
    try:
        svc.report_confirm(actor=request.user, report=report)
    except DomainError as exc:
        return _refused(request, exc, here)
    messages.success(request, _("Đã xác nhận báo cáo thành tích của {unit}.").format(unit=report.unit.name))
    return redirect(request.path.rsplit("xac-nhan/", 1)[0])


# --- documents -----------------------------------------------------------------------------------
def _document(request, pk: int, year: int, kind: str, fmt: str):
    cluster_year, refusal = _year(request, pk, year)
    if refusal:
        return refusal
    dossier = sel.dossier_or_none(cluster_year)
    if dossier is None:
        raise Http404(_("Chưa lập hồ sơ đề nghị khen thưởng."))
    from thidua.voting.documents import docx_filename

    if kind in YEAR_DOCUMENTS:
        title, build = YEAR_DOCUMENTS[kind]
        return document_response(build(cluster_year), fmt, docx_filename(title, cluster_year))
    if kind == REPORT_KIND:
        raw = request.GET.get("don-vi", "")
        report = dossier.reports.select_related("unit").filter(unit_id=int(raw)).first() if raw.isascii() and raw.isdigit() else None
        if report is None:
            raise Http404(_("Đơn vị không có trong hồ sơ."))
        report.dossier = dossier
        name = docx_filename(REPORT_TITLE, cluster_year, report.unit.symbol or report.unit.name)
        return document_response(report_document(report), fmt, name)
    raise Http404(_("Không có loại văn bản này."))


# --- the organizer's inbox -----------------------------------------------------------------------
@login_required
@require_GET
def inbox_page(request, organizer_id: int, year: int):
    organizer = Organizer.objects.filter(pk=organizer_id).first()
    user = request.user
    if organizer is None or (user.is_organizer_officer and user.organizer_id != organizer.pk and not user.is_superuser):
        raise Http404(_("Không tìm thấy cơ quan tổ chức."))
    if not (user.is_superuser or (user.is_organizer_officer and user.organizer_id == organizer.pk)):
        return forbidden(request, _("Chỉ cán bộ của cơ quan tổ chức xem được hồ sơ gửi tới cơ quan."))
    lines, table = sel.inbox(organizer.pk, year)
    context = {
        "organizer": organizer, "year": year, "lines": lines, "table": table,
        "accept_confirmation": accept_confirmation(None), "return_confirmation": return_confirmation(None),
        "years": [year - 1, year, year + 1],
    }  # fmt: skip
    return render(request, "awards/inbox.html", context)


@login_required
@require_GET
def inbox_latest(request):
    """The main navigation's "Hồ sơ khen thưởng" for an organizer officer: the inbox of the
    newest year in which one of its clusters has a dossier (else the newest year it has)."""
    user = request.user
    if not (user.is_organizer_officer and user.organizer_id):
        return forbidden(request, _("Chỉ cán bộ của cơ quan tổ chức xem được hồ sơ gửi tới cơ quan."))
    return redirect("awards_inbox", user.organizer_id, sel.inbox_year(user.organizer_id))


# the preview, .docx and PDF of each document (documents.responses.format_views)
document_preview, document_docx, document_pdf = format_views(_document)

"""Pages of the reports app: the summary report (sections, versions, the difference between
two versions, comments with their answers, who has not commented; assign, start, edit,
circulate, comment, answer, adopt) with each version's and the letter's documents, and the
mid-year review (its record, its short report, the scoring table's amendments). Thin: every
write is a service; a year the person cannot see is 404, a role they lack 403."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.confirm import ask, is_confirmed
from thidua.core.errors import DomainError, Forbidden, InvalidInput
from thidua.core.http import forbidden
from thidua.core.permissions import can
from thidua.cycle.selectors import cluster_year_or_404, members_of
from thidua.documents.responses import document_response
from thidua.org.models import Unit
from thidua.org.presenters import year_url

from . import confirmations, documents, selectors, services
from .diff import versions_diff
from .models import WHOLE, ReportComment

FORMATS = {"xem-truoc": "preview", "docx": "docx", "pdf": "pdf"}
MAX_XLSX = 5 * 1024 * 1024


def _year(request, pk: int, year: int):
    cluster_year = cluster_year_or_404(request.user, pk, year)
    if not can(request.user, "reports.view", cluster_year):
        return cluster_year, forbidden(request, _("Chỉ các đơn vị thành viên của năm thi đua và cơ quan tổ chức được xem trang này."))
    return cluster_year, None


def _context(request, cluster_year, **extra) -> dict:
    view = selectors.report_view(cluster_year)
    user = request.user
    current = view.current
    titles = {s["key"]: s["title"] for s in (current.sections if current else [])}
    comments = [{"c": c, "section_title": titles.get(c.section, _("Toàn bộ báo cáo")) if c.section else _("Toàn bộ báo cáo")}
                for c in view.comments]  # fmt: skip
    drafter_ok = can(user, "reports.draft", cluster_year)
    return {
        "cluster_year": cluster_year, "cluster": cluster_year.cluster, "year": cluster_year.year, "view": view, "current": current,
        "comments": comments, "may_draft": drafter_ok, "may_assign": can(user, "reports.assign_drafter", cluster_year),
        "may_comment": can(user, "reports.comment", cluster_year), "may_adopt": can(user, "reports.adopt", cluster_year),
        "deputies": [m for m in members_of(cluster_year) if m.role != "member"], "whole": WHOLE,
        "confirm_circulate": confirmations.circulate(cluster_year), "confirm_adopt": confirmations.adopt(cluster_year, current),
        "default_until": timezone.localdate() + dt.timedelta(days=7), "states": ReportComment.State, **extra,
    }  # fmt: skip


def _report_page(request, cluster_year, *, error: str = "", status: int = 200, **extra):
    return render(request, "reports/report.html", _context(request, cluster_year, error=error, **extra), status=status)


def _act(request, cluster_year, call, done: str):
    """Run a write: back to the report page with `done`, or the page with the refusal."""
    try:
        call()
    except Forbidden as exc:
        return forbidden(request, exc.message)
    except DomainError as exc:
        return _report_page(request, cluster_year, error=exc.message, status=exc.status)
    messages.success(request, done)
    return redirect(year_url("reports_report", cluster_year))


@login_required
@require_GET
def report_page(request, pk: int, year: int):
    cluster_year, refused = _year(request, pk, year)
    return refused or _report_page(request, cluster_year)


@login_required
@require_POST
def report_assign(request, pk: int, year: int):
    cluster_year, refused = _year(request, pk, year)
    if refused:
        return refused
    unit = Unit.objects.filter(pk=request.POST.get("unit") if str(request.POST.get("unit", "")).isdigit() else None).first()
    return _act(request, cluster_year, lambda: services.report_assign_drafter(actor=request.user, cluster_year=cluster_year, unit=unit),
                _("Đã giao đơn vị soạn dự thảo báo cáo tổng kết."))


@login_required
@require_POST
def report_start(request, pk: int, year: int):
    cluster_year, refused = _year(request, pk, year)
    if refused:
        return refused
    return _act(request, cluster_year, lambda: services.report_start(actor=request.user, cluster_year=cluster_year),
                _("Đã lập dự thảo lần 1 từ số liệu của năm; hãy biên tập từng phần."))


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk: int, year: int):
    cluster_year, refused = _year(request, pk, year)
    if refused:
        return refused
    if not can(request.user, "reports.draft", cluster_year):
        return forbidden(request, _("Chỉ đơn vị được giao soạn thảo được sửa báo cáo tổng kết."))
    view = selectors.report_view(cluster_year)
    if view.current is None:
        raise Http404(_("Chưa có dự thảo."))
    sections, note, error, status = view.current.sections, "", "", 200
    if request.method == "POST":
        posted = {s["key"]: request.POST.get(f"section-{s['key']}", "") for s in view.current.sections}
        note = request.POST.get("note", "")
        try:
            version = services.report_save(actor=request.user, cluster_year=cluster_year, sections=posted, note=note)
        except Forbidden as exc:
            return forbidden(request, exc.message)
        except DomainError as exc:
            error, status = exc.message, exc.status
            sections = [{**s, "text": posted[s["key"]]} for s in view.current.sections]
        else:
            messages.success(request, _("Đã lưu dự thảo lần {n}.").format(n=version.number))
            return redirect(year_url("reports_report", cluster_year))
    return render(request, "reports/edit.html", {
        "cluster_year": cluster_year, "cluster": cluster_year.cluster, "year": year, "current": view.current,
        "sections": sections, "note": note, "error": error,
    }, status=status)  # fmt: skip


@login_required
@require_POST
def report_circulate(request, pk: int, year: int):
    cluster_year, refused = _year(request, pk, year)
    if refused:
        return refused
    if not can(request.user, "reports.draft", cluster_year):
        return forbidden(request, _("Chỉ đơn vị được giao soạn thảo được gửi xin ý kiến."))
    try:
        until = dt.date.fromisoformat(request.POST.get("comments_until", ""))
    except ValueError:
        return _report_page(request, cluster_year, error=_("Hạn góp ý không hợp lệ (ngày/tháng/năm)."), status=400)
    if not is_confirmed(request):
        return ask(request, confirmations.circulate(cluster_year), year_url("reports_report", cluster_year))
    return _act(request, cluster_year,
                lambda: services.report_circulate(actor=request.user, cluster_year=cluster_year, comments_until=until),
                _("Đã gửi dự thảo xin ý kiến các đơn vị đến hết ngày {day}.").format(day=until.strftime("%d/%m/%Y")))


@login_required
@require_POST
def report_comment(request, pk: int, year: int):
    cluster_year, refused = _year(request, pk, year)
    if refused:
        return refused
    return _act(request, cluster_year, lambda: services.report_comment(
        actor=request.user, cluster_year=cluster_year, section=request.POST.get("section", ""), text=request.POST.get("text", "")),
        _("Đã gửi ý kiến góp ý của đơn vị."))


@login_required
@require_POST
def report_answer(request, pk: int, year: int, comment_id: int):
    cluster_year, refused = _year(request, pk, year)
    if refused:
        return refused
    return _act(request, cluster_year, lambda: services.report_comment_answer(
        actor=request.user, cluster_year=cluster_year, comment_id=comment_id, state=request.POST.get("state", ""),
        reply=request.POST.get("reply", "")), _("Đã ghi ý kiến xử lý góp ý."))


@login_required
@require_POST
def report_adopt(request, pk: int, year: int):
    cluster_year, refused = _year(request, pk, year)
    if refused:
        return refused
    if not can(request.user, "reports.adopt", cluster_year):
        return forbidden(request, _("Chỉ đơn vị Cụm trưởng hoặc cơ quan tổ chức ghi nhận hội nghị thông qua báo cáo."))
    if not is_confirmed(request):
        current = selectors.report_view(cluster_year).current
        return ask(request, confirmations.adopt(cluster_year, current), year_url("reports_report", cluster_year))
    return _act(request, cluster_year, lambda: services.report_adopt(
        actor=request.user, cluster_year=cluster_year, number=request.POST.get("number", "")), _("Đã ghi nhận hội nghị thông qua báo cáo."))


@login_required
@require_GET
def report_diff(request, pk: int, year: int):
    cluster_year, refused = _year(request, pk, year)
    if refused:
        return refused
    view = selectors.report_view(cluster_year)
    new = view.version(request.GET.get("den")) or view.current
    old = view.version(request.GET.get("tu")) or (view.version(new.number - 1) if new else None)
    if new is None or old is None:
        raise Http404(_("Chưa có hai lần dự thảo để so sánh."))
    return render(request, "reports/diff.html", {
        "cluster_year": cluster_year, "cluster": cluster_year.cluster, "year": year, "old": old, "new": new, "view": view,
        "sections": versions_diff(old.sections, new.sections),
    })  # fmt: skip


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Http404(_("Không có định dạng này."))
    return FORMATS[fmt]


@login_required
@require_GET
def version_document(request, pk: int, year: int, number: int, fmt: str):
    cluster_year, refused = _year(request, pk, year)
    if refused:
        return refused
    view = selectors.report_view(cluster_year)
    version = view.version(number)
    if version is None:
        raise Http404(_("Không có lần dự thảo này."))
    name = documents.filename(f"Báo cáo tổng kết lần {number}", cluster_year)
    return document_response(documents.version_document(view.report, version), _format(fmt), name)


@login_required
@require_GET
def letter_document(request, pk: int, year: int, fmt: str):
    cluster_year, refused = _year(request, pk, year)
    if refused:
        return refused
    view = selectors.report_view(cluster_year)
    if view.round is None:
        raise Http404(_("Dự thảo chưa được gửi xin ý kiến."))
    name = documents.filename("Công văn xin góp ý báo cáo tổng kết", cluster_year)
    return document_response(documents.letter_document(view.report, view.round), _format(fmt), name)


# --- the mid-year review ---------------------------------------------------------------------------
def _review_context(request, cluster_year, **extra) -> dict:
    from thidua.scoring.selectors import table_for

    review = selectors.mid_year_review_of(cluster_year)
    return {
        "cluster_year": cluster_year, "cluster": cluster_year.cluster, "year": cluster_year.year, "review": review,
        "members": members_of(cluster_year), "table": table_for(cluster_year),
        "may_record": can(request.user, "reports.record_review", cluster_year),
        "may_amend": can(request.user, "reports.amend_table", cluster_year),
        "present_ids": {u.pk for u in review.present.all()} if review else set(), **extra,
    }  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def mid_year(request, pk: int, year: int):
    cluster_year, refused = _year(request, pk, year)
    if refused:
        return refused
    if request.method == "GET":
        return render(request, "reports/mid_year.html", _review_context(request, cluster_year))
    if not can(request.user, "reports.record_review", cluster_year):
        return forbidden(request, _("Chỉ đơn vị Cụm trưởng, Cụm phó hoặc cơ quan tổ chức ghi biên bản sơ kết."))
    post = request.POST
    try:
        day = dt.date.fromisoformat(post.get("date", ""))
    except ValueError:
        day = None
    data = {
        "date": day, "place": post.get("place", ""), "host": int(post["host"]) if post.get("host", "").isdigit() else None,
        "present": [int(v) for v in post.getlist("present") if v.isdigit()], "attendance_note": post.get("attendance_note", ""),
        "content": post.get("content", ""), "conclusions": post.get("conclusions", ""),
    }  # fmt: skip
    try:
        services.mid_year_record(actor=request.user, cluster_year=cluster_year, data=data)
    except Forbidden as exc:
        return forbidden(request, exc.message)
    except DomainError as exc:
        errors = [m for ms in exc.errors.values() for m in ms]
        return render(request, "reports/mid_year.html", _review_context(request, cluster_year, errors=errors, posted=post),
                      status=exc.status)
    messages.success(request, _("Đã lưu biên bản sơ kết 6 tháng."))
    return redirect(year_url("reports_mid_year", cluster_year))


@login_required
@require_POST
def mid_year_amend(request, pk: int, year: int):
    cluster_year, refused = _year(request, pk, year)
    if refused:
        return refused
    if not can(request.user, "reports.amend_table", cluster_year):
        return forbidden(request, _("Chỉ đơn vị Cụm trưởng hoặc cơ quan tổ chức sửa bảng tiêu chí."))
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise InvalidInput(_("Chọn tệp .xlsx của bảng tiêu chí đã sửa."), field="file")
        data = upload.read(MAX_XLSX + 1)
        if len(data) > MAX_XLSX:
            raise InvalidInput(_("Tệp quá lớn (tối đa 5 MB)."), field="file")
        amendment = services.table_amend(actor=request.user, cluster_year=cluster_year, reason=request.POST.get("reason", ""), xlsx=data)
    except Forbidden as exc:
        return forbidden(request, exc.message)
    except DomainError as exc:
        errors = [m for ms in exc.errors.values() for m in ms]
        return render(request, "reports/mid_year.html", _review_context(request, cluster_year, amend_errors=errors), status=exc.status)
    messages.success(request, _("Đã sửa đổi bảng tiêu chí (lần {a} → lần {b}).").format(a=amendment.from_version, b=amendment.to_version))
    return redirect(year_url("reports_mid_year", cluster_year))


@login_required
@require_GET
def mid_year_document(request, pk: int, year: int, fmt: str):
    cluster_year, refused = _year(request, pk, year)
    if refused:
        return refused
    review = selectors.mid_year_review_of(cluster_year)
    if review is None:
        raise Http404(_("Chưa có biên bản sơ kết."))
    name = documents.filename("Báo cáo sơ kết 6 tháng", cluster_year)
    return document_response(documents.mid_year_document(review), _format(fmt), name)

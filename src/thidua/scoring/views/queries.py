"""Query threads (giải trình): a scorer asks about a criterion of a unit's self-assessment,
the unit answers; both as HTMX fragments or full-page round trips."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from thidua.core.errors import DomainError, Forbidden, InvalidInput
from thidua.core.http import forbidden, private

from .. import evidence as files
from .. import forms, selectors, services
from ..rules import SheetRef, can
from .base import fragment_status, messages_of, refused, year_or_404, year_url
from .cross_scoring import cross_refs


def _thread(request, cluster_year, query, *, error=None, status=200):
    query = selectors.query_get(cluster_year, query.pk)
    sheet = query.sheet
    user = request.user
    context = {
        "cluster_year": cluster_year, "cluster": cluster_year.cluster, "year": cluster_year.year, "q": query, "error": error,
        "can_reply": (
            can(user, "scoring.answer_query", SheetRef(cluster_year, sheet.unit))
            or can(user, "scoring.ask_query", SheetRef(cluster_year, sheet.unit, query.scorer))
        ),
    }  # fmt: skip
    return render(request, "scoring/partials/query_thread.html", context, status=status)


@login_required
@require_POST
def query_ask(request, pk: int, year: int, unit_id: int):
    cluster_year, unit, scorer, refusal = cross_refs(request, pk, year, unit_id)
    if refusal:
        return refusal
    back = forms.next_url(request.POST, year_url("scoring_cross", cluster_year, unit.pk))
    try:
        query = services.score_query_ask(
            actor=request.user, cluster_year=cluster_year, unit=unit, scorer=scorer, criterion_code=request.POST.get("criterion", ""),
            text=request.POST.get("text", ""),
        )  # fmt: skip
    except Forbidden as exc:
        return forbidden(request, exc.message)
    except DomainError as exc:
        return refused(request, cluster_year, " ".join(messages_of(exc)), exc.status, back)
    if request.htmx:
        return _thread(request, cluster_year, query)
    messages.success(request, _("Đã gửi đề nghị giải trình tới {unit}.").format(unit=unit.name))
    return redirect(back)


@csrf_exempt
@login_required
@require_POST
def query_reply(request, pk: int, year: int, query_id: int):
    """A reply, with files if any: the size limit is applied while the body is read (as
    for evidence), then the CSRF check, then the service's checks."""
    limiter = files.SizeLimitUploadHandler(request)
    request.upload_handlers.insert(0, limiter)
    return _query_reply(request, pk, year, query_id, limiter)


@csrf_protect
def _query_reply(request, pk: int, year: int, query_id: int, limiter):
    cluster_year = year_or_404(request, pk, year)
    query = selectors.query_get(cluster_year, query_id)
    if query is None:
        raise Http404(_("Không tìm thấy đề nghị giải trình."))
    if not can(request.user, "scoring.view_self_sheet", SheetRef(cluster_year, query.sheet.unit)):
        return forbidden(request)
    back = forms.next_url(request.POST, year_url("scoring_self", cluster_year, query.sheet.unit_id))
    try:
        if limiter.too_big:
            raise InvalidInput(files.too_big_message(), field="files")
        services.score_query_reply(actor=request.user, query=query, text=request.POST.get("text", ""),
                                   files=request.FILES.getlist("files"))
    except Forbidden as exc:
        return forbidden(request, exc.message)
    except DomainError as exc:
        if request.htmx:
            return _thread(request, cluster_year, query, error=" ".join(messages_of(exc)), status=fragment_status(exc))
        return refused(request, cluster_year, " ".join(messages_of(exc)), exc.status, back)
    if request.htmx:
        return _thread(request, cluster_year, query)
    messages.success(request, _("Đã gửi trả lời."))
    return redirect(back)


@login_required
@require_GET
def reply_file_download(request, pk: int, year: int, file_id: int):
    """A reply's file, as a private attachment, to the thread's units and the organizer;
    404 for anyone else."""
    cluster_year = year_or_404(request, pk, year)
    item = selectors.reply_file_get(request.user, cluster_year, file_id)
    if item is None:
        raise Http404(_("Không tìm thấy tệp."))
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("Không tìm thấy tệp."))
    response = FileResponse(
        handle, as_attachment=True, filename=files.download_name(item.original_name, item.file_type),
        content_type=files.CONTENT_TYPES[item.file_type],
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return private(response)

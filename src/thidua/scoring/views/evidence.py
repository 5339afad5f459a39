"""Evidence files of a self-assessment: upload (size-limited while the body is read),
delete, and download — files are only ever served here, after a permission check, as
private attachments."""

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
from thidua.cycle import phases

from .. import evidence as files
from .. import presenters, selectors, services
from ..rules import SheetRef, can
from .base import fragment_status, member_or_404, messages_of, refused, year_or_404, year_url


def _fragment(request, cluster_year, unit, code: str, *, error: str | None = None, status: int = 200):
    """The criterion's list of files (HTMX), after an upload or a deletion."""
    table = selectors.table_for(cluster_year)
    criterion = next((c for c in table.criteria.all() if c.code == code), None) if table else None
    sheet = selectors.sheet_get(cluster_year, unit, unit)
    context = {
        "cluster_year": cluster_year, "cluster": cluster_year.cluster, "year": cluster_year.year, "unit": unit, "criterion": criterion,
        "files": presenters.evidence_by_code(sheet, snapshot_only=False).get(code, []), "error": error, "can_edit": True,
        "accept": files.ACCEPT,
    }  # fmt: skip
    return render(request, "scoring/partials/evidence_list.html", context, status=status)


@csrf_exempt
@login_required
@require_POST
def evidence_upload(request, pk: int, year: int, unit_id: int):
    """Upload one file. The size limit is applied while the body is read (so a huge
    upload is never stored), then the CSRF check, then the service's checks."""
    limiter = files.SizeLimitUploadHandler(request)
    request.upload_handlers.insert(0, limiter)
    return _evidence_upload(request, pk, year, unit_id, limiter)


@csrf_protect
def _evidence_upload(request, pk: int, year: int, unit_id: int, limiter):
    cluster_year = year_or_404(request, pk, year)
    unit = member_or_404(cluster_year, unit_id)
    code = request.POST.get("criterion", "")
    back = year_url("scoring_self", cluster_year, unit.pk)
    try:
        if limiter.too_big:
            # The permission and the phase first, so that the refusal says the right thing.
            message = _("Chỉ cán bộ thi đua của đơn vị được tải minh chứng lên.")
            phases.require_now(request.user, "scoring.edit_self_sheet", SheetRef(cluster_year, unit), message)
            raise InvalidInput(files.too_big_message(), field="file")
        services.evidence_upload(
            actor=request.user, cluster_year=cluster_year, unit=unit, criterion_code=code, uploaded=request.FILES.get("file")
        )
    except Forbidden as exc:
        return forbidden(request, exc.message)
    except DomainError as exc:
        if request.htmx:
            return _fragment(request, cluster_year, unit, code, error=" ".join(messages_of(exc)), status=fragment_status(exc))
        return refused(request, cluster_year, " ".join(messages_of(exc)), exc.status, back)
    if request.htmx:
        return _fragment(request, cluster_year, unit, code)
    messages.success(request, _("Đã tải minh chứng lên."))
    return redirect(back)


@login_required
@require_POST
def evidence_delete(request, pk: int, year: int, evidence_id: int):
    cluster_year = year_or_404(request, pk, year)
    item = selectors.evidence_get(cluster_year, evidence_id)
    if item is None:
        raise Http404(_("Không tìm thấy minh chứng."))
    unit, code = item.sheet.unit, item.criterion.code
    back = year_url("scoring_self", cluster_year, unit.pk)
    try:
        services.evidence_delete(actor=request.user, evidence=item)
    except Forbidden as exc:
        return forbidden(request, exc.message)
    except DomainError as exc:
        return refused(request, cluster_year, exc.message, exc.status, back)
    if request.htmx:
        return _fragment(request, cluster_year, unit, code)
    messages.success(request, _("Đã xóa minh chứng."))
    return redirect(back)


@login_required
@require_GET
def evidence_download(request, pk: int, year: int, evidence_id: int):
    """The file, as an attachment, to whoever may see the unit's self-assessment: the unit
    itself, the secretariat and the organizer; the units that score it once the sheet was
    submitted with that file. Others: 403; outside the cluster: 404."""
    cluster_year = year_or_404(request, pk, year)
    item = selectors.evidence_get(cluster_year, evidence_id)
    if item is None:
        raise Http404(_("Không tìm thấy minh chứng."))
    user, sheet = request.user, item.sheet
    if not can(user, "scoring.view_progress", cluster_year):  # neither a member of the year nor its organizer
        raise Http404(_("Không tìm thấy minh chứng."))
    ref = SheetRef(cluster_year, sheet.unit)
    if not can(user, "scoring.view_self_sheet", ref):
        return forbidden(request, _("Bạn không được xem minh chứng của đơn vị này."))
    if not can(user, "scoring.view_self_drafts", ref) and item.pk not in selectors.submitted_evidence_ids(sheet):
        return forbidden(request, _("Minh chứng này chưa được nộp cùng bảng tự chấm điểm."))
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("Không tìm thấy tệp minh chứng."))
    # Named and typed by the detected content, whatever name it was uploaded under; streamed.
    response = FileResponse(
        handle, as_attachment=True, filename=files.download_name(item.original_name, item.file_type),
        content_type=files.CONTENT_TYPES[item.file_type],
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return private(response)

"""The bulk import page (/tai-khoan/nhap/): upload → the dry run's report → "Nhập".

The file checked by the dry run travels back with the report's form, base64, with a signature
binding it to the person and the dry run (django.core.signing); "Nhập" and the report's
download only accept a file that went through a dry run, and import_apply checks it again
anyway. Nothing is stored on the server between the two steps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thidua.core.errors import DomainError
from thidua.core.http import XLSX, download, forbidden, private
from thidua.core.permissions import can
from thidua.org.xlsx_import import seal, unseal

from . import imports

_SALT = "thidua.accounts.import"


def _seal(request, data: bytes) -> dict:
    return seal(request.user.pk, data, _SALT)


def _unseal(request) -> bytes | None:
    """The dry-run file sent back with the report, or None when it is missing or altered."""
    return unseal(request.POST, request.user.pk, _SALT, imports.LIMITS.max_file_bytes)


def _page(request, *, plan=None, data: bytes | None = None, error: str = "", status: int = 200):
    context = {"plan": plan, "error": error, "limit_mb": imports.LIMITS.max_file_bytes // imports.MiB}
    if plan is not None:
        context.update(counts=plan.counts, status_labels=imports.DONE_LABELS if plan.applied else imports.STATUS_LABELS)
        if data is not None and not plan.applied:
            context.update(_seal(request, data))
    return private(render(request, "accounts/import.html", context, status=status))


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request):
    if not can(request.user, "accounts.import_accounts"):
        return forbidden(request, _("Chỉ cán bộ cơ quan tổ chức và quản trị hệ thống được nhập đơn vị và tài khoản."))
    if request.method == "GET":
        return _page(request)
    action = request.POST.get("action", "check")
    if action == "check":
        upload = request.FILES.get("file")
        if upload is None:
            return _page(request, error=_("Hãy chọn tệp Excel (.xlsx) để tải lên."), status=400)
        if upload.size > imports.LIMITS.max_file_bytes:
            return _page(
                request, error=_("Tệp quá lớn (tối đa {n} MB).").format(n=imports.LIMITS.max_file_bytes // imports.MiB), status=400
            )
        data = upload.read()
        plan = imports.import_plan(actor=request.user, data=data)
        return _page(request, plan=plan, data=data, status=200)
    data = _unseal(request)
    if data is None:
        return _page(request, error=_("Phiên kiểm tra đã hết hoặc tệp bị thay đổi: hãy tải tệp lên lại."), status=400)
    if action == "report":
        plan = imports.import_plan(actor=request.user, data=data)
        return download(imports.report_xlsx(plan), "bao-cao-nhap-tai-khoan.xlsx", XLSX)
    if action != "apply":
        return _page(request, error=_("Thao tác không hợp lệ."), status=400)
    try:
        plan = imports.import_apply(actor=request.user, data=data, request=request)
    except imports.ImportRefused as exc:
        return _page(request, plan=exc.plan, data=data, error=str(exc.message), status=400)
    except IntegrityError:
        return _page(request, error=_("Dữ liệu vừa bị thay đổi bởi một thao tác khác; chưa nhập gì, hãy kiểm tra lại tệp."), status=409)
    except DomainError as exc:
        return _page(request, error=str(exc.message), status=exc.status)
    counts = plan.counts
    messages.success(
        request,
        _("Đã nhập: {units} đơn vị mới, {updated} đơn vị cập nhật, {accounts} tài khoản mới.").format(
            units=counts["units_created"], updated=counts["units_updated"], accounts=counts["accounts_created"]
        ),
    )
    return _page(request, plan=plan)


@login_required
@require_GET
def import_template(request):
    if not can(request.user, "accounts.import_accounts"):
        return forbidden(request)
    return download(imports.template_xlsx(), "mau-nhap-don-vi-tai-khoan.xlsx", XLSX)

"""Pages of two-factor sign-in: the second step of the sign-in (/dang-nhap/xac-thuc/) and
the account's security page (/tai-khoan/bao-mat/: enrol, recovery codes, switch off). The
work is in accounts.twofactor; these only parse the form and render."""

from __future__ import annotations

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from thidua.core.errors import DomainError, Forbidden
from thidua.core.http import forbidden, private

from . import twofactor
from .middleware import remember_no_device


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("dashboard")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def twofactor_verify(request):
    """The second step: the code of the person's app, or one of their recovery codes."""
    user = request.user
    if user.is_verified() or not twofactor.has_2fa(user):
        return redirect(_next_url(request))
    error, status = "", 200
    if request.method == "POST":
        try:
            device = twofactor.second_step_verify(user=user, code=request.POST.get("otp", ""))
        except DomainError as exc:
            error, status = str(exc.message), exc.status
        else:
            django_otp.login(request, device)
            if device.__class__.__name__ == "StaticDevice":
                left = twofactor.recovery_codes_left(user)
                messages.warning(
                    request,
                    _("Bạn vừa dùng một mã dự phòng; còn lại {n} mã. Có thể tạo bộ mã mới ở trang Bảo mật tài khoản.").format(n=left),
                )
            return redirect(_next_url(request))
    context = {"error": error, "next": request.POST.get("next") or request.GET.get("next", "")}
    return private(render(request, "accounts/twofactor_verify.html", context, status=status))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def security(request):
    """The account's two-factor page. Without a device: the enrolment (QR code, the secret
    to type, a code to confirm). With one: recovery codes to regenerate, and switching off
    for roles that need not have it."""
    user = request.user
    action = request.POST.get("action", "") if request.method == "POST" else ""
    error = ""
    status = 200
    codes: list[str] = []
    try:
        if action == "confirm":
            device = twofactor.totp_device(user, confirmed=False)
            if device is None:
                raise Forbidden(_("Trang đã cũ: hãy tải lại trang và quét lại mã QR."))
            codes = twofactor.enrolment_confirm(actor=user, device=device, code=request.POST.get("otp", ""))
            django_otp.login(request, twofactor.totp_device(user))  # this session is the one that proved it
            remember_no_device(request, False)
        elif action == "regenerate":
            if not user.is_verified():
                raise Forbidden(_("Cần xác thực hai bước trước khi tạo mã dự phòng mới."))
            codes = twofactor.recovery_codes_regenerate(actor=user)
        elif action == "disable":
            twofactor.twofactor_disable(actor=user, password=request.POST.get("password", ""))
            remember_no_device(request, True)
            messages.success(request, _("Đã tắt xác thực hai bước."))
            return redirect("accounts:security")
        elif action:
            return forbidden(request)
    except DomainError as exc:
        error = str(exc.message)
        status = 403 if isinstance(exc, Forbidden) else exc.status
    enabled = twofactor.has_2fa(user)
    # A new phone: a verified person enrols a second app, which replaces the first once confirmed.
    replacing = enabled and not codes and user.is_verified() and (request.GET.get("thay") == "1" or request.POST.get("thay") == "1")
    context = {
        "enabled": enabled,
        "required": twofactor.requires_2fa(user),
        "may_disable": enabled and not twofactor.requires_2fa(user),
        "codes": codes,
        "codes_left": twofactor.recovery_codes_left(user) if enabled else 0,
        "error": error,
        "error_for": action if error else "",
        "next": request.POST.get("next") or request.GET.get("next", ""),
        "continue_url": _next_url(request),  # checked: `next` itself may be any text
        "just_enabled": action == "confirm" and bool(codes),
    }
    context.update(replacing=replacing, show_enrol=not enabled or replacing)
    if context["show_enrol"]:
        device = twofactor.enrolment_start(user=user)
        context.update(qr=twofactor.qr_data_uri(device), secret=twofactor.secret_text(device))
    return private(render(request, "accounts/twofactor_security.html", context, status=status))

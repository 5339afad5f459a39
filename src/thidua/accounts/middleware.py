"""Enforcement of two-factor sign-in, after django-otp's OTPMiddleware (which tells whether
the session passed the second step: request.user.is_verified()).

A person signed in with the password only, who has a confirmed authenticator, reaches only
the second step (and signing out); one whose role requires two-factor sign-in and who has
none yet reaches only the enrolment page. Everything else redirects there (pages) or is
refused with 403 (the API through a browser session; token requests are checked at the
token's sign-in, thidua.api.views.auth.TokenView).

Cost: "has this person a confirmed device" is asked at sign-in (or, for a session made
otherwise, on its first request) and remembered in the session while the answer is no; a
verified session costs django-otp's one read of its device."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY, user_logged_in
from django.dispatch import receiver
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .twofactor import has_2fa, requires_2fa

SESSION_NO_DEVICE = "thidua_2fa_no_device"  # the user id whose lack of a device was checked


def remember_no_device(request, value: bool) -> None:
    """Called by the pages that add or remove a device, so that the session's memory of
    "no device" stays true."""
    if value:
        request.session[SESSION_NO_DEVICE] = request.user.pk
    else:
        request.session.pop(SESSION_NO_DEVICE, None)


@receiver(user_logged_in, dispatch_uid="thidua.accounts.twofactor.remember_at_sign_in")
def _remember_at_sign_in(sender, request, user, **kwargs) -> None:
    """The sign-in pays for "has this person a device?", not the first page after it. Only
    for a session that this sign-in is for (the API's token sign-in sends the same signal
    with a request whose session must stay untouched)."""
    session = getattr(request, "session", None)
    if session is not None and session.get(SESSION_KEY) == str(user.pk) and not has_2fa(user):
        session[SESSION_NO_DEVICE] = user.pk


def _has_device(request) -> bool:
    if request.session.get(SESSION_NO_DEVICE) == request.user.pk:
        return False
    found = has_2fa(request.user)
    if not found:
        request.session[SESSION_NO_DEVICE] = request.user.pk
    return found


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        path = request.path_info
        if path.startswith((settings.STATIC_URL, "/i18n/")) or path in {reverse("logout"), reverse("api-token")}:
            return self.get_response(request)
        if _has_device(request):
            target = reverse("accounts:twofactor_verify")
            message = _("Cần nhập mã xác thực hai bước để tiếp tục.")
        elif requires_2fa(user):
            target = reverse("accounts:security")
            message = _("Vai trò của bạn bắt buộc xác thực hai bước: hãy bật nó trước khi tiếp tục.")
        else:
            return self.get_response(request)
        if path == target:
            return self.get_response(request)
        if path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=403)
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" and path != "/" else ""
        return HttpResponseRedirect(target + (f"?{query}" if query else ""))

"""Two-factor sign-in (TOTP) with django-otp: who must have it, enrolment, recovery codes,
the second step of the sign-in and switching it off. See docs/decisions/0016-two-factor.md.

A person has at most one confirmed TOTP device (an authenticator app) and one static device
holding their one-time recovery codes. Enrolment makes an *unconfirmed* TOTP device; it
counts for nothing until a code from the app confirms it. Wrong codes are throttled by
django-otp itself (each device waits 1, 2, 4, 8… seconds after successive failures), and
every failure is audited — never the secret, the code typed or the recovery codes."""

from __future__ import annotations

import re
from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.core.audit import audit_record
from thidua.core.errors import Forbidden, InvalidInput, RateLimited

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Ứng dụng xác thực"
RECOVERY_DEVICE_NAME = "Mã dự phòng"
_TOTP_CODE = re.compile(r"[0-9]{6}")


class TooManyAttempts(RateLimited):
    """Wrong codes were typed too often: the device waits before it checks another (429)."""

    def __init__(self, until):
        seconds = max(1, int((until - timezone.now()).total_seconds()) + 1) if until else 1
        super().__init__(_("Nhập sai mã quá nhiều lần. Vui lòng chờ {seconds} giây rồi thử lại.").format(seconds=seconds), field="otp")


# --- predicates ---------------------------------------------------------------------------------
def requires_2fa(user) -> bool:
    """Organizer officers and system administrators must sign in with a second factor
    (THIDUA_REQUIRE_2FA, on by default; the test settings turn it off for unrelated tests)."""
    if not getattr(settings, "THIDUA_REQUIRE_2FA", True) or not user.is_authenticated:
        return False
    return bool(user.is_superuser or user.is_organizer_officer)


def has_2fa(user) -> bool:
    """The person has a confirmed authenticator: the sign-in asks for its code."""
    return bool(user.is_authenticated and user_has_device(user, confirmed=True))


def may_disable_2fa(user) -> bool:
    return has_2fa(user) and not requires_2fa(user)


# --- reads ----------------------------------------------------------------------------------------
def totp_device(user, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def secret_text(device: TOTPDevice) -> str:
    """The key as an authenticator app asks it when typed by hand: base32, in groups of 4."""
    text = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// link as a QR code, an SVG drawn here (no outside service), as a data:
    URI that an <img> may show under the Content-Security-Policy (img-src allows data:)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2, dark="#000", light="#fff")


# --- services -------------------------------------------------------------------------------------
@transaction.atomic
def enrolment_start(*, user) -> TOTPDevice:
    """The unconfirmed device whose secret the enrolment page shows; the same one on every
    visit until it is confirmed (so that a reload does not void the app's scan)."""
    device = totp_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def _audit(actor, user, action: str, after: dict | None = None) -> None:
    audit_record(actor=actor, action=action, obj=user, after=after, organizer_id=user.organizer_id or None)


def enrolment_confirm(*, actor, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the app with one of its codes: the device becomes the person's authenticator
    (replacing any earlier one) and 10 new recovery codes are made. Returns the codes, to be
    shown once. A wrong code changes nothing but the device's throttling counter."""
    if device.user_id != actor.pk or device.confirmed:
        raise Forbidden(_("Bạn không có quyền thực hiện thao tác này."))
    code = (code or "").replace(" ", "")
    if not _TOTP_CODE.fullmatch(code):
        raise InvalidInput(_("Mã xác nhận gồm 6 chữ số, lấy từ ứng dụng xác thực."), field="otp")
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, data = device.verify_is_allowed()
        if not allowed:
            raise TooManyAttempts((data or {}).get("locked_until"))
        if not device.verify_token(code):  # counts the failure (committed with this block)
            ok = False
        else:
            ok = True
            replaced, _by_model = TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _new_recovery_codes(actor)
            action = "twofactor.replace_device" if replaced else "twofactor.enable"
            _audit(actor, actor, action, {"device": "totp", "recovery_codes": len(codes)})
    if not ok:
        raise InvalidInput(_("Mã xác nhận không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện trong ứng dụng."), field="otp")
    return codes


@transaction.atomic
def recovery_codes_regenerate(*, actor) -> list[str]:
    """New recovery codes; the old ones stop working at once."""
    if not has_2fa(actor):
        raise InvalidInput(_("Bạn chưa bật xác thực hai bước."))
    codes = _new_recovery_codes(actor)
    _audit(actor, actor, "twofactor.recovery_codes_regenerate", {"recovery_codes": len(codes)})
    return codes


@transaction.atomic
def twofactor_disable(*, actor, password: str) -> None:
    """Switch two-factor sign-in off (only for people who need not have it), confirming the
    password: a forgotten open session is not enough to weaken the account."""
    if requires_2fa(actor):
        raise Forbidden(_("Vai trò của bạn bắt buộc xác thực hai bước; không thể tắt."))
    if not has_2fa(actor):
        raise InvalidInput(_("Bạn chưa bật xác thực hai bước."))
    if not actor.check_password(password or ""):
        raise InvalidInput(_("Mật khẩu không đúng."), field="password")
    TOTPDevice.objects.filter(user=actor).delete()
    StaticDevice.objects.filter(user=actor).delete()
    _audit(actor, actor, "twofactor.disable")


def second_step_verify(*, user, code: str, channel: str = "web"):
    """The device that accepts `code` — a 6-digit code from the app, or one of the
    recovery codes (used up by this) — or a domain error: InvalidInput when wrong,
    TooManyAttempts while the device is throttled. Each refusal is audited, and the
    throttling counter it raised is kept (committed), whatever the caller does next."""
    code = re.sub(r"[\s-]", "", code or "").lower()
    if not code:
        raise InvalidInput(_("Hãy nhập mã xác thực hai bước."), field="otp")
    model = TOTPDevice if _TOTP_CODE.fullmatch(code) else StaticDevice
    refused: InvalidInput | RateLimited | None = None
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
        if device is None:
            refused = InvalidInput(_("Mã xác thực không đúng."), field="otp")
        else:
            allowed, data = device.verify_is_allowed()
            if not allowed:
                refused = TooManyAttempts((data or {}).get("locked_until"))
            elif not device.verify_token(code):
                refused = InvalidInput(_("Mã xác thực không đúng."), field="otp")
        if refused is not None:
            reason = "throttled" if isinstance(refused, TooManyAttempts) else "wrong_code"
            _audit(user, user, "twofactor.verify_failed", {"channel": channel, "reason": reason, "kind": model.__name__.lower()})
        elif model is StaticDevice:
            _audit(user, user, "twofactor.recovery_code_used", {"channel": channel, "left": device.token_set.count()})
    if refused is not None:
        raise refused
    return device

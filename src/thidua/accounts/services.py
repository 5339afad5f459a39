"""Every write of the accounts app. Each function checks the actor's rights with the rules
(accounts/rules.py), validates, writes in one transaction with its audit event, and raises
a domain error with a message for people. Passwords and link tokens never reach the audit
trail, nor the logs.

For other code (the .xlsx import): `account_create(actor=…, data=…)` makes an account
without a password (it cannot sign in), `account_invite(actor=…, user=…, request=None)`
then e-mails it the one-time link to set one (first time or again)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from thidua.core.api_tokens import api_tokens_revoke_all
from thidua.core.audit import audit_record, snapshot
from thidua.core.client_ip import client_ip
from thidua.core.errors import Conflict, Forbidden, InvalidInput, RateLimited, raise_errors
from thidua.core.mail import queue_mail
from thidua.core.permissions import require
from thidua.org.models import Organizer, Unit, User

from . import selectors
from .models import Invitation, UnitAccountPolicy
from .rules import ALL_ROLES, ORGANIZER_ROLE, UNIT_ROLES, grantable_roles, may_grant
from .tokens import EXPIRED, VALID, invitation_tokens, reset_tokens

ROLE_FLAGS = selectors.ROLE_FLAGS
AUDITED_FIELDS = ("username", "full_name", "email", "unit_id", "organizer_id", "is_active", *ROLE_FLAGS.values())
#: Password-reset requests allowed per address and per client address, per RESET_WINDOW.
RESET_PER_ADDRESS = 3
RESET_PER_CLIENT = 20
RESET_WINDOW = 60 * 60


# --- helpers ------------------------------------------------------------------------------------
def _organizer_ref(user: User) -> int | None:
    """The audit chain of an account's events: its organizer's, or its unit's organizer's."""
    if user.organizer_id:
        return user.organizer_id
    return user.unit.managed_by_id if user.unit_id else None


def _account_state(user: User) -> dict:
    return {field: getattr(user, field) for field in AUDITED_FIELDS}


def _changes(before: dict, after: dict) -> tuple[dict, dict]:
    changed = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in changed}, {k: after[k] for k in changed}


def absolute_url(path: str, request=None) -> str:
    """A link for an e-mail: SITE_URL when set (behind a proxy the request's host may be an
    internal one), else the request's own host."""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    if request is not None:
        return request.build_absolute_uri(path)
    raise Conflict(_("Chưa cấu hình địa chỉ của hệ thống (SITE_URL) nên không thể gửi liên kết qua thư điện tử."))


def suggest_username(email: str, *, exclude_pk=None) -> str:
    """A free user name made from the e-mail address's local part: "Nguyễn.Văn.A@…" ->
    "nguyen.van.a", then "nguyen.van.a2", "nguyen.van.a3"… when taken."""
    local = (email or "").split("@", 1)[0]
    text = unicodedata.normalize("NFD", local.replace("đ", "d").replace("Đ", "D"))
    base = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()
    base = re.sub(r"[^a-z0-9._-]+", "", base).strip("._-")[:140] or "nguoidung"
    taken = set(
        User.objects.filter(username__istartswith=base).exclude(pk=exclude_pk).values_list("username", flat=True)
    )
    taken = {name.lower() for name in taken}
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}{n}"
    return candidate


def _roles_of(data: dict) -> set[str]:
    return {str(r) for r in (data.get("roles") or ())}


def _check_roles(roles: set[str], unit, organizer, errors: dict) -> None:
    unknown = roles - ALL_ROLES
    if unknown:
        errors["roles"] = [_("Vai trò không hợp lệ: {roles}.").format(roles=", ".join(sorted(unknown)))]
    elif not roles:
        errors["roles"] = [_("Cần ít nhất một vai trò.")]
    elif ORGANIZER_ROLE in roles and roles & UNIT_ROLES:
        errors["roles"] = [_("Một tài khoản không thể vừa thuộc cơ quan tổ chức vừa thuộc đơn vị.")]
    elif ORGANIZER_ROLE in roles and organizer is None:
        errors["organizer"] = [_("Cán bộ cơ quan tổ chức cần có cơ quan tổ chức.")]
    elif roles & UNIT_ROLES and unit is None:
        errors["unit"] = [_("Tài khoản của đơn vị cần có đơn vị.")]


def _check_identity(data: dict, errors: dict, *, exclude_pk=None) -> tuple[str, str]:
    full_name = " ".join(str(data.get("full_name") or "").split())
    email = str(data.get("email") or "").strip()
    if not full_name:
        errors["full_name"] = [_("Họ và tên không được để trống.")]
    elif len(full_name) > 150:
        errors["full_name"] = [_("Họ và tên dài quá 150 ký tự.")]
    if not email:
        errors["email"] = [_("Cần địa chỉ thư điện tử để gửi lời mời và đặt lại mật khẩu.")]
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Địa chỉ thư điện tử không hợp lệ.")]
        else:
            if User.objects.filter(email__iexact=email).exclude(pk=exclude_pk).exists():
                errors["email"] = [_("Địa chỉ thư điện tử này đã được dùng cho một tài khoản khác.")]
    return full_name, email


def _forbid_grant() -> Forbidden:
    return Forbidden(_("Bạn không được cấp vai trò này cho tài khoản của đơn vị hay cơ quan này."))


def _check_not_last(user: User, *, losing_head: bool, losing_organizer: bool) -> None:
    """Refuse to leave a unit without an active head, or an organizer without an active officer:
    nobody would be left to confirm the unit's delegate or to run the organizer's clusters."""
    if losing_head and user.unit_id and not selectors.active_heads(user.unit_id, exclude_pk=user.pk).exists():
        raise Conflict(
            _(
                "{name} là lãnh đạo duy nhất còn hoạt động của {unit}. Hãy tạo hoặc mở lại tài khoản "
                "lãnh đạo khác của đơn vị trước."
            ).format(name=user, unit=user.unit)
        )
    if losing_organizer and user.organizer_id and not selectors.active_organizer_officers(user.organizer_id, exclude_pk=user.pk).exists():
        raise Conflict(
            _(
                "{name} là cán bộ duy nhất còn hoạt động của {organizer}. Hãy tạo hoặc mở lại tài khoản "
                "cán bộ khác của cơ quan trước."
            ).format(name=user, organizer=user.organizer)
        )


# --- create, edit ------------------------------------------------------------------------------
@transaction.atomic
def account_create(*, actor, data: dict) -> User:
    """A new account without a password (it cannot sign in until its person sets one through
    the invitation, `account_invite`). `data`: full_name, email, username (optional: made
    from the e-mail address), unit (a Unit, for the unit roles), organizer (an Organizer,
    for the organizer role), roles (some of officer, head, delegate, organizer)."""
    require(actor, "accounts.add_account")
    errors: dict[str, list[str]] = {}
    unit, organizer = data.get("unit"), data.get("organizer")
    if unit is not None and not isinstance(unit, Unit):
        raise InvalidInput(_("Đơn vị không hợp lệ."), field="unit")
    if organizer is not None and not isinstance(organizer, Organizer):
        raise InvalidInput(_("Cơ quan tổ chức không hợp lệ."), field="organizer")
    roles = _roles_of(data)
    _check_roles(roles, unit, organizer, errors)
    full_name, email = _check_identity(data, errors)
    username = str(data.get("username") or "").strip()
    if not username and email and "email" not in errors:
        username = suggest_username(email)
    if not username:
        errors.setdefault("username", [_("Tên đăng nhập không được để trống.")])
    else:
        try:
            User._meta.get_field("username").run_validators(username)
        except ValidationError:
            errors["username"] = [_("Tên đăng nhập chỉ gồm chữ không dấu, chữ số và các ký tự . _ - @ +, tối đa 150 ký tự.")]
        else:
            if User.objects.filter(username__iexact=username).exists():
                errors["username"] = [_("Tên đăng nhập này đã được dùng.")]
    raise_errors(errors)
    unit = unit if roles & UNIT_ROLES else None
    organizer = organizer if ORGANIZER_ROLE in roles else None
    if not may_grant(actor, roles, unit=unit, organizer=organizer):
        raise _forbid_grant()
    user = User(username=username, full_name=full_name, email=email, unit=unit, organizer=organizer)
    for role, flag in ROLE_FLAGS.items():
        setattr(user, flag, role in roles)
    user.set_unusable_password()
    user.save()
    audit_record(
        actor=actor, action="account.create", obj=user, after=snapshot(user, exclude=("password", "last_login")),
        organizer_id=_organizer_ref(user),
    )
    return user


@transaction.atomic
def account_update(*, actor, user: User, data: dict) -> User:
    """Edit an account's name, e-mail address and roles (its unit or organizer stays).
    `data`: full_name, email, roles."""
    user = User.objects.select_for_update(of=("self",)).select_related("unit", "organizer").get(pk=user.pk)
    require(actor, "accounts.manage_account", user)
    errors: dict[str, list[str]] = {}
    roles = _roles_of(data)
    if roles or not user.is_superuser:  # a superuser needs no role of a unit or organizer
        _check_roles(roles, user.unit, user.organizer, errors)
    if not errors and user.unit_id is None and roles & UNIT_ROLES:
        errors["roles"] = [_("Tài khoản này không thuộc đơn vị nào.")]
    if not errors and user.organizer_id is None and ORGANIZER_ROLE in roles:
        errors["roles"] = [_("Tài khoản này không thuộc cơ quan tổ chức nào.")]
    full_name, email = _check_identity(data, errors, exclude_pk=user.pk)
    raise_errors(errors)
    if (roles or not user.is_superuser) and not may_grant(actor, roles, unit=user.unit, organizer=user.organizer):
        raise _forbid_grant()
    if user.is_active:
        _check_not_last(
            user,
            losing_head=user.is_unit_head and "head" not in roles,
            losing_organizer=user.is_organizer_officer and ORGANIZER_ROLE not in roles,
        )
    before = _account_state(user)
    user.full_name, user.email = full_name, email
    for role, flag in ROLE_FLAGS.items():
        setattr(user, flag, role in roles)
    after = _account_state(user)
    before, after = _changes(before, after)
    if not after:
        return user
    user.save(update_fields=list(after))
    roles_changed = any(flag in after for flag in ROLE_FLAGS.values())
    audit_record(
        actor=actor, action="account.change_roles" if roles_changed else "account.update", obj=user,
        before=before, after=after, organizer_id=_organizer_ref(user),
    )
    return user


@transaction.atomic
def account_deactivate(*, actor, user: User, reason: str = "") -> User:
    """Lock an account: it can no longer sign in, its sessions and API tokens end, its
    history stays (nothing is deleted)."""
    if actor.pk == user.pk:
        raise Forbidden(_("Bạn không thể tự khóa tài khoản của mình."))
    user = User.objects.select_for_update(of=("self",)).select_related("unit", "organizer").get(pk=user.pk)
    require(actor, "accounts.manage_account", user)
    if not user.is_active:
        raise Conflict(_("Tài khoản này đã bị khóa."))
    _check_not_last(user, losing_head=user.is_unit_head, losing_organizer=user.is_organizer_officer)
    user.is_active = False
    user.save(update_fields=["is_active"])
    # A session of an inactive user is refused by the authentication backend at its next
    # request (ModelBackend.get_user); the API tokens are deleted outright.
    revoked = api_tokens_revoke_all(user=user)
    audit_record(
        actor=actor, action="account.deactivate", obj=user, before={"is_active": True},
        after={"is_active": False, "api_tokens_revoked": revoked}, reason=reason.strip()[:1000], organizer_id=_organizer_ref(user),
    )
    return user


@transaction.atomic
def account_reactivate(*, actor, user: User, reason: str = "") -> User:
    user = User.objects.select_for_update(of=("self",)).select_related("unit", "organizer").get(pk=user.pk)
    require(actor, "accounts.manage_account", user)
    if user.is_active:
        raise Conflict(_("Tài khoản này đang hoạt động."))
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor, action="account.reactivate", obj=user, before={"is_active": False}, after={"is_active": True},
        reason=reason.strip()[:1000], organizer_id=_organizer_ref(user),
    )
    return user


@transaction.atomic
def unit_policy_set(*, actor, unit: Unit, officers_manage_delegates: bool, officers_manage_officers: bool) -> UnitAccountPolicy:
    """The head decides which accounts the unit's officers manage."""
    require(actor, "accounts.set_unit_policy", unit)
    policy = UnitAccountPolicy.objects.select_for_update().filter(unit=unit).first() or UnitAccountPolicy(unit=unit)
    fields = ("officers_manage_delegates", "officers_manage_officers")
    before = {f: getattr(policy, f) for f in fields}
    policy.officers_manage_delegates = bool(officers_manage_delegates)
    policy.officers_manage_officers = bool(officers_manage_officers)
    policy.updated_by = actor
    after = {f: getattr(policy, f) for f in fields}
    if not policy._state.adding and before == after:
        return policy
    policy.save()
    audit_record(
        actor=actor, action="account.set_unit_policy", object_type="accounts.unitaccountpolicy", object_id=str(unit.pk),
        object_label=unit.name, before=before, after=after, organizer_id=unit.managed_by_id,
    )
    return policy


# --- invitations ---------------------------------------------------------------------------------
def _uid(user: User) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def _render_mail(template: str, context: dict) -> str:
    # The person who receives it has not chosen a language yet: the product's own.
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(template, context).strip() + "\n"


@transaction.atomic
def account_invite(*, actor, user: User, request=None) -> Invitation:
    """E-mail `user` a one-time link to set their password (first invitation or again). A new
    invitation kills the earlier links: only the latest e-mail's link works."""
    user = User.objects.select_for_update(of=("self",)).select_related("unit", "organizer").get(pk=user.pk)
    require(actor, "accounts.manage_account", user)
    if not user.is_active:
        raise Conflict(_("Tài khoản đang bị khóa: hãy mở khóa trước khi gửi lời mời."))
    invitation = Invitation.objects.select_for_update().filter(user=user).first()
    if user.has_usable_password() and (invitation is None or not invitation.pending):
        raise Conflict(
            _("{name} đã đặt mật khẩu. Nếu quên, họ dùng “Quên mật khẩu” ở trang đăng nhập.").format(name=user)
        )
    if not user.email:
        raise InvalidInput(_("Tài khoản chưa có địa chỉ thư điện tử."), field="email")
    user.set_unusable_password()  # a new random marker: the earlier links stop working
    user.save(update_fields=["password"])
    now = timezone.now()
    resent = invitation is not None
    if invitation is None:
        invitation = Invitation(user=user, first_sent_at=now, sent_count=0)
    invitation.last_sent_at, invitation.last_sent_by = now, actor
    invitation.sent_count += 1
    invitation.accepted_at = None
    invitation.save()
    link = absolute_url(reverse("accounts:invitation_accept", args=[_uid(user), invitation_tokens.make_token(user)]), request)
    expires = timezone.localtime(now + dt.timedelta(days=settings.ACCOUNT_INVITATION_DAYS))
    body = _render_mail(
        "accounts/email/invitation.txt",
        {"user": user, "actor_label": _actor_label(actor), "link": link, "expires": expires, "days": settings.ACCOUNT_INVITATION_DAYS,
         "roles": _role_labels(user), "place": user.unit or user.organizer},
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[ThiDua] Mời bạn đặt mật khẩu cho tài khoản {username}").format(username=user.username)
    queue_mail(subject, body, [user.email])
    audit_record(
        actor=actor, action="account.invite_resend" if resent else "account.invite", obj=user,
        after={"email": user.email, "sent_count": invitation.sent_count, "expires": expires.date().isoformat()},
        organizer_id=_organizer_ref(user),
    )
    return invitation


def _actor_label(actor) -> str:
    """ "Nguyễn Văn A (Sở Ngoại vụ tỉnh Hà Tĩnh)": who invites, as the person will know them."""
    place = getattr(actor, "organizer", None) or getattr(actor, "unit", None)
    return f"{actor} ({place})" if place else str(actor)


def _role_labels(user: User) -> list[str]:
    labels = dict(User.RoleName.choices)
    return [str(labels[role]) for role in user.roles]


def _check_link(generator, user, token) -> None:
    state = generator.state(user, token)
    if state == EXPIRED:
        raise Conflict(_("Liên kết đã hết hạn. Hãy đề nghị người quản lý gửi lại lời mời, hoặc dùng “Quên mật khẩu”."))
    if state != VALID:
        raise Conflict(_("Liên kết không hợp lệ hoặc đã được dùng."))


def _set_password(user: User, password: str) -> int:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput(exc.messages[0], errors={"new_password1": list(exc.messages)}) from exc
    user.set_password(password)
    user.save(update_fields=["password"])
    Invitation.objects.filter(user=user, accepted_at__isnull=True).update(accepted_at=timezone.now())
    return api_tokens_revoke_all(user=user)


@transaction.atomic
def account_accept_invitation(*, user: User, token: str, password: str) -> User:
    """The invited person sets their password through the link (once)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _check_link(invitation_tokens, user, token)
    _set_password(user, password)
    audit_record(actor=user, action="account.password_set_by_invitation", obj=user, organizer_id=_organizer_ref(user))
    return user


# --- password reset ---------------------------------------------------------------------------
def _count(key: str) -> int:
    cache.add(key, 0, RESET_WINDOW)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RESET_WINDOW)
        return 1


def _throttle_reset(email: str, request) -> None:
    digest = hashlib.sha256(email.lower().encode("utf-8")).hexdigest()[:32]
    by_address = _count(f"accounts.reset.address:{digest}")
    by_client = _count(f"accounts.reset.client:{client_ip(request) or '-'}")
    if by_address > RESET_PER_ADDRESS or by_client > RESET_PER_CLIENT:
        raise RateLimited(_("Bạn đã yêu cầu đặt lại mật khẩu nhiều lần. Vui lòng thử lại sau một giờ."))


@transaction.atomic
def password_reset_request(*, email: str, request) -> None:
    """E-mail a one-time link to every active account with this address. Answers the same
    whether there is one or not (the page never says), and refuses too many requests for one
    address or from one client (429) — likewise whether the address exists."""
    email = (email or "").strip()
    if not email:
        raise InvalidInput(_("Hãy nhập địa chỉ thư điện tử."), field="email")
    try:
        validate_email(email)
    except ValidationError as exc:
        raise InvalidInput(_("Địa chỉ thư điện tử không hợp lệ."), field="email") from exc
    _throttle_reset(email, request)
    for user in User.objects.filter(email__iexact=email, is_active=True).select_related("unit"):
        token = reset_tokens.make_token(user)
        link = absolute_url(reverse("accounts:password_reset_confirm", args=[_uid(user), token]), request)
        body = _render_mail(
            "accounts/email/password_reset.txt", {"user": user, "link": link, "hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
        )
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("[ThiDua] Đặt lại mật khẩu cho tài khoản {username}").format(username=user.username)
        queue_mail(subject, body, [user.email])
        audit_record(actor=None, action="account.password_reset_request", obj=user, organizer_id=_organizer_ref(user))


@transaction.atomic
def password_reset_complete(*, user: User, token: str, password: str) -> User:
    """Set the new password through the reset link. Every other session ends (their session
    hash no longer matches the password) and the API tokens are revoked."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _check_link(reset_tokens, user, token)
    revoked = _set_password(user, password)
    audit_record(
        actor=user, action="account.password_reset", obj=user, after={"api_tokens_revoked": revoked},
        organizer_id=_organizer_ref(user),
    )
    return user


__all__ = [
    "account_accept_invitation", "account_create", "account_deactivate", "account_invite", "account_reactivate",
    "account_update", "grantable_roles", "password_reset_complete", "password_reset_request", "suggest_username",
    "unit_policy_set",
]

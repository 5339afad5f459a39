"""The accounts pages: the list of accounts in one's scope, an account's page (roles,
status, history), create (which invites), edit, deactivate / reactivate, resend the
invitation, the unit's setting of what its officers manage; and, for people not signed in,
setting one's password through an invitation and "Quên mật khẩu". Thin: forms parse,
selectors read (404 outside one's scope), services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.encoding import force_str
from django.utils.http import urlencode, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from thidua.core.errors import Conflict, Forbidden, InvalidInput, RateLimited
from thidua.core.http import forbidden
from thidua.core.permissions import can
from thidua.org.forms import add_domain_errors
from thidua.org.models import User

from . import presenters, selectors, services
from .forms import (
    AccountCreateForm,
    AccountEditForm,
    AccountFilterForm,
    NewPasswordForm,
    PasswordResetRequestForm,
    ReasonForm,
    UnitPolicyForm,
)
from .tokens import EXPIRED, VALID, invitation_tokens, reset_tokens

PAGE_SIZE = 25
HISTORY_SIZE = 50


def _account_or_404(request, pk) -> User:
    account = selectors.account_or_none(request.user, pk)
    if account is None:
        raise Http404(_("Không tìm thấy tài khoản."))
    return account


# --- list, detail ------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET"])
def account_list(request):
    user = request.user
    if not can(user, "accounts.view_accounts"):
        return forbidden(request)
    form = AccountFilterForm(request.GET or None, user=user)
    qs = selectors.account_list(user, **form.filters())
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("trang"))
    presenters.decorate_accounts(page.object_list)
    filters = form.filters()
    policy_unit = user.unit if user.unit_id else None
    if filters.get("unit_id"):  # an organizer officer looking at one unit may set its officers' rights too
        policy_unit = form.cleaned_data["don_vi"]
    query = request.GET.copy()
    query.pop("trang", None)
    context = {
        "form": form, "page": page, "query": query.urlencode(),
        "can_add": can(user, "accounts.add_account"),
        "policy_unit": policy_unit if policy_unit is not None and can(user, "accounts.set_unit_policy", policy_unit) else None,
    }
    return render(request, "accounts/account_list.html", context)


def _detail(request, account: User, *, status: int = 200, error: str = "", reason_form=None):
    history = list(selectors.account_history(account)[:HISTORY_SIZE])
    presenters.decorate_history(history)
    presenters.decorate_accounts([account])
    context = {
        "account": account,
        "history": history,
        "can_manage": can(request.user, "accounts.manage_account", account),
        "is_self": account.pk == request.user.pk,
        "invitation": getattr(account, "invitation_info", None),
        "reason_form": reason_form or ReasonForm(),
        "error": error,
    }
    return render(request, "accounts/account_detail.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def account_detail(request, pk):
    return _detail(request, _account_or_404(request, pk))


# --- create, edit ------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def account_create(request):
    actor = request.user
    if not can(actor, "accounts.add_account"):
        return forbidden(request)
    form = AccountCreateForm(request.POST or None, actor=actor)
    context = {"form": form}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "accounts/account_form.html", context, status=400)
        try:
            # Both or neither: an account nobody was invited to would sit unusable.
            with transaction.atomic():
                account = services.account_create(actor=actor, data=form.service_data())
                services.account_invite(actor=actor, user=account, request=request)
        except InvalidInput as exc:
            add_domain_errors(form, exc)
            return render(request, "accounts/account_form.html", context, status=400)
        except Conflict as exc:
            form.add_error(None, str(exc.message))
            return render(request, "accounts/account_form.html", context, status=409)
        except Forbidden as exc:
            return forbidden(request, exc.message)
        message = _("Đã tạo tài khoản {username} và gửi lời mời đặt mật khẩu tới {email}.")
        messages.success(request, message.format(username=account.username, email=account.email))
        return redirect("accounts:detail", pk=account.pk)
    return render(request, "accounts/account_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def account_edit(request, pk):
    account = _account_or_404(request, pk)
    actor = request.user
    if not can(actor, "accounts.manage_account", account):
        return forbidden(request, _("Bạn không được sửa tài khoản này."))
    form = AccountEditForm(request.POST or None, actor=actor, account=account)
    context = {"form": form, "account": account}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "accounts/account_edit.html", context, status=400)
        old_email = account.email
        try:
            with transaction.atomic():
                updated = services.account_update(actor=actor, user=account, data=form.service_data())
                # The address is part of the invitation's link: a new one goes to the new address.
                reinvited = updated.is_active and updated.email != old_email and selectors.pending_invitation(updated) is not None
                if reinvited:
                    services.account_invite(actor=actor, user=updated, request=request)
        except InvalidInput as exc:
            add_domain_errors(form, exc)
            return render(request, "accounts/account_edit.html", context, status=400)
        except Conflict as exc:
            form.add_error(None, str(exc.message))
            return render(request, "accounts/account_edit.html", context, status=409)
        except Forbidden as exc:
            return forbidden(request, exc.message)
        message = _("Đã lưu tài khoản {name}.").format(name=updated)
        if reinvited:
            message += " " + _("Lời mời mới đã được gửi tới {email}.").format(email=updated.email)
        messages.success(request, message)
        return redirect("accounts:detail", pk=account.pk)
    return render(request, "accounts/account_edit.html", context)


def _act(request, pk, call, success: str):
    """A POST button of the account's page: run the service, back to the page with its
    message; a refusal re-renders the page with the reason (409) or answers 403."""
    account = _account_or_404(request, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data.get("reason", "") if form.is_valid() else ""
    try:
        call(account, reason)
    except (Conflict, InvalidInput) as exc:
        return _detail(request, account, status=409 if isinstance(exc, Conflict) else 400, error=str(exc.message), reason_form=form)
    except Forbidden as exc:
        return forbidden(request, exc.message)
    messages.success(request, success.format(name=account))
    return redirect("accounts:detail", pk=account.pk)


@login_required
@require_POST
def account_deactivate(request, pk):
    return _act(
        request, pk, lambda account, reason: services.account_deactivate(actor=request.user, user=account, reason=reason),
        _("Đã khóa tài khoản {name}. Người này không đăng nhập được nữa; lịch sử được giữ nguyên."),
    )


@login_required
@require_POST
def account_reactivate(request, pk):
    return _act(
        request, pk, lambda account, reason: services.account_reactivate(actor=request.user, user=account, reason=reason),
        _("Đã mở khóa tài khoản {name}."),
    )


@login_required
@require_POST
def account_resend_invitation(request, pk):
    return _act(
        request, pk, lambda account, _reason: services.account_invite(actor=request.user, user=account, request=request),
        _("Đã gửi lại lời mời cho {name}. Liên kết trong các thư trước không còn dùng được."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_policy(request, unit_id):
    unit = selectors.unit_choices_for(request.user).filter(pk=unit_id).first() if unit_id < 2**63 else None
    if unit is None:
        raise Http404(_("Không tìm thấy đơn vị."))
    if not can(request.user, "accounts.set_unit_policy", unit):
        return forbidden(request)
    policy = selectors.unit_policy(unit)
    initial = {"officers_manage_delegates": policy.officers_manage_delegates, "officers_manage_officers": policy.officers_manage_officers}
    form = UnitPolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_policy_set(actor=request.user, unit=unit, **form.cleaned_data)
        except Forbidden as exc:
            return forbidden(request, exc.message)
        messages.success(request, _("Đã lưu quyền quản lý tài khoản của cán bộ thi đua {unit}.").format(unit=unit))
        return redirect(reverse("accounts:list"))
    return render(request, "accounts/unit_policy.html", {"form": form, "unit": unit})


# --- links e-mailed: the invitation, the password reset ------------------------------------------
LINK_STEP = "dat-mat-khau"  # what replaces the token in the address once it is in the session


def _user_from_uid(uidb64: str) -> User | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    if not 0 < pk < 2**63:
        return None
    return User.objects.filter(pk=pk).select_related("unit", "organizer").first()


@method_decorator([sensitive_post_parameters(), never_cache], name="dispatch")
class SetPasswordByLinkView(View):
    """The page a one-time link opens: the token moves from the address into the session
    (Django's password-reset pattern, so that it does not leak through the Referer or the
    history), the person chooses a password (Django's validators), the service sets it, and
    the person signs in with it."""

    generator = invitation_tokens
    session_key = "_accounts_invitation_token"
    template = "accounts/set_password.html"
    title = _("Đặt mật khẩu")
    done_message = _("Đã đặt mật khẩu. Mời bạn đăng nhập bằng tên đăng nhập {username}.")

    def complete(self, user, token, password):
        return services.account_accept_invitation(user=user, token=token, password=password)

    def refused(self, request, state: str):
        if state == EXPIRED:
            message = _("Liên kết đã hết hạn. Hãy đề nghị người quản lý tài khoản gửi lại lời mời, hoặc dùng “Quên mật khẩu”.")
        else:
            message = _("Liên kết không hợp lệ hoặc đã được dùng. Nếu bạn đã đặt mật khẩu, hãy đăng nhập; nếu quên, dùng “Quên mật khẩu”.")
        return render(request, self.template, {"title": self.title, "refusal": message}, status=410 if state == EXPIRED else 400)

    def dispatch(self, request, uidb64, token):
        user = _user_from_uid(uidb64)
        if token != LINK_STEP:
            state = self.generator.state(user, token)
            if state != VALID:
                return self.refused(request, state)
            request.session[self.session_key] = token
            return redirect(request.path.replace(token, LINK_STEP))
        token = request.session.get(self.session_key)
        state = self.generator.state(user, token)
        if state != VALID:
            return self.refused(request, state)
        form = NewPasswordForm(user, request.POST or None)
        context = {"title": self.title, "form": form, "account": user}
        if request.method == "POST":
            if not form.is_valid():
                return render(request, self.template, context, status=400)
            try:
                self.complete(user, token, form.cleaned_data["new_password1"])
            except InvalidInput as exc:
                add_domain_errors(form, exc)
                return render(request, self.template, context, status=400)
            except Conflict:
                return self.refused(request, self.generator.state(user, token))
            # Whoever was signed in on this browser is not the person who just set a password.
            auth_logout(request)
            messages.success(request, self.done_message.format(username=user.username))
            return redirect(f"{reverse('login')}?{urlencode({'ten': user.username})}")
        return render(request, self.template, context)


class PasswordResetConfirmView(SetPasswordByLinkView):
    generator = reset_tokens
    session_key = "_accounts_reset_token"
    title = _("Đặt lại mật khẩu")
    done_message = _("Đã đặt mật khẩu mới; các phiên đăng nhập khác của tài khoản đã kết thúc. Mời bạn đăng nhập ({username}).")

    def complete(self, user, token, password):
        return services.password_reset_complete(user=user, token=token, password=password)

    def refused(self, request, state: str):
        message = (
            _("Liên kết đặt lại mật khẩu đã hết hạn. Hãy yêu cầu một liên kết mới.")
            if state == EXPIRED
            else _("Liên kết đặt lại mật khẩu không hợp lệ hoặc đã được dùng. Hãy yêu cầu một liên kết mới.")
        )
        context = {"title": self.title, "refusal": message, "offer_reset": True}
        return render(request, self.template, context, status=410 if state == EXPIRED else 400)


@require_http_methods(["GET", "POST"])
def password_reset_request(request):
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "accounts/password_reset.html", {"form": form}, status=400)
        try:
            services.password_reset_request(email=form.cleaned_data["email"], request=request)
        except InvalidInput as exc:
            add_domain_errors(form, exc)
            return render(request, "accounts/password_reset.html", {"form": form}, status=400)
        except RateLimited as exc:
            return render(request, "accounts/password_reset.html", {"form": form, "refusal": exc.message}, status=429)
        return redirect("accounts:password_reset_done")
    return render(request, "accounts/password_reset.html", {"form": form})


@require_http_methods(["GET"])
def password_reset_done(request):
    return render(request, "accounts/password_reset_done.html")

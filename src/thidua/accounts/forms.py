"""Parsing the accounts pages' forms. The forms only shape input; what a person may grant is
decided by the rules and checked again by the services."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from thidua.org.models import Organizer, User
from thidua.org.rules import is_admin, is_organizer_officer

from . import selectors
from .rules import ALL_ROLES, ORGANIZER_ROLE, UNIT_ROLES, grantable_roles

ROLE_ORDER = ["officer", "head", "delegate", "organizer"]


def bootstrap(form: forms.Form) -> None:
    """Bootstrap's classes on the widgets (the templates render each field the same way)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def role_choices(roles) -> list[tuple[str, str]]:
    labels = dict(User.RoleName.choices)
    return [(role, labels[role]) for role in ROLE_ORDER if role in roles]


def creatable_roles(actor) -> set[str]:
    """Every role `actor` may grant on some new account (the boxes of the create form)."""
    if is_admin(actor):
        return set(ALL_ROLES)
    if is_organizer_officer(actor):
        return set(ALL_ROLES)
    return set(grantable_roles(actor, unit=actor.unit)) if actor.unit_id else set()


class AccountFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm"), required=False, max_length=100)
    don_vi = forms.ModelChoiceField(label=_("Đơn vị"), queryset=None, required=False, empty_label=_("— Tất cả —"))
    vai_tro = forms.ChoiceField(label=_("Vai trò"), required=False)
    trang_thai = forms.ChoiceField(
        label=_("Trạng thái"), required=False,
        choices=[
            ("", _("— Tất cả —")), ("active", _("Đang hoạt động")), ("invited", _("Đã mời, chưa đặt mật khẩu")), ("inactive", _("Đã khóa")),
        ],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["don_vi"].queryset = selectors.unit_choices_for(user)
        self.fields["vai_tro"].choices = [("", _("— Tất cả —")), *role_choices(ALL_ROLES)]
        self.show_unit = bool(is_admin(user) or is_organizer_officer(user))
        bootstrap(self)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data.get("q", "").strip(),
            "unit_id": data["don_vi"].pk if data.get("don_vi") else None,
            "role": data.get("vai_tro", ""),
            "status": data.get("trang_thai", ""),
        }


class AccountCreateForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(label=_("Thư điện tử"), max_length=254, help_text=_("Lời mời đặt mật khẩu được gửi tới địa chỉ này."))
    username = forms.CharField(
        label=_("Tên đăng nhập"), max_length=150, required=False,
        help_text=_("Để trống: tạo từ địa chỉ thư điện tử (phần trước @)."),
    )
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=None, required=False, empty_label=_("— Chọn đơn vị —"))
    organizer = forms.ModelChoiceField(label=_("Cơ quan tổ chức"), queryset=None, required=False, empty_label=_("— Chọn cơ quan —"))
    roles = forms.MultipleChoiceField(label=_("Vai trò"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["roles"].choices = role_choices(creatable_roles(actor))
        self.fields["unit"].queryset = selectors.unit_choices_for(actor)
        self.fields["organizer"].queryset = Organizer.objects.order_by("name")
        # Unit staff add accounts to their own unit; an organizer officer adds officers to
        # their own organizer: those choices are not asked.
        self.ask_unit = bool(is_admin(actor) or is_organizer_officer(actor))
        self.ask_organizer = bool(is_admin(actor))
        if not self.ask_unit:
            del self.fields["unit"]
        if not self.ask_organizer:
            del self.fields["organizer"]
        self.fields["email"].widget.attrs.update(autocomplete="off", inputmode="email")
        self.fields["username"].widget.attrs.update(autocapitalize="none", spellcheck="false")
        bootstrap(self)

    def service_data(self) -> dict:
        data = self.cleaned_data
        roles = set(data["roles"])
        unit = data.get("unit") if self.ask_unit else self.actor.unit
        organizer = data.get("organizer") if self.ask_organizer else (self.actor.organizer if ORGANIZER_ROLE in roles else None)
        return {
            "full_name": data["full_name"], "email": data["email"], "username": data.get("username", ""),
            "unit": unit if roles & UNIT_ROLES else None, "organizer": organizer, "roles": sorted(roles),
        }


class AccountEditForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(label=_("Thư điện tử"), max_length=254)
    # The service says when roles are missing (a superuser may have none).
    roles = forms.MultipleChoiceField(label=_("Vai trò"), widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, actor, account: User, **kwargs):
        kwargs.setdefault("initial", {"full_name": account.full_name, "email": account.email, "roles": account.roles})
        super().__init__(*args, **kwargs)
        roles = set(grantable_roles(actor, unit=account.unit, organizer=account.organizer)) | set(account.roles)
        self.fields["roles"].choices = role_choices(roles)
        bootstrap(self)

    def service_data(self) -> dict:
        return {"full_name": self.cleaned_data["full_name"], "email": self.cleaned_data["email"], "roles": self.cleaned_data["roles"]}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do (ghi vào nhật ký)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class UnitPolicyForm(forms.Form):
    officers_manage_delegates = forms.BooleanField(label=_("Đại biểu"), required=False)
    officers_manage_officers = forms.BooleanField(label=_("Cán bộ thi đua"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(label=_("Địa chỉ thư điện tử của tài khoản"), max_length=254)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update(autocomplete="email", inputmode="email", autofocus=True)
        bootstrap(self)


class NewPasswordForm(SetPasswordForm):
    """Django's form (the password twice, the validators of AUTH_PASSWORD_VALIDATORS); the
    password is set by the accounts service, not by form.save()."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Mật khẩu mới")
        self.fields["new_password2"].label = _("Nhập lại mật khẩu mới")
        bootstrap(self)

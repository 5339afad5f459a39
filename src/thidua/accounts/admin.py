"""People in Django's admin, for the system administrator (only superusers get the admin,
core/admin_site.py). Every change made here is audited like the product's own, and a
deactivation ends the person's API tokens as it does in the product."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.api_tokens import api_tokens_revoke_all
from thidua.core.audit import audit_record
from thidua.org.models import User

from .models import Invitation, UnitAccountPolicy
from .services import AUDITED_FIELDS

ADMIN_AUDITED = (*AUDITED_FIELDS, "is_staff", "is_superuser")


class ThiDuaUserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username",)


class ThiDuaUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class InvitationInline(admin.StackedInline):
    model = Invitation
    fk_name = "user"
    can_delete = False
    extra = 0
    max_num = 0
    readonly_fields = ("first_sent_at", "last_sent_at", "sent_count", "last_sent_by", "accepted_at")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = ThiDuaUserChangeForm
    add_form = ThiDuaUserCreationForm
    list_display = ("username", "full_name", "place", "role_list", "is_active", "last_login")
    list_filter = (
        "is_active", "is_superuser", "is_organizer_officer", "is_unit_head", "is_unit_officer", "is_delegate",
        ("organizer", admin.RelatedOnlyFieldListFilter), ("unit", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("unit", "organizer")
    search_fields = ("username", "full_name", "email", "unit__name", "organizer__name")
    ordering = ("username",)
    autocomplete_fields = ()
    raw_id_fields = ("unit",)
    readonly_fields = ("last_login", "date_joined")
    inlines = (InvitationInline,)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin"), {"fields": ("full_name", "email")}),
        (
            _("Nơi làm việc và vai trò"),
            {"fields": ("unit", "organizer", "is_unit_officer", "is_unit_head", "is_delegate", "is_organizer_officer")},
        ),
        (_("Quản trị"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
    )
    filter_horizontal = ()

    @admin.display(description=_("Đơn vị, cơ quan"), ordering="unit__name")
    def place(self, obj):
        return obj.unit or obj.organizer or "—"

    @admin.display(description=_("Vai trò"))
    def role_list(self, obj):
        labels = dict(User.RoleName.choices)
        names = [str(labels[role]) for role in obj.roles]
        if obj.is_superuser:
            names.append(str(_("Quản trị hệ thống")))
        return ", ".join(names) or "—"

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else ()  # a new person has no invitation yet

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = {f: getattr(User.objects.get(pk=obj.pk), f) for f in ADMIN_AUDITED} if change else None
            super().save_model(request, obj, form, change)
            after = {f: getattr(obj, f) for f in ADMIN_AUDITED}
            revoked = 0
            if change and before["is_active"] and not obj.is_active:
                revoked = api_tokens_revoke_all(user=obj)
            if change:
                before, after = ({k: v for k, v in before.items() if before[k] != after[k]},
                                 {k: v for k, v in after.items() if before[k] != after[k]})
            if change and not after and "password" not in form.changed_data:
                return
            if revoked:
                after["api_tokens_revoked"] = revoked
            organizer_ref = obj.organizer_id or (obj.unit.managed_by_id if obj.unit_id else None)
            action = "user.admin_change" if change else "user.admin_create"
            audit_record(actor=request.user, action=action, obj=obj, before=before, after=after, organizer_id=organizer_ref)

    def user_change_password(self, request, id, form_url=""):
        """The admin's "set password" page: audited, and the API tokens go as with any new password."""
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = User.objects.select_related("unit").get(pk=id)
                revoked = api_tokens_revoke_all(user=user)
                # The password is set: a pending invitation is done (resending it would unset it).
                Invitation.objects.filter(user=user, accepted_at__isnull=True).update(accepted_at=timezone.now())
                organizer_ref = user.organizer_id or (user.unit.managed_by_id if user.unit_id else None)
                audit_record(
                    actor=request.user, action="user.admin_change", obj=user, organizer_id=organizer_ref,
                    after={"password_changed": True, "api_tokens_revoked": revoked},
                )
        return response

    def has_delete_permission(self, request, obj=None):
        # A person's history (the audit trail, signatures, scores) refers to them: deactivate.
        return False


@admin.register(UnitAccountPolicy)
class UnitAccountPolicyAdmin(admin.ModelAdmin):
    list_display = ("unit", "officers_manage_delegates", "officers_manage_officers", "updated_at", "updated_by")
    search_fields = ("unit__name",)
    raw_id_fields = ("unit",)
    readonly_fields = ("updated_at", "updated_by")

    def has_change_permission(self, request, obj=None):
        return False  # changed in the product (audited), by the unit's head

    def has_add_permission(self, request):
        return False

"""The accounts app's own rows: what a unit's head lets its officers manage, and the
record of each person's invitation. The person (`User`) stays in `org`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitAccountPolicy(models.Model):
    """Which accounts of a unit its officers (cán bộ thi đua) may manage, as the unit's
    head decides. Without a row the defaults apply (`defaults_for`): delegates yes, other
    officers no — a delegate account votes for nothing until the unit names it
    (voting/delegates.py), whereas an officer acts for the unit in every phase."""

    unit = models.OneToOneField("org.Unit", on_delete=models.CASCADE, primary_key=True, related_name="account_policy")
    officers_manage_delegates = models.BooleanField(_("cán bộ thi đua được quản lý tài khoản đại biểu"), default=True)
    officers_manage_officers = models.BooleanField(_("cán bộ thi đua được quản lý tài khoản cán bộ thi đua"), default=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("quyền quản lý tài khoản của đơn vị")
        verbose_name_plural = _("quyền quản lý tài khoản của đơn vị")

    def __str__(self) -> str:
        return str(self.unit)

    def officer_roles(self) -> frozenset[str]:
        """The roles an officer of the unit may grant, take away and manage."""
        roles = set()
        if self.officers_manage_delegates:
            roles.add("delegate")
        if self.officers_manage_officers:
            roles.add("officer")
        return frozenset(roles)


class Invitation(models.Model):
    """That a person was invited to set their password, and whether they did. The link
    itself is not stored: it is a signed token (accounts/tokens.py) that the password, the
    last sign-in, the e-mail address and the account's state invalidate."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="invitation")
    first_sent_at = models.DateTimeField(_("gửi lần đầu lúc"))
    last_sent_at = models.DateTimeField(_("gửi lần cuối lúc"))
    sent_count = models.PositiveSmallIntegerField(_("số lần gửi"), default=1)
    last_sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    accepted_at = models.DateTimeField(_("đặt mật khẩu lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lời mời")
        verbose_name_plural = _("lời mời")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def pending(self) -> bool:
        return self.accepted_at is None

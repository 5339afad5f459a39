"""Shaping accounts for the pages: role labels, the account's status, its history."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from thidua.org.models import User
from thidua.org.presenters import describe_events

from .forms import ROLE_ORDER
from .models import Invitation

STATUS = {
    "active": (_("Đang hoạt động"), "success"),
    "invited": (_("Đã mời, chưa đặt mật khẩu"), "warning"),
    "no_password": (_("Chưa đặt mật khẩu, chưa mời"), "secondary"),
    "inactive": (_("Đã khóa"), "secondary"),
}


def _invitation(account: User) -> Invitation | None:
    try:
        return account.invitation
    except Invitation.DoesNotExist:
        return None


def decorate_accounts(accounts) -> None:
    """Give each account `role_labels`, `status`, `status_label`, `status_class` and
    `invitation_info` (from the rows already loaded: no query)."""
    labels = dict(User.RoleName.choices)
    for account in accounts:
        account.role_labels = [labels[r] for r in sorted(account.roles, key=ROLE_ORDER.index)]
        invitation = _invitation(account)
        account.invitation_info = invitation
        if not account.is_active:
            status = "inactive"
        elif invitation is not None and invitation.pending:
            status = "invited"
        elif not account.has_usable_password():
            status = "no_password"
        else:
            status = "active"
        account.status = status
        account.status_label, account.status_class = STATUS[status]


def decorate_history(events) -> list:
    return describe_events(events)

"""Applying a checked plan, all or nothing in one transaction: units through org.services,
accounts created here without a usable password and invited, one audit event per account
and one for the import."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.audit import audit_record, snapshot
from thidua.org.models import Unit, User
from thidua.org.rules import is_organizer_officer
from thidua.org.services import unit_create, unit_update

from .checking import import_plan
from .plan import CREATE, ROLE_FLAGS, UPDATE, ImportPlan, ImportRefused, RowResult


def _invite(actor, user: User, request=None) -> None:
    """The invitation e-mail with a one-time link to set a password (accounts.services),
    queued after the import's transaction commits: an import that fails invites nobody."""
    from ..services import account_invite

    account_invite(actor=actor, user=user, request=request)


def _account_create(actor, row: RowResult, unit: Unit) -> User:
    data = row.data
    user = User(username=data["username"], full_name=data["full_name"], email=data["email"], unit=unit)
    for role in data["roles"]:
        setattr(user, ROLE_FLAGS[role], True)
    user.set_unusable_password()  # the person sets their own from the invitation
    user.save()
    audit_record(
        actor=actor,
        action="user.create",
        obj=user,
        after={**snapshot(user, exclude=("password", "last_login")), "source": "import"},
        organizer_id=unit.managed_by_id,
    )
    return user


def import_apply(*, actor, data: bytes, request=None) -> ImportPlan:
    """Check again and write everything, or nothing (ImportRefused with the report)."""
    plan = import_plan(actor=actor, data=data)
    if plan.has_errors:
        raise ImportRefused(plan)
    with transaction.atomic():
        made: dict[int, Unit] = {}
        for row in plan.units:
            if row.status == CREATE:
                made[id(row)] = unit_create(actor=actor, data=row.data)
            elif row.status == UPDATE:
                unit_update(actor=actor, unit=row.unit, data=row.data)
        users = []
        for row in plan.accounts:
            unit = row.unit if row.unit is not None else made[id(row.unit_row)]
            users.append(_account_create(actor, row, unit))
        for user in users:
            _invite(actor, user, request)
        audit_record(
            actor=actor,
            action="accounts.import",
            object_type="accounts.import",
            object_label=_("Nhập đơn vị và tài khoản từ tệp Excel"),
            after={k: v for k, v in plan.counts.items() if k != "errors"},
            organizer_id=actor.organizer_id if is_organizer_officer(actor) else None,
        )
    plan.applied = True
    return plan

"""Who manages whose account (django-rules). One question underlies every rule: which roles
may this person grant for this unit or organizer (`grantable_roles`)? Managing an account —
editing it, changing its roles, deactivating, reactivating, inviting — is allowed when every
role the account holds is grantable by the actor, and a change is allowed when every role it
will hold is too, so nobody hands out or takes away a role they could not grant.

- the system administrator (superuser): every role, every account; superusers are made
  and managed only in Django's admin, by a superuser;
- an organizer officer: the organizer role for their own organizer, and the unit roles
  (officer, head, delegate) for every unit in their organizer's scope — a unit it manages
  the catalogue of, or one that has been in one of its clusters (org.selectors.
  unit_in_organizer_scope);
- a unit's head: officers and delegates of their own unit — not heads: the head role is
  the unit's authority towards the organizer (it confirms the voting delegate and votes)
  and the organizer grants it (docs/decisions/0011-who-manages-whose-account.md);
- a unit's officer: the roles the head allows (`UnitAccountPolicy`), of their own unit;
- nobody manages their own account here (their password: /doi-mat-khau/)."""

from __future__ import annotations

import rules

from thidua.core.memo import memoized
from thidua.org.rules import is_admin, is_organizer_officer
from thidua.org.selectors import unit_in_organizer_scope

UNIT_ROLES = frozenset({"officer", "head", "delegate"})
ORGANIZER_ROLE = "organizer"
ALL_ROLES = UNIT_ROLES | {ORGANIZER_ROLE}
HEAD_GRANTS = frozenset({"officer", "delegate"})


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def officer_roles_of(unit) -> frozenset[str]:
    """What the unit's head lets its officers manage (the defaults without a row)."""
    from .models import UnitAccountPolicy

    def compute():
        policy = UnitAccountPolicy.objects.filter(unit_id=unit.pk).first() or UnitAccountPolicy(unit_id=unit.pk)
        return policy.officer_roles()

    return memoized(("accounts.officer_roles", unit.pk), compute)


def _in_scope(unit, organizer_id) -> bool:
    return memoized(("accounts.unit_in_scope", unit.pk, organizer_id), lambda: unit_in_organizer_scope(unit, organizer_id))


def grantable_roles(actor, *, unit=None, organizer=None) -> frozenset[str]:
    """The roles `actor` may grant (or take away) on an account of `unit` / `organizer`."""
    if not _active(actor):
        return frozenset()
    if is_admin(actor):
        return (UNIT_ROLES if unit is not None else frozenset()) | ({ORGANIZER_ROLE} if organizer is not None else frozenset())
    roles: set[str] = set()
    if is_organizer_officer(actor):
        if organizer is not None and organizer.pk == actor.organizer_id:
            roles.add(ORGANIZER_ROLE)
        if unit is not None and _in_scope(unit, actor.organizer_id):
            roles |= UNIT_ROLES
    elif unit is not None and actor.unit_id == unit.pk:
        if actor.is_unit_head:
            roles |= HEAD_GRANTS
        if actor.is_unit_officer:
            roles |= officer_roles_of(unit)
    return frozenset(roles)


def may_grant(actor, roles, *, unit=None, organizer=None) -> bool:
    roles = set(roles)
    return bool(roles) and roles <= grantable_roles(actor, unit=unit, organizer=organizer)


@rules.predicate
def may_manage_account(actor, target) -> bool:
    """`actor` may edit, deactivate, reactivate and invite `target` (a User)."""
    if target is None or not _active(actor) or target.pk == actor.pk:
        return False
    if is_admin(actor):
        return True
    if target.is_superuser:
        return False
    return may_grant(actor, target.roles, unit=target.unit, organizer=target.organizer)


@rules.predicate
def may_view_accounts(user) -> bool:
    """Opens the list of accounts (each sees their own scope, accounts/selectors.py)."""
    if not _active(user):
        return False
    return bool(is_admin(user) or is_organizer_officer(user) or (user.unit_id and (user.is_unit_head or user.is_unit_officer)))


@rules.predicate
def may_add_accounts(user) -> bool:
    """Has somewhere to add an account: some role they may grant."""
    if not _active(user):
        return False
    if is_admin(user) or is_organizer_officer(user):
        return True
    return bool(user.unit_id and grantable_roles(user, unit=user.unit))


@rules.predicate
def may_set_unit_policy(user, unit) -> bool:
    """The unit's head decides what its officers manage; the organizer and the admin may too."""
    if unit is None or not _active(user):
        return False
    if is_admin(user):
        return True
    if is_organizer_officer(user):
        return _in_scope(unit, user.organizer_id)
    return bool(user.is_unit_head and user.unit_id == unit.pk)


# The .xlsx import of units and accounts (imports/): organizer officers and admins.
may_import = is_admin | is_organizer_officer
rules.add_perm("accounts.import_accounts", may_import)
rules.add_perm("accounts.view_accounts", may_view_accounts)
rules.add_perm("accounts.add_account", may_add_accounts)
rules.add_perm("accounts.manage_account", may_manage_account)
rules.add_perm("accounts.set_unit_policy", may_set_unit_policy)

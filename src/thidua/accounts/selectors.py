"""Reads of the accounts pages, scoped: an account outside a person's scope is not in
their querysets, so its page answers 404 (its existence does not leak)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from thidua.core.models import AuditEvent
from thidua.org.models import Membership, Unit, User
from thidua.org.rules import is_admin, is_organizer_officer

from .models import Invitation, UnitAccountPolicy

ROLE_FLAGS = {"officer": "is_unit_officer", "head": "is_unit_head", "delegate": "is_delegate", "organizer": "is_organizer_officer"}
STATUSES = ("active", "invited", "inactive")


def organizer_unit_ids(organizer_id: int) -> QuerySet:
    """The units in an organizer's scope: those whose catalogue it manages and those that have
    been in one of its clusters (the same scope as org.selectors.unit_in_organizer_scope)."""
    in_cluster = Membership.objects.filter(unit=OuterRef("pk"), organizer_id=organizer_id)
    return Unit.objects.filter(Q(managed_by_id=organizer_id) | Exists(in_cluster)).values("pk")


def accounts_for(user) -> QuerySet[User]:
    """Every account `user` may see: the admin all; an organizer officer their organizer's
    officers and the staff of the units in its scope; a unit's head or officer their unit's
    staff. Superusers are seen by superusers only."""
    qs = User.objects.select_related("unit", "organizer", "invitation")
    if is_admin(user):
        return qs
    qs = qs.exclude(is_superuser=True)
    if is_organizer_officer(user):
        return qs.filter(Q(organizer_id=user.organizer_id) | Q(unit_id__in=organizer_unit_ids(user.organizer_id)))
    if user.is_authenticated and user.is_active and user.unit_id and (user.is_unit_head or user.is_unit_officer):
        return qs.filter(unit_id=user.unit_id)
    return qs.none()


def account_list(user, *, q: str = "", unit_id: int | None = None, role: str = "", status: str = "") -> QuerySet[User]:
    qs = accounts_for(user)
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(email__icontains=q) | Q(full_name__icontains=q))
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if role in ROLE_FLAGS:
        qs = qs.filter(**{ROLE_FLAGS[role]: True})
    pending = Invitation.objects.filter(accepted_at__isnull=True).values("user_id")
    if status == "active":
        qs = qs.filter(is_active=True).exclude(pk__in=pending)
    elif status == "invited":
        qs = qs.filter(is_active=True, pk__in=pending)
    elif status == "inactive":
        qs = qs.filter(is_active=False)
    return qs.order_by("unit__name", "full_name", "username", "pk")


def account_or_none(user, pk) -> User | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    if not 0 < pk < 2**63:
        return None
    return accounts_for(user).filter(pk=pk).first()


def unit_choices_for(user) -> QuerySet[Unit]:
    """The units `user` may create accounts in (for the form's <select>)."""
    qs = Unit.objects.order_by("name", "pk")
    if is_admin(user):
        return qs
    if is_organizer_officer(user):
        return qs.filter(pk__in=organizer_unit_ids(user.organizer_id))
    return qs.filter(pk=user.unit_id) if user.unit_id else qs.none()


def account_history(account: User) -> QuerySet[AuditEvent]:
    """The audit events about this account, newest first."""
    return AuditEvent.objects.filter(object_type="org.user", object_id=str(account.pk)).select_related("actor").order_by("-id")


def unit_policy(unit: Unit) -> UnitAccountPolicy:
    """The unit's policy row, or the defaults (unsaved)."""
    return UnitAccountPolicy.objects.filter(unit=unit).first() or UnitAccountPolicy(unit=unit)


def active_heads(unit_id: int, *, exclude_pk=None) -> QuerySet[User]:
    return User.objects.filter(unit_id=unit_id, is_unit_head=True, is_active=True).exclude(pk=exclude_pk)


def active_organizer_officers(organizer_id: int, *, exclude_pk=None) -> QuerySet[User]:
    return User.objects.filter(organizer_id=organizer_id, is_organizer_officer=True, is_active=True).exclude(pk=exclude_pk)


def pending_invitation(user: User) -> Invitation | None:
    """The account's invitation while its password is not set yet, else None."""
    try:
        invitation = user.invitation
    except Invitation.DoesNotExist:
        return None
    return invitation if invitation.pending else None

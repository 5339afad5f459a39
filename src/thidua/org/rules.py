"""Who may do what in the organisation app. Predicates take the user and, where it
matters, the object; querysets of what a user may *see* live in selectors.py and follow
the same rules (admins: everything; organizer officers: their organizer's; unit staff:
the clusters of the organizers their unit has belonged to)."""

from __future__ import annotations

import rules

from thidua.core.memo import memoized, peek

from .models import Cluster, ClusterYear, Membership, Organizer, Role, Unit


def organizer_id_of(obj) -> int | None:
    if isinstance(obj, Organizer):
        return obj.pk
    if isinstance(obj, Cluster):
        return obj.organizer_id
    if isinstance(obj, ClusterYear):
        return obj.cluster.organizer_id
    if isinstance(obj, Unit):
        return obj.managed_by_id
    return getattr(obj, "organizer_id", None)


@rules.predicate
def is_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


@rules.predicate
def is_organizer_officer(user) -> bool:
    return bool(user and user.is_authenticated and user.is_organizer_officer and user.organizer_id)


@rules.predicate
def is_unit_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.unit_id)


@rules.predicate
def officer_of_objects_organizer(user, obj) -> bool:
    """The user is an officer of the organizer that owns `obj` (organizer, cluster, year, unit)."""
    return bool(is_organizer_officer(user) and obj is not None and organizer_id_of(obj) == user.organizer_id)


manages = is_admin | officer_of_objects_organizer


@rules.predicate
def unit_is_in_organizers_clusters(user, obj) -> bool:
    """The user's unit has belonged to a cluster of the organizer that owns `obj`."""
    if not is_unit_staff(user) or obj is None:
        return False
    organizer_id = organizer_id_of(obj)
    return Membership.objects.filter(unit_id=user.unit_id, organizer_id=organizer_id).exists()


can_view_cluster = manages | unit_is_in_organizers_clusters


# The request-memo key of a year's whole member list ({year id: memberships}, loaded by
# scoring's selectors for the pages that show every member).
YEAR_MEMBERS = "org.year_members"


def unit_year_role(cluster_year, unit_id: int | None) -> str | None:
    """The role of unit `unit_id` in `cluster_year` (a year or its id), None if it is not a
    member. Every rule that asks "is this person's unit a member / the leader / in the
    secretariat" asks this: one row once per request (core.memo), or nothing when the page
    has already read the year's whole member list."""
    if cluster_year is None or unit_id is None:
        return None
    pk = getattr(cluster_year, "pk", cluster_year)
    members = peek((YEAR_MEMBERS, pk))
    if members is not None:
        return next((m.role for m in members if m.unit_id == unit_id), None)
    return memoized(
        ("org.unit_year_role", pk, unit_id),
        lambda: Membership.objects.filter(cluster_year_id=pk, unit_id=unit_id).values_list("role", flat=True).first(),
    )


def _year_role(user, cluster_year, roles) -> bool:
    if not is_unit_staff(user) or not (user.is_unit_officer or user.is_unit_head) or cluster_year is None:
        return False
    return unit_year_role(cluster_year, user.unit_id) in roles


@rules.predicate
def acts_for_year_leader(user, cluster_year) -> bool:
    """An officer or the head of the year's leader unit (Cụm trưởng)."""
    return _year_role(user, cluster_year, [Role.LEADER])


@rules.predicate
def in_secretariat(user, cluster_year) -> bool:
    """The secretariat of a cluster-year: officers of the leader and deputy units. Derived
    from the year's roles, so it changes by itself when the roles do."""
    return _year_role(user, cluster_year, [Role.LEADER, Role.DEPUTY1, Role.DEPUTY2])


@rules.predicate
def may_edit_unit(user, unit) -> bool:
    return bool(is_organizer_officer(user) and unit is not None and unit.managed_by_id == user.organizer_id)


rules.add_perm("org.view_cluster", can_view_cluster)
rules.add_perm("org.add_cluster", is_admin | is_organizer_officer)
rules.add_perm("org.change_cluster", manages)
rules.add_perm("org.change_membership", manages)
rules.add_perm("org.change_phase", manages | acts_for_year_leader)
rules.add_perm("org.move_phase_back", manages)
rules.add_perm("org.add_unit", is_admin | is_organizer_officer)
rules.add_perm("org.change_unit", is_admin | may_edit_unit)
rules.add_perm("org.add_user", is_admin | is_organizer_officer)
rules.add_perm("org.view_users", is_admin | is_organizer_officer)
rules.add_perm("org.view_audit", is_admin | is_organizer_officer)

"""Who may do what with ratings, discipline records and the award registry. Reading a
unit's registry, ratings and eligibility is open to every signed-in person, as the unit
itself is (api-v1: "who may see the unit"); writing is the organizer's."""

from __future__ import annotations

import rules

from thidua.org.models import Membership, Unit
from thidua.org.rules import is_admin, is_organizer_officer


@rules.predicate
def organizer_of_units_clusters(user, unit: Unit | None) -> bool:
    """An officer of an organizer whose clusters the unit has been in (or that manages it)."""
    if not is_organizer_officer(user) or unit is None:
        return False
    if unit.managed_by_id == user.organizer_id:
        return True
    return Membership.objects.filter(unit=unit, organizer_id=user.organizer_id).exists()


@rules.predicate
def officer_of_decisions_organizer(user, obj) -> bool:
    """`obj` is an organizer or a decision; the user is an officer of that organizer."""
    organizer_id = getattr(obj, "organizer_id", None) or getattr(obj, "pk", None)
    return bool(is_organizer_officer(user) and obj is not None and organizer_id == user.organizer_id)


rules.add_perm("awards.rate_unit", organizer_of_units_clusters)
rules.add_perm("awards.record_discipline", organizer_of_units_clusters)
rules.add_perm("awards.carry_over", organizer_of_units_clusters)
rules.add_perm("awards.record_decision", officer_of_decisions_organizer)


@rules.predicate
def staff_of_awarded_unit(user, decision) -> bool:
    """An officer or the head of a unit the decision names (it is sent to them)."""
    unit_id = getattr(user, "unit_id", None)
    if decision is None or not unit_id or not (getattr(user, "is_unit_officer", False) or getattr(user, "is_unit_head", False)):
        return False
    return decision.awards.filter(unit_id=unit_id).exists()


# the signed copy of a decision: its organizer's officers, the units it names, the system admin
rules.add_perm("awards.view_signed_copy", officer_of_decisions_organizer | staff_of_awarded_unit | is_admin)


@rules.predicate
def officer_of_years_organizer(user, cluster_year) -> bool:
    return bool(is_organizer_officer(user) and cluster_year is not None and cluster_year.cluster.organizer_id == user.organizer_id)


# the year's ratings page: the organizer enters its members' ratings
rules.add_perm("awards.rate_year", officer_of_years_organizer)

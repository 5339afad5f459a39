"""Who may do what with a year's summary report and mid-year review. The object is the
ClusterYear; the phase is asked apart by the services (cycle.phases.require_phase, 409).

- the year's members and the organizer read the report and the review (`reports.view`);
- the drafting unit's officers and head (the leader unit, unless it assigned a deputy)
  write the draft, circulate it and answer each comment; nobody else answers comments;
- an officer of a member unit comments for the unit while the report is circulated;
- the leader unit or the organizer assign the drafter and record the conference's
  adoption;
- the secretariat (leader and deputies) or the organizer record the mid-year review; the
  leader unit or the organizer amend the scoring table at it (as scoring.edit_criteria)."""

from __future__ import annotations

import rules

from thidua.core.memo import memoized
from thidua.org.models import Membership, Role
from thidua.org.rules import is_unit_staff

# the year's roles read once per request (scoring/rules.py: scoring.selectors.year_roles)
from thidua.scoring.rules import manages_year, secretariat, year_leader, year_member


def drafter_id(cluster_year) -> int | None:
    """The drafting unit's id: the report's drafter, else the year's leader unit."""

    def compute():
        from .models import Report

        found = Report.objects.filter(cluster_year=cluster_year).values_list("drafter_id", flat=True).first()
        if found:
            return found
        return Membership.objects.filter(cluster_year=cluster_year, role=Role.LEADER).values_list("unit_id", flat=True).first()

    return memoized(("reports.drafter", cluster_year.pk), compute)


@rules.predicate
def acts_for_drafter(user, cluster_year) -> bool:
    if cluster_year is None or not is_unit_staff(user) or not (user.is_unit_officer or user.is_unit_head):
        return False
    return user.unit_id == drafter_id(cluster_year)


@rules.predicate
def officer_of_member(user, cluster_year) -> bool:
    return bool(is_unit_staff(user) and user.is_unit_officer and year_member(user, cluster_year))


rules.add_perm("reports.view", manages_year | year_member)  # as cycle.view_year, from the memoized roles
rules.add_perm("reports.draft", acts_for_drafter)
rules.add_perm("reports.comment", officer_of_member)
rules.add_perm("reports.assign_drafter", manages_year | year_leader)
rules.add_perm("reports.adopt", manages_year | year_leader)
rules.add_perm("reports.record_review", manages_year | secretariat)
rules.add_perm("reports.amend_table", manages_year | year_leader)

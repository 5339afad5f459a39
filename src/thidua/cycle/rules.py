"""Who may do what in a cluster's year. The object is always the ClusterYear. A permission
of an action bound to a phase answers "may this person do this now", the phase included
(`phases.add_perm_now`): `can(user, "cycle.edit_launch", year)` is False in the wrong
phase. Services ask its two halves apart — the role (403), then the phase (409).

- the year's members (any staff of a member unit) and the organizer read the year;
- the secretariat (officers and heads of the leader and deputy units) and the organizer
  write the launch and the covenant text; the leader unit or the organizer publish;
- an officer of a member unit registers for that unit; its head signs the covenant;
- the leader unit or the organizer change the year's rules and deadlines;
- documents numbered in the leader unit's register are issued by its officers or head."""

from __future__ import annotations

import rules

from thidua.org.rules import acts_for_year_leader, in_secretariat, is_admin, is_unit_staff, manages, unit_year_role

from . import phases


@rules.predicate
def member_of_year(user, cluster_year) -> bool:
    """Any staff (officer, head, delegate) of a unit that is a member of this year."""
    if cluster_year is None or not is_unit_staff(user):
        return False
    return unit_year_role(cluster_year, user.unit_id) is not None


@rules.predicate
def officer_of_member_unit(user, cluster_year) -> bool:
    return bool(is_unit_staff(user) and user.is_unit_officer and member_of_year(user, cluster_year))


@rules.predicate
def head_of_member_unit(user, cluster_year) -> bool:
    return bool(is_unit_staff(user) and user.is_unit_head and member_of_year(user, cluster_year))


rules.add_perm("cycle.view_year", manages | member_of_year)
phases.add_perm_now("cycle.edit_launch", manages | in_secretariat, "edit_launch")
phases.add_perm_now("cycle.publish_launch", manages | acts_for_year_leader, "publish_launch")
phases.add_perm_now("cycle.register", officer_of_member_unit, "register")
phases.add_perm_now("cycle.edit_covenant", manages | in_secretariat, "edit_covenant")
phases.add_perm_now("cycle.sign_covenant", head_of_member_unit, "sign_covenant")
rules.add_perm("cycle.change_settings", manages | acts_for_year_leader)
rules.add_perm("cycle.issue_documents", is_admin | acts_for_year_leader)
phases.add_perm_now("cycle.issue_plan", is_admin | acts_for_year_leader, "issue_plan")
rules.add_perm("cycle.change_document_issuers", manages | acts_for_year_leader)

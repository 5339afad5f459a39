"""Who may do what at the conference and in the vote. The object is the ClusterYear (or a
Poll, read as its year). Whether the phase allows it is asked by the services
(thidua.cycle.phases: "edit_conference", "prepare_polls", "vote").

- the year's members (any staff of a member unit) and the organizer see the conference,
  the polls, the turnout and, once a poll is closed, its results and ballots;
- the leader unit (officer or head) or the organizer write the conference and manage the
  polls (api-v1.md: "leader unit or organizer");
- the secretariat (officers and heads of the leader and deputy units) or the organizer
  check any member unit in;
- the head of a member unit, or the voting delegate its unit named, checks its own unit
  in and votes for it (when the unit named a voting delegate, only that person votes); an
  account with the "delegate" role that its unit did not name votes for nothing, so that
  whoever creates accounts cannot vote for a unit by creating one;
- only the unit names its delegates (voting.md, "Who may vote for a unit"): its head
  directly, its officer by a nomination the head confirms (services check that the unit
  is the actor's own). The secretariat and the organizer see delegates, never name them.

Use `can()` rather than `user.has_perm()`: Django answers yes to everything for a
superuser, who must not vote or check in for a unit."""

from __future__ import annotations

import rules

from thidua.core.permissions import can  # noqa: F401 - re-exported: the app's modules ask `rules.can`
from thidua.cycle.rules import member_of_year
from thidua.org.models import ClusterYear
from thidua.org.rules import acts_for_year_leader, in_secretariat, is_unit_staff, manages


def year_of(obj) -> ClusterYear | None:
    if obj is None or isinstance(obj, ClusterYear):
        return obj
    return getattr(obj, "cluster_year", None)


@rules.predicate
def manages_year(user, obj) -> bool:
    cluster_year = year_of(obj)
    return cluster_year is not None and manages(user, cluster_year)


@rules.predicate
def year_member(user, obj) -> bool:
    return member_of_year(user, year_of(obj))


@rules.predicate
def year_leader(user, obj) -> bool:
    return acts_for_year_leader(user, year_of(obj))


@rules.predicate
def year_secretariat(user, obj) -> bool:
    return in_secretariat(user, year_of(obj))


@rules.predicate
def head_of_member_unit(user, obj) -> bool:
    return bool(is_unit_staff(user) and user.is_unit_head and year_member(user, obj))


@rules.predicate
def named_voting_delegate(user, obj) -> bool:
    """The user is the voting delegate its unit named for this year's conference."""
    cluster_year = year_of(obj)
    if cluster_year is None or not is_unit_staff(user) or not year_member(user, obj):
        return False
    from .models import Delegate

    return Delegate.objects.filter(
        conference__cluster_year=cluster_year, unit_id=user.unit_id, kind=Delegate.Kind.VOTING, user_id=user.pk
    ).exists()


voter_of_member_unit = head_of_member_unit | named_voting_delegate


@rules.predicate
def acts_for_member_unit(user, obj) -> bool:
    return bool(is_unit_staff(user) and (user.is_unit_officer or user.is_unit_head) and year_member(user, obj))


rules.add_perm("voting.view", manages_year | year_member)
rules.add_perm("voting.manage", manages_year | year_leader)
rules.add_perm("voting.checkin_any", manages_year | year_secretariat)
rules.add_perm("voting.checkin_own", voter_of_member_unit)
rules.add_perm("voting.vote", voter_of_member_unit)
# its own unit's delegates only: the head names and confirms, the officer proposes
rules.add_perm("voting.name_delegate", acts_for_member_unit)
rules.add_perm("voting.confirm_delegate", head_of_member_unit)



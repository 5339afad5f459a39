"""Who may do what at the conference and in the vote. The object is the ClusterYear (or a
Poll, read as its year). Whether the phase allows it is asked by the services
(thidua.cycle.phases: "edit_conference", "prepare_polls", "vote").

- the year's members (any staff of a member unit) and the organizer see the conference,
  the polls, the turnout and, once a poll is closed, its results and ballots;
- the leader unit (officer or head) or the organizer write the conference and manage the
  polls (api-v1.md: "leader unit or organizer");
- the secretariat (officers and heads of the leader and deputy units) or the organizer
  check any member unit in;
- a delegate or the head of a member unit checks its own unit in and votes for it (when
  the unit named a voting delegate with an account, only that person votes);
- an officer or the head of a member unit names its own delegates.

Use `can()` rather than `user.has_perm()`: Django answers yes to everything for a
superuser, who must not vote or check in for a unit."""

from __future__ import annotations

import rules

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
def voter_of_member_unit(user, obj) -> bool:
    """A delegate or the head of a member unit of the year (they vote for that unit)."""
    return bool(is_unit_staff(user) and (user.is_delegate or user.is_unit_head) and year_member(user, obj))


@rules.predicate
def acts_for_member_unit(user, obj) -> bool:
    return bool(is_unit_staff(user) and (user.is_unit_officer or user.is_unit_head) and year_member(user, obj))


rules.add_perm("voting.view", manages_year | year_member)
rules.add_perm("voting.manage", manages_year | year_leader)
rules.add_perm("voting.checkin_any", manages_year | year_secretariat)
rules.add_perm("voting.checkin_own", voter_of_member_unit)
rules.add_perm("voting.vote", voter_of_member_unit)
rules.add_perm("voting.name_delegate", manages_year | year_leader | acts_for_member_unit)


def can(user, perm: str, obj=None) -> bool:
    return rules.has_perm(perm, user, obj)

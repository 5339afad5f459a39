"""The conference's attendance: the quorum reached so far and the check-in list, paged
(a cluster may have thousands of members)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, QuerySet, Subquery

from thidua.org.models import ROLE_ORDER, ClusterYear, Membership, Role, Unit
from thidua.org.selectors import in_role_order

from ..models import CheckIn, Conference, Delegate
from .electorate import attendance_counts, member_ids, present_ids, quorum_required


@dataclass
class Quorum:
    present: int
    total: int
    required: int
    present_ids: list[int] | None = None  # only when asked for (the API lists them)

    @property
    def met(self) -> bool:
        return self.total > 0 and self.present >= self.required

    @property
    def percent(self) -> int:
        return round(100 * self.present / self.total) if self.total else 0


def quorum(cluster_year: ClusterYear, conference: Conference | None = None, *, with_ids: bool = False) -> Quorum:
    """Members present over all (the counts the year and its conference keep, and the
    year's settings, whatever the number of members; `with_ids` lists the units present)."""
    if with_ids:
        members = member_ids(cluster_year)
        present = present_ids(cluster_year, members)
        return Quorum(len(present), len(members), quorum_required(cluster_year, len(members)), present)
    total, present = attendance_counts(cluster_year, conference)
    return Quorum(present, total, quorum_required(cluster_year, total))


@dataclass
class AttendanceRow:
    membership: Membership
    checked_in_at: dt.datetime | None  # when the unit checked in (None: not yet)
    delegates: list[Delegate] = field(default_factory=list)

    @property
    def unit(self) -> Unit:
        return self.membership.unit

    @property
    def voting_delegate(self) -> Delegate | None:
        return next((d for d in self.delegates if d.kind == Delegate.Kind.VOTING), None)


def attendance(cluster_year: ClusterYear, conference: Conference) -> list[AttendanceRow]:
    """Every member unit with its check-in and delegates, leader first (2 queries): for the
    minutes, which list them all. Pages show `attendance_page`."""
    return _rows(conference, in_role_order(_members(cluster_year, conference).select_related("unit__province")))


def _members(cluster_year: ClusterYear, conference: Conference) -> QuerySet[Membership]:
    """The year's memberships with their units and when each unit checked in
    (`checked_in_at`, None: not yet) — the time only: who checked a unit in is the audit
    trail's to tell."""
    checked_in = CheckIn.objects.filter(conference=conference, unit_id=OuterRef("unit_id")).values("at")[:1]
    return Membership.objects.filter(cluster_year=cluster_year).select_related("unit").annotate(checked_in_at=Subquery(checked_in))


def _rows(conference: Conference, memberships: list[Membership]) -> list[AttendanceRow]:
    unit_ids = [m.unit_id for m in memberships]
    delegates: dict[int, list[Delegate]] = {}
    # who confirmed each is shown; the delegate's own account is not (its name is on the row)
    found = Delegate.objects.filter(conference=conference, unit_id__in=unit_ids).select_related("confirmed_by")
    for d in found.order_by("kind", "full_name", "pk"):
        delegates.setdefault(d.unit_id, []).append(d)
    return [AttendanceRow(m, m.checked_in_at, delegates.get(m.unit_id, [])) for m in memberships]


ATTENDANCE_PAGE = 50
LEADERSHIP = (Role.LEADER, Role.DEPUTY1, Role.DEPUTY2)


class _InAttendanceOrder:
    """A year's memberships as the attendance lists them — the leader, the deputies, then
    the members by name — as a sequence the Paginator slices. A slice reads the leadership
    (three rows at most) and the members it covers in the order of an index
    (`Membership.sort_name`), never the whole year: 10,000 members sorted with their units
    took 9 ms of every page."""

    def __init__(self, memberships: QuerySet[Membership], total: int):
        self.memberships, self.total = memberships, total

    def count(self) -> int:  # what the Paginator asks of a sequence
        return self.total

    def __getitem__(self, part: slice) -> list[Membership]:
        # one of each at most (the year's constraints), read in the index's order — where
        # every other role's name sorts before "member" — so the read stops at them
        found = self.memberships.filter(role__in=LEADERSHIP).order_by("role", "sort_name")[: len(LEADERSHIP)]
        leadership = sorted(found, key=lambda m: ROLE_ORDER[m.role])
        start, stop, led = part.start or 0, part.stop, len(leadership)
        rows = leadership[start:stop]
        if stop > led:
            members = self.memberships.filter(role=Role.MEMBER).order_by("sort_name", "unit_id")
            rows += list(members[max(0, start - led) : stop - led])
        return rows


def attendance_page(cluster_year: ClusterYear, conference: Conference, page_number) -> tuple[Page, list[AttendanceRow]]:
    """One page of the member units (leader first, then deputies, then by name) with their
    check-in times and delegates: the leadership, the page's members and their delegates
    (3 queries) whether the year has 10 members or 10,000; the year keeps its number of members."""
    # what a row shows (presenters.attendance_lines), and the name it is ordered by
    memberships = _members(cluster_year, conference).only("cluster_year_id", "unit_id", "role", "sort_name", "unit__name")
    paginator = Paginator(_InAttendanceOrder(memberships, cluster_year.member_count), ATTENDANCE_PAGE)
    page = paginator.get_page(page_number)
    return page, _rows(conference, list(page.object_list))


def attendance_row(cluster_year: ClusterYear, conference: Conference, unit_id: int | None) -> AttendanceRow | None:
    """The row of one member unit (the user's own), None if it is not a member."""
    membership = _members(cluster_year, conference).filter(unit_id=unit_id).first() if unit_id else None
    return _rows(conference, [membership])[0] if membership else None

"""The year's electorate: the member units, those present, the quorum's count, each unit's
voting delegate; what the conference and every poll are counted against."""

from __future__ import annotations

from django.db.models import Count, Q

from thidua.core.memo import memoized
from thidua.cycle.services import year_settings_get
from thidua.org.models import ClusterYear, Membership, Unit, User

from ..models import CheckIn, Conference, Delegate


def member_ids(cluster_year: ClusterYear) -> list[int]:
    return sorted(Membership.objects.filter(cluster_year=cluster_year).values_list("unit_id", flat=True))


def attendance_counts(cluster_year: ClusterYear, conference: Conference | None = None) -> tuple[int, int]:
    """(the member units, those of them checked in at the conference): the counts the year
    (`ClusterYear.member_count`) and its conference (`Conference.present_count`) keep as
    they change, read with their rows — not counted, whatever the number of members: the
    quorum is polled by every delegate's phone (decision 0032). `conference`: the row the
    caller has read, else its count is read once per request (core.memo; a check-in is an
    audited write, which drops the memo)."""
    if conference is not None:
        return cluster_year.member_count, conference.present_count

    def read() -> int:
        return Conference.objects.filter(cluster_year=cluster_year).values_list("present_count", flat=True).first() or 0

    return cluster_year.member_count, memoized(("voting.present_count", cluster_year.pk), read)


def counted_attendance(cluster_year: ClusterYear) -> tuple[int, int]:
    """The same two figures counted from the rows (two counts over the year's members):
    what the kept counts must equal — `verify_attendance_counts` and the tests compare them."""
    checked_in = CheckIn.objects.filter(conference__cluster_year=cluster_year).values("unit_id")
    counts = Membership.objects.filter(cluster_year=cluster_year).aggregate(
        members=Count("pk"), present=Count("pk", filter=Q(unit_id__in=checked_in))
    )
    return counts["members"], counts["present"]


def present_ids(cluster_year: ClusterYear, members: list[int] | None = None) -> list[int]:
    """The member units checked in at the conference."""
    members = set(member_ids(cluster_year) if members is None else members)
    ids = CheckIn.objects.filter(conference__cluster_year=cluster_year).values_list("unit_id", flat=True)
    return sorted(i for i in ids if i in members)


def quorum_required(cluster_year: ClusterYear, members: int) -> int:
    return year_settings_get(cluster_year).quorum_count(members)


def next_year_roles(cluster_year: ClusterYear) -> dict[int, str]:
    return dict(
        Membership.objects.filter(cluster_year__cluster_id=cluster_year.cluster_id, year=cluster_year.year + 1)
        .values_list("unit_id", "role")
    )


def voting_delegate_of(cluster_year: ClusterYear, unit_id: int) -> Delegate | None:
    return (
        Delegate.objects.select_related("user")
        .filter(conference__cluster_year=cluster_year, unit_id=unit_id, kind=Delegate.Kind.VOTING, user__isnull=False)
        .first()
    )


def electorate_of(cluster_year: ClusterYear, unit_ids: list[int]) -> dict[str, dict]:
    """Who may cast each member unit's ballot, as a poll freezes it when it opens
    (Poll.electorate): {"<unit id>": {"name": the unit's name, "voters": [user ids],
    "delegate": the named voting delegate's name or None}}. The voters are the voting
    delegate the unit named, else its heads — the rule `voting.vote` states (rules.py),
    read once here so that a cast reads nothing but the poll row (3 queries)."""
    named = {
        d.unit_id: d
        for d in Delegate.objects.filter(
            conference__cluster_year=cluster_year, unit_id__in=unit_ids, kind=Delegate.Kind.VOTING, user__isnull=False
        )
    }
    heads: dict[int, list[int]] = {}
    for unit_id, user_id in User.objects.filter(unit_id__in=unit_ids, is_unit_head=True).order_by("pk").values_list("unit_id", "pk"):
        heads.setdefault(unit_id, []).append(user_id)
    names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    return {
        str(unit_id): {
            "name": names.get(unit_id, str(unit_id)),
            "voters": [named[unit_id].user_id] if unit_id in named else heads.get(unit_id, []),
            "delegate": named[unit_id].full_name if unit_id in named else None,
        }
        for unit_id in unit_ids
    }

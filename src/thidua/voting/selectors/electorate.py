"""The year's electorate: the member units, those present, the quorum's count, each unit's
voting delegate; what the conference and every poll are counted against."""

from __future__ import annotations

from django.db.models import Count, Q

from thidua.core.memo import memoized
from thidua.cycle.services import year_settings_get
from thidua.org.models import ClusterYear, Membership, Unit, User

from ..models import CheckIn, Delegate


def member_ids(cluster_year: ClusterYear) -> list[int]:
    return sorted(Membership.objects.filter(cluster_year=cluster_year).values_list("unit_id", flat=True))


def attendance_counts(cluster_year: ClusterYear) -> tuple[int, int]:
    """(the member units, those of them checked in at the conference), in one query once
    per request (core.memo): the conference page's attendance list and its quorum both
    count them. A check-in is an audited write, which drops the request's memo."""

    def read() -> tuple[int, int]:
        # `IN (the units checked in)`, which the database hashes once, rather than EXISTS
        # probed for each member: 0.46 against 1.0 ms with 500 members (bench/README.md)
        checked_in = CheckIn.objects.filter(conference__cluster_year=cluster_year).values("unit_id")
        counts = Membership.objects.filter(cluster_year=cluster_year).aggregate(
            members=Count("pk"), present=Count("pk", filter=Q(unit_id__in=checked_in))
        )
        return counts["members"], counts["present"]

    return memoized(("voting.attendance_counts", cluster_year.pk), read)


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

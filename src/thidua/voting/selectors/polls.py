"""Reading polls for a user: the querysets that leave the frozen roll unread (see the note
below), the polls of a year, one poll for its page or for casting, whether the user can
vote now, and the audit browser's mask of open polls' votes."""

from __future__ import annotations

import json

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    Func,
    IntegerField,
    JSONField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from thidua.org.models import ClusterYear
from thidua.org.rules import is_unit_staff
from thidua.org.selectors import clusters_for

from ..models import PaperTally, Participation, Poll, PollCandidate

# The roll, member list and electorate a poll freezes when it opens hold one entry per member
# unit: about 1 MB of JSON for 10,000 members, decoded on every read of the row (70–80 ms;
# bench/README.md). A page or a cast needs only their lengths and the user's own entry, so
# `_poll_queryset` leaves them unread and asks the database for those (PostgreSQL's jsonb
# operators, SQLite's JSON1 functions). A deferred column is still read, with one query,
# if some other code touches it; the services lock and re-read the whole row (common.locked_poll).
FROZEN_COLUMNS = ("member_ids", "roll", "electorate")


class JSONArrayLength(Func):
    """The number of elements of a JSON array column."""

    function = "json_array_length"
    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="jsonb_array_length", **extra)


class JSONObjectEntry(Func):
    """The value at `key` of a JSON object column (JSON, or NULL when absent): the key is
    always read as text, where Django's key transform reads "12" as an array index."""

    output_field = JSONField()

    def __init__(self, column: str, key: str):
        super().__init__(column)
        self.key = str(key)

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"json_extract({sql}, %s)", (*params, '$."' + self.key.replace('"', "") + '"')

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} -> %s::text)", (*params, self.key)


class JSONArrayHas(Func):
    """Whether a JSON array column holds the integer `number`."""

    output_field = BooleanField()

    def __init__(self, column: str, number: int):
        super().__init__(column)
        self.number = int(number)

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        # `sql` is the compiled column; the number is a parameter
        return f"EXISTS (SELECT 1 FROM json_each({sql}) WHERE json_each.value = %s)", (*params, self.number)  # noqa: S608

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} @> %s::jsonb)", (*params, json.dumps([self.number]))


def unless_closed(count) -> Case:
    """`count` while the poll is not closed; None once it is, when its results hold the
    figures (selectors.results.turnout): the database then neither reads a 10,000-entry roll nor
    counts 10,000 participations for a page that shows the stored result."""
    return Case(When(~Q(state=Poll.State.CLOSED), then=count), default=Value(None), output_field=IntegerField())


def _light(queryset: QuerySet[Poll], user) -> QuerySet[Poll]:
    """The poll rows without their frozen columns, with what is read of them: their lengths
    (`roll_count`, `member_count`), whether the electorate is frozen and — for `user`'s
    unit — its entry and whether it is on the roll (eligibility.own_entry, on_roll)."""
    unit_id = getattr(user, "unit_id", None)
    queryset = queryset.defer(*FROZEN_COLUMNS).annotate(
        roll_count=unless_closed(JSONArrayLength("roll")),
        member_count=unless_closed(JSONArrayLength("member_ids")),
        electorate_frozen=ExpressionWrapper(Q(electorate__isnull=False), output_field=BooleanField()),
    )
    if unit_id is None:  # an organizer's officer, the admin: no entry of their own
        return queryset.annotate(own_entry=Value(None, output_field=JSONField()), own_on_roll=Value(False))
    return queryset.annotate(own_entry=JSONObjectEntry("electorate", unit_id), own_on_roll=JSONArrayHas("roll", unit_id))


def _read_for(poll: Poll | None, user) -> Poll | None:
    if poll is not None:
        poll.read_for_unit = getattr(user, "unit_id", None)  # the unit its own_entry/own_on_roll answer for
    return poll


def _poll_queryset(user=None) -> QuerySet[Poll]:
    """Polls with their year, candidates and voter count; without their frozen columns."""
    candidates = PollCandidate.objects.select_related("unit").order_by("order", "pk")
    voted = Participation.objects.filter(poll=OuterRef("pk")).order_by().values("poll").annotate(n=Count("pk")).values("n")
    return _light(
        Poll.objects.select_related("cluster_year__cluster__organizer", "parent")
        .prefetch_related(Prefetch("candidates", queryset=candidates, to_attr="candidate_list"))
        # A correlated count, not Count("participations"): that joins every participation and
        # GROUPs BY all of the poll's columns — its frozen roll and electorate, one entry per
        # member — which took 150 ms of SQL for a poll of 10,000 ballots (bench/README.md).
        .annotate(voted=unless_closed(Coalesce(Subquery(voted, output_field=IntegerField()), 0))),
        user,
    )


def polls_of(cluster_year: ClusterYear) -> list[Poll]:
    # the year's list shows each open poll's "voted / on the roll" (polls.html: p.roll|length)
    polls = list(
        _poll_queryset().defer(None).defer("member_ids", "electorate").filter(cluster_year=cluster_year).order_by("created_at", "pk")
    )
    papers = {p.poll_id: p for p in PaperTally.objects.filter(poll__cluster_year=cluster_year)}
    for poll in polls:
        poll.paper = papers.get(poll.pk)
    return polls


def polls_listed(user, cluster_year: ClusterYear) -> list[Poll]:
    """The year's polls in their order, light: no frozen columns, candidates nor paper
    tallies, the user's own entry instead (`_light`). The conference page lists only their
    titles and states, and offers the user's unit its ballots (eligibility.awaiting_ballots)."""
    polls = _light(Poll.objects.filter(cluster_year=cluster_year), user).order_by("created_at", "pk")
    listed = []
    for poll in polls:
        poll.cluster_year = cluster_year  # the page's own row: rules read it, not another copy
        listed.append(_read_for(poll, user))
    return listed


def open_polls_for(user, cluster_year_id: int, *, exclude_id: int | None = None) -> list[Poll]:
    """The year's open polls in their order, light (without their frozen columns; the
    user's own entry instead): the way on after a ballot (eligibility.next_ballot)."""
    polls = _light(Poll.objects.select_related("cluster_year").filter(cluster_year_id=cluster_year_id, state=Poll.State.OPEN), user)
    if exclude_id is not None:
        polls = polls.exclude(pk=exclude_id)
    return [_read_for(poll, user) for poll in polls.order_by("created_at", "pk")]


def poll_for(user, poll_id: int) -> Poll | None:
    """The poll if the user may see its cluster (None: unknown or invisible, answer 404),
    without its frozen columns (their lengths and the user's own entry instead)."""
    if not 0 < poll_id < 2**63:
        return None
    found = _poll_queryset(user).filter(pk=poll_id, cluster_year__cluster__in=clusters_for(user)).order_by()[:1]
    poll = _read_for(next(iter(found), None), user)
    if poll is not None:
        poll.paper = PaperTally.objects.filter(poll=poll).first()
    return poll


def poll_for_casting(user, poll_id: int) -> Poll | None:
    """The poll and its year only (the ballot endpoint needs no more), if the user may see
    it: without its frozen columns, with the user's own entry (eligibility)."""
    if not 0 < poll_id < 2**63:
        return None
    from ..eligibility import own_entry

    # [:1] unordered, not first(): the model's ordering would join the year to sort one row
    found = _light(Poll.objects.select_related("cluster_year__cluster"), user).filter(pk=poll_id).order_by()[:1]
    poll = _read_for(next(iter(found), None), user)
    if poll is None:
        return None
    frozen, entry = own_entry(poll, user.unit_id)
    if frozen and entry is not None and user.pk in entry["voters"] and is_unit_staff(user):
        return poll  # a voter of a member unit sees its cluster: no visibility query on a cast
    return poll if clusters_for(user).filter(pk=poll.cluster_year.cluster_id).exists() else None


def frozen_length(poll: Poll, column: str) -> int:
    """len(poll.roll) or len(poll.member_ids), from the count read with the row when there is one."""
    counted = poll.__dict__.get({"roll": "roll_count", "member_ids": "member_count"}[column])
    return counted if counted is not None and column not in poll.__dict__ else len(getattr(poll, column) or [])


def can_vote_now(user, poll: Poll) -> tuple[bool, str]:
    """(whether the user can cast a ballot in this poll now, why not): eligibility.vote_refusal."""
    from ..eligibility import vote_refusal

    refusal = vote_refusal(user, poll)
    return (True, "") if refusal is None else (False, refusal.message)


def hide_votes_of_open_polls(events: QuerySet) -> QuerySet:
    """The audit browser's mask (org.selectors.register_audit_mask): while a poll is open,
    its per-unit "voted" events — who voted, in what order and when — are not listed; the
    turnout is on the poll's page. They appear once the poll is closed, when the ballots
    are in receipt order and the time of a vote no longer points at a ballot."""
    open_ids = Poll.objects.filter(state=Poll.State.OPEN).annotate(sid=Cast("pk", CharField())).values("sid")
    return events.exclude(action="poll.vote", object_type="voting.poll", object_id__in=open_ids)

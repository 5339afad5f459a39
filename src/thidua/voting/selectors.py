"""Reads of the conference and the vote, scoped to what the user may see. While a poll is
open only its turnout is read here — never a running tally, never who voted when."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
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

from thidua.cycle.models import DEFAULT_THRESHOLDS
from thidua.cycle.selectors import members_of
from thidua.cycle.services import year_settings_get
from thidua.org.models import ROLE_ORDER, ClusterYear, Membership, Unit, User
from thidua.org.rules import is_unit_staff
from thidua.org.selectors import clusters_for
from thidua.scoring.selectors import ranking

from . import tally
from .models import Ballot, CheckIn, Conference, Delegate, PaperTally, Participation, Poll, PollCandidate, Proposal


# --- the year's electorate --------------------------------------------------------------------------
def member_ids(cluster_year: ClusterYear) -> list[int]:
    return sorted(Membership.objects.filter(cluster_year=cluster_year).values_list("unit_id", flat=True))


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


# --- the conference ------------------------------------------------------------------------------
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


def quorum(cluster_year: ClusterYear, *, with_ids: bool = False) -> Quorum:
    """Members present over all (3 queries whatever the number of members: counts, unless
    `with_ids` lists the units present)."""
    if with_ids:
        members = member_ids(cluster_year)
        present = present_ids(cluster_year, members)
        return Quorum(len(present), len(members), quorum_required(cluster_year, len(members)), present)
    total = Membership.objects.filter(cluster_year=cluster_year).count()
    present = CheckIn.objects.filter(
        conference__cluster_year=cluster_year, unit_id__in=Membership.objects.filter(cluster_year=cluster_year).values("unit_id")
    ).count()
    return Quorum(present, total, quorum_required(cluster_year, total))


@dataclass
class AttendanceRow:
    membership: Membership
    checkin: CheckIn | None
    delegates: list[Delegate] = field(default_factory=list)

    @property
    def unit(self) -> Unit:
        return self.membership.unit

    @property
    def voting_delegate(self) -> Delegate | None:
        return next((d for d in self.delegates if d.kind == Delegate.Kind.VOTING), None)


def attendance(cluster_year: ClusterYear, conference: Conference) -> list[AttendanceRow]:
    """Every member unit with its check-in and delegates, leader first (3 queries): for the
    minutes, which list them all. Pages show `attendance_page`."""
    return _rows(conference, members_of(cluster_year))


def _rows(conference: Conference, memberships: list[Membership]) -> list[AttendanceRow]:
    unit_ids = [m.unit_id for m in memberships]
    checkins = {c.unit_id: c for c in CheckIn.objects.filter(conference=conference, unit_id__in=unit_ids)}
    delegates: dict[int, list[Delegate]] = {}
    found = Delegate.objects.filter(conference=conference, unit_id__in=unit_ids).select_related("user", "confirmed_by")
    for d in found.order_by("kind", "full_name", "pk"):
        delegates.setdefault(d.unit_id, []).append(d)
    return [AttendanceRow(m, checkins.get(m.unit_id), delegates.get(m.unit_id, [])) for m in memberships]


ROLE_RANK = Case(*(When(role=role, then=Value(rank)) for role, rank in ROLE_ORDER.items()), default=Value(9))
ATTENDANCE_PAGE = 50


def attendance_page(cluster_year: ClusterYear, conference: Conference, page_number) -> tuple[Page, list[AttendanceRow]]:
    """One page of the member units (leader first, then deputies, then by name) with their
    check-in and delegates: 5 queries (the count, the page, check-ins, delegates — and
    the page's rows only) whether the year has 10 members or 10,000."""
    memberships = (
        Membership.objects.filter(cluster_year=cluster_year)
        .select_related("unit")
        .annotate(role_rank=ROLE_RANK)
        .order_by("role_rank", "unit__name", "unit_id")
    )
    page = Paginator(memberships, ATTENDANCE_PAGE).get_page(page_number)
    return page, _rows(conference, list(page.object_list))


def attendance_row(cluster_year: ClusterYear, conference: Conference, unit_id: int | None) -> AttendanceRow | None:
    """The row of one member unit (the user's own), None if it is not a member."""
    membership = Membership.objects.select_related("unit").filter(cluster_year=cluster_year, unit_id=unit_id).first() if unit_id else None
    return _rows(conference, [membership])[0] if membership else None


# --- polls --------------------------------------------------------------------------------------
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


def _light(queryset: QuerySet[Poll], user) -> QuerySet[Poll]:
    """The poll rows without their frozen columns, with what is read of them: their lengths
    (`roll_count`, `member_count`), whether the electorate is frozen and — for `user`'s
    unit — its entry and whether it is on the roll (eligibility.own_entry, on_roll)."""
    unit_id = getattr(user, "unit_id", None)
    queryset = queryset.defer(*FROZEN_COLUMNS).annotate(
        roll_count=JSONArrayLength("roll"),
        member_count=JSONArrayLength("member_ids"),
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
        .annotate(voted=Coalesce(Subquery(voted, output_field=IntegerField()), 0)),
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
    from .eligibility import own_entry

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


@dataclass
class Turnout:
    voted: int
    entitled: int
    present: int

    @property
    def percent(self) -> int:
        return round(100 * self.voted / self.present) if self.present else 0

    def as_json(self) -> dict:
        return {"voted": self.voted, "entitled": self.entitled, "present": self.present}


def turnout(poll: Poll) -> Turnout:
    """"6 of 9 have voted": who has voted is counted, never listed. Entitled: the member
    units; present: those on the roll (present when the poll opened; live before)."""
    if poll.state == Poll.State.DRAFT:
        q = quorum(poll.cluster_year)
        return Turnout(voted=0, entitled=q.total, present=q.present)
    if poll.mode == Poll.Mode.PAPER:
        paper = getattr(poll, "paper", None) if hasattr(poll, "paper") else PaperTally.objects.filter(poll=poll).first()
        voted = paper.returned if paper else 0
    else:
        voted = poll.voted if hasattr(poll, "voted") else poll.participations.count()
    return Turnout(voted=voted, entitled=frozen_length(poll, "member_ids"), present=frozen_length(poll, "roll"))


def candidate_units(poll: Poll) -> list[Unit]:
    cands = getattr(poll, "candidate_list", None)
    if cands is None:
        cands = list(poll.candidates.select_related("unit").order_by("order", "pk"))
    return [c.unit for c in cands]


@dataclass
class ResultLine:
    unit: Unit
    votes: int
    percent: float
    passed: bool
    elected_position: int | None
    no: int | None = None
    abstain: int | None = None


def result_lines(poll: Poll) -> list[ResultLine]:
    """A closed poll's results, most votes first (empty while it is not closed)."""
    if poll.state != Poll.State.CLOSED:
        return []
    units = {u.pk: u for u in candidate_units(poll)}
    positions = elected_positions(poll)
    lines = [
        ResultLine(units[r["candidate"]], r["votes"], r["percent"], r["passed"], positions.get(r["candidate"]), r.get("no"),
                   r.get("abstain"))
        for r in poll.results.get("rows", [])
        if r["candidate"] in units
    ]
    order = {u.pk: i for i, u in enumerate(units.values())}
    return sorted(lines, key=lambda line: (-line.votes, order[line.unit.pk]))


def published_ballots(poll: Poll) -> list[dict]:
    """The list as published (voting.md §4; docs/voting.md): the canonical list, or — when
    the poll publishes no receipts — the same objects without their receipts, sorted by
    their canonical bytes."""
    entries = tally.canonical_list(poll.method, Ballot.objects.filter(poll=poll).order_by("receipt").values_list("receipt", "choices"))
    return entries if poll.publish_receipts else tally.without_receipts(entries)


def ballots_of(poll: Poll) -> list[dict]:
    """The published ballots (canonical list) of a closed electronic poll; [] otherwise."""
    if poll.state != Poll.State.CLOSED or poll.mode != Poll.Mode.ELECTRONIC:
        return []
    return published_ballots(poll)


def receipt_lookup(poll: Poll, receipt: str) -> dict | None:
    receipt = "".join((receipt or "").split()).upper().replace("-", "")
    if not receipt or poll.state != Poll.State.CLOSED or not poll.publish_receipts:
        return None  # nothing published before the close; no receipts at all when the poll publishes none
    if poll.mode != Poll.Mode.ELECTRONIC:
        return None
    row = Ballot.objects.filter(poll=poll, receipt=receipt).values_list("receipt", "choices").first()  # one row, not the list
    return tally.canonical_list(poll.method, [row])[0] if row else None


def proposals_of(cluster_year: ClusterYear) -> list[Proposal]:
    return list(Proposal.objects.filter(cluster_year=cluster_year).select_related("unit", "poll").order_by("kind", "rank"))


def ranking_proposal(cluster_year: ClusterYear, n: int) -> list[Unit]:
    """The top `n` units of the year's ranking (the candidates a nomination starts from);
    [] when there is no ranking yet."""
    order = ranking_order(cluster_year)[: max(n, 0)]
    units = Unit.objects.in_bulk([u for u, _rank in order])
    return [units[u] for u, _rank in order if u in units]


def can_vote_now(user, poll: Poll) -> tuple[bool, str]:
    """(whether the user can cast a ballot in this poll now, why not): eligibility.vote_refusal."""
    from .eligibility import vote_refusal

    refusal = vote_refusal(user, poll)
    return (True, "") if refusal is None else (False, refusal.message)


def hide_votes_of_open_polls(events: QuerySet) -> QuerySet:
    """The audit browser's mask (org.selectors.register_audit_mask): while a poll is open,
    its per-unit "voted" events — who voted, in what order and when — are not listed; the
    turnout is on the poll's page. They appear once the poll is closed, when the ballots
    are in receipt order and the time of a vote no longer points at a ballot."""
    open_ids = Poll.objects.filter(state=Poll.State.OPEN).annotate(sid=Cast("pk", CharField())).values("sid")
    return events.exclude(action="poll.vote", object_type="voting.poll", object_id__in=open_ids)


# --- the ranking, the defaults of a new poll, run-off chains ------------------------------------
def ranking_order(cluster_year: ClusterYear) -> list[tuple[int, int]]:
    """[(unit id, rank)] of the ranked units, best first. "No ranking yet" is not an error
    in scoring's ranking: a year without a criteria table, or whose units have no submitted
    cross sheet, answers every line unranked (rank None), hence []. Anything it raises is a
    real error and is not hidden."""
    return [(line.unit.pk, line.rank) for line in ranking(cluster_year).lines if line.rank is not None]


def poll_defaults(cluster_year: ClusterYear, kind: str) -> dict:
    """Method, choices, seats and threshold for a new poll of `kind`, from the year's rules
    (cycle.YearSettings: thresholds and quotas; the defaults of domain rules §3)."""
    settings = year_settings_get(cluster_year)
    thresholds = settings.thresholds if isinstance(settings.thresholds, dict) else {}
    quotas = settings.quotas if isinstance(settings.quotas, dict) else {}
    threshold = thresholds.get(kind) or DEFAULT_THRESHOLDS.get(kind) or {"base": "members", "percent": 50, "strict": True}
    seats = {"flag": quotas.get("flag", 1), "merit": quotas.get("merit", 2), "leader": 1, "deputy": 2}.get(kind, 1)
    method = {"leader": Poll.Method.SINGLE, "other": Poll.Method.YES_NO}.get(kind, Poll.Method.APPROVAL)
    seats = max(1, int(seats or 1))
    return {
        "method": method, "max_choices": 1 if method == Poll.Method.SINGLE else seats, "seats": seats,
        "threshold": {"base": threshold.get("base", "members"), "percent": Decimal(str(threshold.get("percent", 50))),
                      "strict": bool(threshold.get("strict", False))},
    }


def runoff_of(poll: Poll) -> Poll | None:
    """The run-off created from this poll (its title and link), without its frozen columns."""
    return Poll.objects.defer(*FROZEN_COLUMNS).filter(parent=poll).order_by("-created_at", "-pk").first()


def poll_chain(poll: Poll) -> list[Poll]:
    """The first round and its run-offs, in order (their states, seats and results; not
    their frozen columns)."""
    polls = Poll.objects.defer(*FROZEN_COLUMNS)
    root = poll
    while root.parent_id:
        root = polls.get(pk=root.parent_id)
    chain = [root]
    while True:
        child = polls.filter(parent=chain[-1]).order_by("-created_at", "-pk").first()
        if child is None:
            return chain
        chain.append(child)


def earlier_positions(poll: Poll) -> list[int]:
    """The units elected by the rounds before this one, in order: a run-off decides the
    seats after them (the second deputy, after a first one elected in round 1)."""
    ancestors: list[Poll] = []
    item = poll
    while item.parent_id:
        item = item.parent
        ancestors.insert(0, item)
    positions: list[int] = []
    for earlier in ancestors:
        positions += [u for u in earlier.elected if u not in positions]
    return positions


def elected_positions(poll: Poll) -> dict[int, int]:
    """{unit id: its place along the election (1 = first deputy)} for the units this poll
    elected — counted after those its earlier rounds elected, so a run-off's winner is the
    second deputy when round 1 gave the first."""
    if not poll.elected:
        return {}
    earlier = earlier_positions(poll) if poll.parent_id else []
    fresh = [u for u in poll.elected if u not in earlier]
    return {u: len(earlier) + i + 1 for i, u in enumerate(fresh)}


def chain_positions(poll: Poll) -> tuple[list[int], bool]:
    """(the units elected along the chain, in order; whether the chain is decided)."""
    chain = poll_chain(poll)
    positions: list[int] = []
    for item in chain:
        if item.state != Poll.State.CLOSED:
            return positions, False
        positions += [u for u in item.elected if u not in positions]
    return positions, not chain[-1].runoff_needed

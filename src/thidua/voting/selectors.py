"""Reads of the conference and the vote, scoped to what the user may see. While a poll is
open only its turnout is read here — never a running tally, never who voted when."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import CharField, Count, Prefetch, QuerySet
from django.db.models.functions import Cast

from thidua.cycle.selectors import members_of
from thidua.org.models import ClusterYear, Membership, Unit
from thidua.org.selectors import clusters_for

from . import services
from .models import CheckIn, Conference, Delegate, PaperTally, Poll, PollCandidate, Proposal


# --- the conference ------------------------------------------------------------------------------
@dataclass
class Quorum:
    present_ids: list[int]
    total: int
    required: int

    @property
    def present(self) -> int:
        return len(self.present_ids)

    @property
    def met(self) -> bool:
        return self.total > 0 and self.present >= self.required

    @property
    def percent(self) -> int:
        return round(100 * self.present / self.total) if self.total else 0


def quorum(cluster_year: ClusterYear) -> Quorum:
    members = services._member_ids(cluster_year)
    return Quorum(present_ids=services.present_ids(cluster_year), total=len(members),
                  required=services.quorum_required(cluster_year, len(members)))


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
    """Every member unit with its check-in and delegates, leader first (3 queries)."""
    checkins = {c.unit_id: c for c in CheckIn.objects.filter(conference=conference)}
    delegates: dict[int, list[Delegate]] = {}
    for d in Delegate.objects.filter(conference=conference).select_related("user", "confirmed_by").order_by("kind", "full_name", "pk"):
        delegates.setdefault(d.unit_id, []).append(d)
    return [AttendanceRow(m, checkins.get(m.unit_id), delegates.get(m.unit_id, [])) for m in members_of(cluster_year)]


# --- polls --------------------------------------------------------------------------------------
def _poll_queryset() -> QuerySet[Poll]:
    candidates = PollCandidate.objects.select_related("unit").order_by("order", "pk")
    return (
        Poll.objects.select_related("cluster_year__cluster__organizer", "parent")
        .prefetch_related(Prefetch("candidates", queryset=candidates, to_attr="candidate_list"))
        .annotate(voted=Count("participations", distinct=True))
    )


def polls_of(cluster_year: ClusterYear) -> list[Poll]:
    polls = list(_poll_queryset().filter(cluster_year=cluster_year).order_by("created_at", "pk"))
    papers = {p.poll_id: p for p in PaperTally.objects.filter(poll__cluster_year=cluster_year)}
    for poll in polls:
        poll.paper = papers.get(poll.pk)
    return polls


def poll_for(user, poll_id: int) -> Poll | None:
    """The poll if the user may see its cluster (None: unknown or invisible, answer 404)."""
    if not 0 < poll_id < 2**63:
        return None
    poll = _poll_queryset().filter(pk=poll_id, cluster_year__cluster__in=clusters_for(user)).first()
    if poll is not None:
        poll.paper = PaperTally.objects.filter(poll=poll).first()
    return poll


def poll_for_casting(user, poll_id: int) -> Poll | None:
    """The poll and its year only (the ballot endpoint needs no more), if the user may see it."""
    if not 0 < poll_id < 2**63:
        return None
    return Poll.objects.select_related("cluster_year__cluster").filter(pk=poll_id, cluster_year__cluster__in=clusters_for(user)).first()


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
    return Turnout(voted=voted, entitled=len(poll.member_ids), present=len(poll.roll))


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
    positions = {u: i + 1 for i, u in enumerate(poll.elected)}
    lines = [
        ResultLine(units[r["candidate"]], r["votes"], r["percent"], r["passed"], positions.get(r["candidate"]), r.get("no"),
                   r.get("abstain"))
        for r in poll.results.get("rows", [])
        if r["candidate"] in units
    ]
    order = {u.pk: i for i, u in enumerate(units.values())}
    return sorted(lines, key=lambda line: (-line.votes, order[line.unit.pk]))


def ballots_of(poll: Poll) -> list[dict]:
    """The published ballots (canonical list) of a closed electronic poll; [] otherwise."""
    if poll.state != Poll.State.CLOSED or poll.mode != Poll.Mode.ELECTRONIC:
        return []
    return services.published_ballots(poll)


def receipt_lookup(poll: Poll, receipt: str) -> dict | None:
    receipt = "".join((receipt or "").split()).upper().replace("-", "")
    if not receipt or poll.state != Poll.State.CLOSED or not poll.publish_receipts:
        return None  # nothing published before the close; no receipts at all when the poll publishes none
    return next((e for e in ballots_of(poll) if e["receipt"] == receipt), None)


def proposals_of(cluster_year: ClusterYear) -> list[Proposal]:
    return list(Proposal.objects.filter(cluster_year=cluster_year).select_related("unit", "poll").order_by("kind", "rank"))


def ranking_proposal(cluster_year: ClusterYear, n: int) -> list[Unit]:
    """The top `n` units of the year's ranking (the candidates a nomination starts from);
    [] when there is no ranking yet."""
    order = services.ranking_order(cluster_year)[: max(n, 0)]
    units = Unit.objects.in_bulk([u for u, _rank in order])
    return [units[u] for u, _rank in order if u in units]


def can_vote_now(user, poll: Poll) -> tuple[bool, str]:
    """(whether the user can cast a ballot in this poll now, why not)."""
    from django.utils.translation import gettext as _

    from .rules import can

    if not can(user, "voting.vote", poll.cluster_year):
        return False, _("Chỉ đại biểu hoặc lãnh đạo của đơn vị thành viên được bỏ phiếu.")
    if poll.state != Poll.State.OPEN:
        return False, _("Biểu quyết chưa mở.") if poll.state == Poll.State.DRAFT else _("Biểu quyết đã kết thúc.")
    if poll.mode == Poll.Mode.PAPER:
        return False, _("Nội dung này bỏ phiếu giấy tại hội trường.")
    if user.unit_id not in poll.roll:
        return False, _("Đơn vị của bạn không có tên trong danh sách bỏ phiếu (chưa điểm danh khi mở biểu quyết).")
    named = services.voting_delegate_of(poll.cluster_year, user.unit_id)
    if named is not None and named.user_id != user.pk:
        return False, _("Đơn vị của bạn đã cử {name} biểu quyết.").format(name=named.full_name)
    if poll.participations.filter(unit_id=user.unit_id).exists():
        return False, str(services.ALREADY_VOTED)
    return True, ""


def hide_votes_of_open_polls(events: QuerySet) -> QuerySet:
    """The audit browser's mask (org.selectors.register_audit_mask): while a poll is open,
    its per-unit "voted" events — who voted, in what order and when — are not listed; the
    turnout is on the poll's page. They appear once the poll is closed, when the ballots
    are in receipt order and the time of a vote no longer points at a ballot."""
    open_ids = Poll.objects.filter(state=Poll.State.OPEN).annotate(sid=Cast("pk", CharField())).values("sid")
    return events.exclude(action="poll.vote", object_type="voting.poll", object_id__in=open_ids)

"""What a poll shows of its votes: the turnout while open (never a running tally), and
once closed the result lines, the published ballots and a receipt's ballot."""

from __future__ import annotations

from dataclasses import dataclass

from thidua.org.models import Unit

from .. import tally
from ..models import Ballot, PaperTally, Poll
from .attendance import quorum
from .chains import elected_positions
from .polls import frozen_length


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
    stored = poll.results or {}
    if poll.state == Poll.State.CLOSED and {"returned", "entitled", "present"} <= stored.keys():
        # fixed at closing (services.closing: the ballots counted, the members, the roll)
        return Turnout(voted=stored["returned"], entitled=stored["entitled"], present=stored["present"])
    if poll.mode == Poll.Mode.PAPER:
        paper = getattr(poll, "paper", None) if hasattr(poll, "paper") else PaperTally.objects.filter(poll=poll).first()
        voted = paper.returned if paper else 0
    else:
        voted = poll.voted if getattr(poll, "voted", None) is not None else poll.participations.count()
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

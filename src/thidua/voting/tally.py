"""Counting, without the database: the canonical ballot list and its digest (voting.md §4),
the votes per candidate, the threshold, the seats, and whether a run-off is needed. Pure
functions, so that the service, the tests and anyone recounting a published list apply
exactly the same rules.

Rules (domain rules §3, voting.md "Methods the clusters use"):
- a candidate's votes are its approvals (approval, single choice) or its "yes" answers
  (yes/no); its percentage is taken against the base: all member units when the poll
  opened, the units present when it opened, or the valid ballots;
- it passes when its votes reach the threshold ("at least": ≥, "more than": >), computed
  as an exact fraction (two thirds of 9 is 6);
- when more pass than there are seats the most-voted take them; a tie at the last seat
  sends the tied candidates to a run-off for the seats left; in an ordered election
  (deputies: first and second) equal votes among the elected send them to a run-off that
  decides their order; an election with a seat left empty sends the best remaining
  candidates (the two with most votes, and any tied with the second) to a run-off.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from thidua.cycle.models import share_of

APPROVAL, SINGLE, YES_NO = "approval", "single", "yes_no"
ANSWERS = ("yes", "no", "abstain")
TIE, ORDER, NO_WINNER = "tie", "order", "no_winner"


# --- the canonical list ------------------------------------------------------------------------
def canonical_entry(method: str, receipt: str, choices) -> dict:
    if method == YES_NO:
        return {"receipt": receipt, "answers": {str(k): v for k, v in dict(choices).items()}}
    return {"receipt": receipt, "choices": sorted(int(c) for c in choices)}


def canonical_list(method: str, ballots: Iterable[tuple[str, object]]) -> list[dict]:
    """[{"receipt", "choices": [ids ascending]} | {"receipt", "answers": {id: answer}}],
    sorted by receipt (Python's string order, whatever the database's collation)."""
    return sorted((canonical_entry(method, r, c) for r, c in ballots), key=lambda e: e["receipt"])


def without_receipts(entries: list[dict]) -> list[dict]:
    """The list as published by a poll that publishes no receipts (docs/voting.md): each
    object without its "receipt", the list sorted by each object's own canonical bytes
    (JSON, sorted keys, no spaces, UTF-8) — an order anyone can recompute, which says
    nothing about the order of voting."""
    bare = [{k: v for k, v in e.items() if k != "receipt"} for e in entries]
    return sorted(bare, key=canonical_bytes)


def canonical_bytes(entries: list[dict] | dict) -> bytes:
    return json.dumps(entries, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def digest(entries: list[dict]) -> str:
    """The lowercase hex SHA-256 of the canonical list's bytes."""
    return hashlib.sha256(canonical_bytes(entries)).hexdigest()


# --- counting --------------------------------------------------------------------------------------
@dataclass
class Count:
    votes: dict[int, int]
    no: dict[int, int] = field(default_factory=dict)
    abstain: dict[int, int] = field(default_factory=dict)
    ballots: int = 0
    blank: int = 0
    invalid: int = 0

    @property
    def valid(self) -> int:
        return self.ballots - self.invalid


def count_entries(method: str, candidates: list[int], entries: Iterable[dict]) -> Count:
    """Count canonical entries (or ballots in the same shape). A ballot naming nobody
    (or answering "abstain" to every candidate) is blank: valid, counted, reported."""
    count = Count(votes=dict.fromkeys(candidates, 0))
    if method == YES_NO:
        count.no, count.abstain = dict.fromkeys(candidates, 0), dict.fromkeys(candidates, 0)
    for entry in entries:
        count.ballots += 1
        if method == YES_NO:
            answers = {int(k): v for k, v in entry["answers"].items()}
            for c in candidates:
                answer = answers.get(c, "abstain")
                target = {"yes": count.votes, "no": count.no}.get(answer, count.abstain)
                target[c] += 1
            if all(answers.get(c, "abstain") == "abstain" for c in candidates):
                count.blank += 1
        else:
            chosen = [int(c) for c in entry["choices"]]
            for c in chosen:
                count.votes[c] += 1
            if not chosen:
                count.blank += 1
    return count


# --- deciding --------------------------------------------------------------------------------------
@dataclass
class Row:
    candidate: int
    votes: int
    percent: Decimal
    passed: bool
    no: int | None = None
    abstain: int | None = None


@dataclass
class Outcome:
    rows: list[Row]
    base: int
    required: Fraction
    elected: list[int]
    runoff: dict | None  # {"candidates": [ids], "seats": n, "reason": tie|order|no_winner}

    def as_json(self) -> dict:
        rows = []
        for row in self.rows:
            data = asdict(row)
            data["percent"] = float(row.percent)
            if row.no is None:
                data.pop("no"), data.pop("abstain")
            rows.append(data)
        return {"rows": rows, "base": self.base, "required": str(self.required), "runoff": self.runoff}


def percent_of(votes: int, base: int) -> Decimal:
    if base <= 0:
        return Decimal("0.00")
    return (Decimal(votes) * 100 / Decimal(base)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def passes(votes: int, base: int, percent, strict: bool) -> bool:
    if base <= 0:
        return False
    required = share_of(base, percent)
    return votes > required if strict else votes >= required


def decide(
    *, candidates: list[int], count: Count, base: int, percent, strict: bool, seats: int, election: bool, ordered: bool
) -> Outcome:
    """Apply the threshold and the seats to a count (`candidates` in their listed order)."""
    rows = [
        Row(
            candidate=c, votes=count.votes.get(c, 0), percent=percent_of(count.votes.get(c, 0), base),
            passed=passes(count.votes.get(c, 0), base, percent, strict),
            no=count.no.get(c) if count.no else None, abstain=count.abstain.get(c) if count.abstain else None,
        )
        for c in candidates
    ]
    position = {c: i for i, c in enumerate(candidates)}
    by_votes = sorted(rows, key=lambda r: (-r.votes, position[r.candidate]))
    passing = [r for r in by_votes if r.passed]
    runoff = None
    if len(passing) > seats and passing[seats - 1].votes == passing[seats].votes:
        cutoff = passing[seats - 1].votes
        sure = [r for r in passing if r.votes > cutoff]
        tied = [r for r in passing if r.votes == cutoff]
        elected = sure
        runoff = {"candidates": [r.candidate for r in tied], "seats": seats - len(sure), "reason": TIE}
    else:
        elected = passing[:seats]
    if runoff is None and ordered:
        for i in range(len(elected) - 1):
            if elected[i].votes == elected[i + 1].votes:
                group = [r for r in elected if r.votes == elected[i].votes]
                runoff = {"candidates": [r.candidate for r in group], "seats": len(group), "reason": ORDER}
                elected = elected[:i]
                break
    if runoff is None and election and len(elected) < seats:
        elected_ids = {r.candidate for r in elected}
        remaining = [r for r in by_votes if r.candidate not in elected_ids]
        if len(remaining) >= 2:
            second = remaining[1].votes
            pool = [r for r in remaining if r.votes >= second]
            runoff = {"candidates": [r.candidate for r in pool], "seats": seats - len(elected), "reason": NO_WINNER}
    required = share_of(base, percent) if base > 0 else Fraction(0)
    return Outcome(rows=rows, base=base, required=required, elected=[r.candidate for r in elected], runoff=runoff)


def base_count(base_kind: str, *, members: int, present: int, valid: int) -> int:
    return {"members": members, "present": present, "valid": valid}[base_kind]

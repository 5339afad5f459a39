"""The counting rules without the database: thresholds at their edges, seats, ties, run-offs,
and the canonical list (voting.md §4)."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from thidua.voting import tally


def decide(votes: dict[int, int], *, base=10, percent=70, strict=False, seats=1, election=False, ordered=False, ballots=10):
    count = tally.Count(votes=dict(votes), ballots=ballots)
    return tally.decide(candidates=list(votes), count=count, base=base, percent=Decimal(str(percent)), strict=strict, seats=seats,
                        election=election, ordered=ordered)


def passed(outcome) -> list[int]:
    return [r.candidate for r in outcome.rows if r.passed]


# --- thresholds ----------------------------------------------------------------------------------------
def test_exactly_seventy_percent_passes_at_least_but_not_more_than():
    assert passed(decide({1: 7, 2: 6}, percent=70, strict=False)) == [1]
    assert passed(decide({1: 7, 2: 6}, percent=70, strict=True)) == []
    assert passed(decide({1: 8, 2: 6}, percent=70, strict=True)) == [1]


def test_more_than_half_of_ten_needs_six():
    assert passed(decide({1: 5, 2: 6}, percent=50, strict=True, seats=2)) == [2]
    assert passed(decide({1: 5, 2: 6}, percent=50, strict=False, seats=2)) == [1, 2]


def test_two_thirds_of_nine_is_six():
    assert passed(decide({1: 6, 2: 5}, base=9, percent=Decimal("66.67"))) == [1]


def test_percentages_are_against_the_base():
    outcome = decide({1: 7}, base=9)
    assert outcome.rows[0].percent == Decimal("77.78")
    assert decide({1: 0}, base=0).rows[0] == tally.Row(1, 0, Decimal("0.00"), False)


# --- seats, ties and run-offs -------------------------------------------------------------------------
def test_more_passing_than_seats_the_most_votes_take_them():
    outcome = decide({1: 8, 2: 9, 3: 7}, seats=2)
    assert passed(outcome) == [1, 2, 3]
    assert outcome.elected == [2, 1] and outcome.runoff is None


def test_a_tie_at_the_last_seat_needs_a_runoff_among_the_tied():
    outcome = decide({1: 9, 2: 8, 3: 8, 4: 2}, seats=2)
    assert outcome.elected == [1]
    assert outcome.runoff == {"candidates": [2, 3], "seats": 1, "reason": "tie"}


def test_a_tie_among_the_elected_within_the_seats_is_no_problem_for_nominations():
    outcome = decide({1: 8, 2: 8, 3: 1}, seats=2)
    assert outcome.elected == [1, 2] and outcome.runoff is None


def test_ordered_deputies_with_equal_votes_need_a_runoff_for_the_order():
    outcome = decide({1: 8, 2: 8, 3: 1}, percent=50, strict=True, seats=2, election=True, ordered=True)
    assert outcome.elected == []
    assert outcome.runoff == {"candidates": [1, 2], "seats": 2, "reason": "order"}


def test_an_election_without_winner_goes_to_a_runoff_of_the_best_two():
    outcome = decide({1: 4, 2: 3, 3: 3, 4: 0}, percent=50, strict=True, election=True)
    assert outcome.elected == []
    assert outcome.runoff == {"candidates": [1, 2, 3], "seats": 1, "reason": "no_winner"}


def test_a_nomination_without_winner_simply_proposes_nobody():
    outcome = decide({1: 4, 2: 3}, percent=70)
    assert outcome.elected == [] and outcome.runoff is None


# --- the canonical list ---------------------------------------------------------------------------------
def test_canonical_list_and_digest_follow_voting_md():
    entries = tally.canonical_list("approval", [("ZZZ", [12, 3]), ("AAA", []), ("MMM", [3])])
    assert entries == [{"receipt": "AAA", "choices": []}, {"receipt": "MMM", "choices": [3]}, {"receipt": "ZZZ", "choices": [3, 12]}]
    text = '[{"choices":[],"receipt":"AAA"},{"choices":[3],"receipt":"MMM"},{"choices":[3,12],"receipt":"ZZZ"}]'
    assert tally.canonical_bytes(entries) == text.encode()
    assert tally.digest(entries) == hashlib.sha256(text.encode()).hexdigest()
    yes_no = tally.canonical_list("yes_no", [("B", {"7": "yes", "10": "abstain"})])
    assert tally.canonical_bytes(yes_no) == b'[{"answers":{"10":"abstain","7":"yes"},"receipt":"B"}]'


@given(st.lists(st.lists(st.integers(1, 5), max_size=3, unique=True), max_size=40))
def test_counting_the_published_list_gives_the_same_votes(ballots):
    entries = tally.canonical_list("approval", [(f"R{i:03d}", b) for i, b in enumerate(ballots)])
    recount = json.loads(tally.canonical_bytes(entries))
    count = tally.count_entries("approval", [1, 2, 3, 4, 5], recount)
    for c in range(1, 6):
        assert count.votes[c] == sum(c in b for b in ballots)
    assert count.blank == sum(not b for b in ballots) and count.ballots == len(ballots)

"""A unit's score from its sheets, and the ranking: total, then the tie-break keys in
order; units still tied share a rank (1, 2, 2, 4)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.scoring.arithmetic import RankRow, ScoringError, UnitScore, rank, unit_score

from .conftest import SAMPLE, full_marks, sheets

D = Decimal


def score(unit, total, professional=0, penalties=0, bonus=0, scorer_totals=()):
    return UnitScore(
        unit=unit, total=D(total), groups={}, self_total=None, scorer_totals=tuple(D(t) for t in scorer_totals),
        professional=D(professional), penalties=D(penalties), bonus=D(bonus),
    )  # fmt: skip


def ranks(rows: list[RankRow]) -> list[tuple]:
    return [(r.rank, r.unit, r.tied) for r in rows]


def test_unit_score_from_sheets(sample):
    top = full_marks(sample)  # 110
    sheets_ = [top, {**top, "I.1": 5}, {**top, "VI.1": 2, "V.3": 0}, {"I.1": 10}]  # 110, 105, 105, 10
    result = unit_score(sample, 7, sheets_, "trimmed_mean", self_sheet={**top, "I.2": 9})
    assert result.total == 105  # 110 and 10 dropped
    assert result.self_total == 109
    assert result.scorer_totals == (110, 105, 105, 10)
    # Group I over its four sheets: 60, 55, 60, 10 -> trimmed: (55 + 60) / 2
    assert result.groups["I"] == D("57.5")
    assert result.professional == D("57.5")
    [row] = rank([result])
    assert (row.rank, row.unit, row.total, row.scorers, row.spread, row.tied) == (1, 7, 105, 4, 100, False)
    assert row.self_total == 109 and row.groups == result.groups


def test_group_values_use_the_same_aggregation_per_group(sample):
    # Medians group by group need not add up to the median of the totals (documented).
    sheets_ = [{"I.1": 10, "II.1": 0}, {"I.1": 0, "II.1": 4}, {"I.1": 5, "II.1": 2}]  # totals 10, 4, 7
    result = unit_score(sample, 1, sheets_, "median")
    assert result.total == 7
    assert (result.groups["I"], result.groups["II"]) == (5, 2)


def test_panel_adjusted_uses_the_panel_sheet_only(sample):
    result = unit_score(sample, 1, [full_marks(sample)], "panel_adjusted", self_sheet={"I.1": 10}, panel_sheet={"I.1": 8, "VI.1": 1})
    assert (result.total, result.self_total, result.scorer_totals, result.penalties) == (7, 10, (7,), 1)
    with pytest.raises(ScoringError):
        unit_score(sample, 1, [full_marks(sample)], "panel_adjusted")


def test_a_bad_sheet_is_refused(sample):
    with pytest.raises(ScoringError, match=r"I\.1 phải từ 0 đến 10"):
        unit_score(sample, 1, [{"I.1": 11}], "mean")


def test_total_first():
    assert ranks(rank([score(1, 80), score(2, "90.01"), score(3, 90)])) == [(1, 2, False), (2, 3, False), (3, 1, False)]


def test_professional_then_penalties():
    units = [
        score("a", 90, professional=50, penalties=0),
        score("b", 90, professional=55, penalties=2),  # more professional points: first
        score("c", 90, professional=50, penalties=1),  # same professional as a, more penalties: after a
    ]
    assert [r.unit for r in rank(units, ["total", "professional", "penalties"])] == ["b", "a", "c"]
    # The order of the keys matters: penalties first puts a (0) before c (1) before b (2).
    assert [r.unit for r in rank(units, ["total", "penalties", "professional"])] == ["a", "c", "b"]
    # More bonus wins when asked for.
    assert [r.unit for r in rank([score(1, 90, bonus=2), score(2, 90, bonus=3)], ["bonus"])] == [2, 1]


def test_units_still_tied_share_a_rank_and_the_next_rank_skips():
    units = [
        score(4, 80),
        score(7, 85, professional=50, penalties=1),
        score(1, 95),
        score(3, 85, professional=50, penalties=1),
    ]
    assert ranks(rank(units)) == [(1, 1, False), (2, 3, True), (2, 7, True), (4, 4, False)]


def test_three_way_tie_then_1_1_1_4():
    assert [r.rank for r in rank([score(u, 70) for u in (5, 6, 7)] + [score(8, 60)])] == [1, 1, 1, 4]


def test_spread_and_scorers():
    [row] = rank([score(1, 80, scorer_totals=[70, "91.5", 80])])
    assert (row.scorers, row.spread) == (3, D("21.5"))


def test_unknown_tie_break_key_and_duplicate_unit_are_errors():
    with pytest.raises(ScoringError, match="«awards»"):
        rank([score(1, 80)], ["total", "awards"])
    with pytest.raises(ScoringError):
        rank([score(1, 80), score(1, 70)])
    assert rank([]) == []


@st.composite
def units_with_sheets(draw):
    """A few units, each with a few sheets; totals often collide so ties are exercised."""
    table = SAMPLE
    small = st.sampled_from([{}, {"I.1": 5}, {"I.1": 5, "VI.1": 1}, {"II.1": 4, "VI.1": 1}, {"I.8": 4}, {"V.1": 1, "I.1": 4}])
    units = {}
    for unit in draw(st.lists(st.integers(1, 50), min_size=1, max_size=8, unique=True)):
        units[unit] = draw(st.lists(st.one_of(small, sheets(table)), min_size=1, max_size=5))
    return units


@settings(max_examples=60, deadline=None)
@given(units_with_sheets(), st.sampled_from(["mean", "trimmed_mean", "median"]), st.randoms())
def test_the_ranking_does_not_depend_on_the_order_scores_were_entered(units, mode, random):
    def ranking(order):
        scored = []
        for unit in order:
            sheets_ = list(units[unit])
            random.shuffle(sheets_)
            scored.append(unit_score(SAMPLE, unit, sheets_, mode))
        return rank(scored, ["total", "professional", "penalties"])

    first = ranking(list(units))
    shuffled = list(units)
    random.shuffle(shuffled)
    assert ranking(shuffled) == first
    # and the ranks follow the rules: non-decreasing, competition style
    for position, row in enumerate(first, start=1):
        assert row.rank <= position
        assert row.rank == position or row.tied

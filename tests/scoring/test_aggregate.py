"""Aggregating a unit's cross-scoring totals: mean, trimmed mean, median, panel-adjusted —
exact, rounded only for display."""

from decimal import Decimal, localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.scoring.arithmetic import AGGREGATIONS, ScoringError, aggregate, display

from .conftest import totals

D = Decimal


def test_mean():
    assert aggregate([D(80), D("85.5"), D(90)], "mean") == D("85.166666666666666666666666666666666666666666666667")
    assert display(aggregate([D(80), D("85.5"), D(90)], "mean")) == D("85.17")


def test_trimmed_mean_with_3_scorers_keeps_the_middle_one():
    # drop 80 and 90 -> 85.5
    assert aggregate([D(90), D(80), D("85.5")], "trimmed_mean") == D("85.5")


def test_trimmed_mean_with_4_scorers():
    # drop 70 and 95 -> (88.25 + 81.75) / 2 = 85
    assert aggregate([D(70), D(95), D("88.25"), D("81.75")], "trimmed_mean") == 85


def test_trimmed_mean_with_20_scorers():
    # 71..90: drop 71 and 90, the mean of 72..89 is (72 + 89) / 2 = 80.5
    assert aggregate([D(n) for n in range(71, 91)], "trimmed_mean") == D("80.5")
    # Only ONE highest and ONE lowest go, even when they repeat:
    # [50, 50, 90, 90, 16 x 80] -> (50 + 90 + 16 * 80) / 18 = 1420 / 18 = 78.888...
    scores = [D(50), D(50), D(90), D(90)] + [D(80)] * 16
    result = aggregate(scores, "trimmed_mean")
    assert result == aggregate([D(1420)] + [D(0)] * 17, "mean")  # 1420 / 18 computed another way
    assert D("78.8888888") < result < D("78.8888889")
    assert display(result) == D("78.89")


@pytest.mark.parametrize("scores", [[D(70)], [D(70), D("80.5")]])
def test_trimmed_mean_with_fewer_than_3_scorers_is_the_mean(scores):
    assert aggregate(scores, "trimmed_mean") == aggregate(scores, "mean")


def test_median_odd_and_even():
    assert aggregate([D(90), D(70), D(80)], "median") == 80
    assert aggregate([D(90), D(70), D(80), D("85.5")], "median") == D("82.75")  # (80 + 85.5) / 2
    assert aggregate([D(77)], "median") == 77
    assert aggregate([D(60), D(100)], "median") == 80


def test_panel_adjusted_takes_the_panel_sheet():
    assert aggregate([D(90), D(95)], "panel_adjusted", panel=D("88.5")) == D("88.5")
    assert aggregate([], "panel_adjusted", panel=D(70)) == 70
    with pytest.raises(ScoringError, match="tổ thẩm định"):
        aggregate([D(90)], "panel_adjusted")


def test_no_sheet_and_unknown_mode_are_errors():
    with pytest.raises(ScoringError, match="Chưa có phiếu chấm chéo"):
        aggregate([], "mean")
    with pytest.raises(ScoringError, match="Cách tổng hợp điểm không hợp lệ: «average»"):
        aggregate([D(1)], "average")


def test_equal_fractions_compare_equal_so_ties_are_found():
    # 31/3 and 62/6 are the same number: two units with these means are tied.
    assert aggregate([D(10), D(10), D(11)], "mean") == aggregate([D(10), D(10), D(11)] * 2, "mean")


def test_the_callers_decimal_context_does_not_matter():
    scores = [D("85.17"), D("90.33"), D("77.01")]
    expected = aggregate(scores, "mean")
    with localcontext() as ctx:
        ctx.prec = 3
        assert aggregate(scores, "mean") == expected


@given(st.lists(totals, min_size=1, max_size=25), st.sampled_from([m for m in AGGREGATIONS if m != "panel_adjusted"]), st.randoms())
def test_aggregates_lie_between_min_and_max_and_ignore_order(scores, mode, random):
    result = aggregate(scores, mode)
    assert min(scores) <= result <= max(scores)
    shuffled = list(scores)
    random.shuffle(shuffled)
    assert aggregate(shuffled, mode) == result

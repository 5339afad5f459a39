"""One sheet: entries checked, groups capped, penalties subtracted (api-v1.md, "Scoring arithmetic")."""

from decimal import Decimal

import pytest
from hypothesis import given

from thidua.core.errors import InvalidInput
from thidua.scoring.arithmetic import (
    CriterionSpec,
    GroupSpec,
    ScoringError,
    TableSpec,
    bonus_points,
    display,
    format_points,
    penalty_points,
    professional_points,
    sheet_group_values,
    sheet_total,
    validate_entries,
    validate_entry,
)

from .conftest import SAMPLE, full_marks, sheets


@pytest.mark.parametrize(
    ("code", "points", "message"),
    [
        ("I.1", Decimal("10.5"), "Điểm của tiêu chí I.1 phải từ 0 đến 10."),
        ("I.1", -1, "Điểm của tiêu chí I.1 phải từ 0 đến 10."),
        ("V.1", Decimal("-0.5"), "Điểm của tiêu chí V.1 phải từ 0 đến 4."),  # a negative bonus
        ("I.8", 3, "Tiêu chí I.8 chấm đạt/không đạt: điểm chỉ được là 0 hoặc 4."),  # pass_fail 3 of 4
        ("I.1", Decimal("7.555"), "Điểm của tiêu chí I.1 chỉ được có tối đa 2 chữ số thập phân."),
        ("I.1", "7.555", "Điểm của tiêu chí I.1 chỉ được có tối đa 2 chữ số thập phân."),
        ("I.1", 0.1 + 0.2, "Điểm của tiêu chí I.1 chỉ được có tối đa 2 chữ số thập phân."),  # binary noise
        ("VI.1", -1, "Điểm trừ của tiêu chí VI.1 phải từ 0 đến 5 (ghi số điểm bị trừ, là số dương)."),
        ("VI.1", 6, "Điểm trừ của tiêu chí VI.1 phải từ 0 đến 5 (ghi số điểm bị trừ, là số dương)."),
        ("I.1", "bảy", "Điểm của tiêu chí I.1 phải là một số."),
        ("I.1", None, "Điểm của tiêu chí I.1 phải là một số."),
        ("I.1", True, "Điểm của tiêu chí I.1 phải là một số."),
        ("I.1", float("nan"), "Điểm của tiêu chí I.1 phải là một số."),
        ("I.1", "Infinity", "Điểm của tiêu chí I.1 phải là một số."),
    ],
)
def test_invalid_entries_are_refused_in_vietnamese(code, points, message):
    with pytest.raises(ScoringError) as caught:
        validate_entry(SAMPLE.criterion(code), points)
    assert caught.value.message == message
    assert isinstance(caught.value, InvalidInput)  # so the API answers 400, never 500
    assert caught.value.errors == {"entries": [message]}


def test_a_half_point_bound_is_written_with_a_decimal_comma():
    criterion = CriterionSpec("A.1", "Tiêu chí", "points", Decimal("7.5"))
    with pytest.raises(ScoringError, match="phải từ 0 đến 7,5"):
        validate_entry(criterion, 8)


@pytest.mark.parametrize(
    ("code", "points", "expected"),
    [
        ("I.1", Decimal("7.5"), Decimal("7.5")),
        ("I.1", 7.5, Decimal("7.5")),
        ("I.1", "7.50", Decimal("7.5")),
        ("I.1", 10, Decimal(10)),
        ("I.1", 0, Decimal(0)),
        ("I.1", Decimal("7.500"), Decimal("7.5")),  # judged on the value
        ("I.8", 0, Decimal(0)),
        ("I.8", 4, Decimal(4)),
        ("V.1", Decimal("0.25"), Decimal("0.25")),
        ("VI.2", 10, Decimal(10)),
    ],
)
def test_valid_entries(code, points, expected):
    assert validate_entry(SAMPLE.criterion(code), points) == expected


def test_an_unknown_code_is_refused():
    with pytest.raises(ScoringError) as caught:
        sheet_total(SAMPLE, {"I.1": 5, "IX.9": 1})
    assert caught.value.message == "Không có tiêu chí mã «IX.9» trong bảng tiêu chí."


def test_every_mistake_of_a_sheet_is_reported_at_once():
    with pytest.raises(ScoringError) as caught:
        validate_entries(SAMPLE, {"I.1": 11, "I.2": 5, "I.8": 2, "XX": 1})
    assert caught.value.errors["entries"] == [
        "Điểm của tiêu chí I.1 phải từ 0 đến 10.",
        "Tiêu chí I.8 chấm đạt/không đạt: điểm chỉ được là 0 hoặc 4.",
        "Không có tiêu chí mã «XX» trong bảng tiêu chí.",
    ]


def test_the_sample_table_gives_100_base_points_plus_10_bonus(sample):
    assert sample.base_max_points == 100
    assert sample.bonus_max_points == 10
    assert sample.penalty_max_points == 10  # 5 + 10 listed, capped at 10
    assert sheet_total(sample, full_marks(sample)) == 110
    assert sheet_total(sample, {}) == 0


def test_a_group_caps_the_sum_of_its_entries():
    table = TableSpec(
        [GroupSpec("A", "Nhóm A", 10, criteria=[CriterionSpec("A.1", "x", "points", 8), CriterionSpec("A.2", "y", "points", 8)])]
    )
    assert sheet_group_values(table, {"A.1": 8, "A.2": Decimal("7.5")}) == {"A": 10}
    assert sheet_group_values(table, {"A.1": 4, "A.2": Decimal("5.25")}) == {"A": Decimal("9.25")}


def test_penalties_are_subtracted_and_capped(sample):
    entries = {**full_marks(sample), "VI.1": 5, "VI.2": 10}
    assert sheet_group_values(sample, entries)["VI"] == 10
    assert penalty_points(sample, entries) == 10
    assert sheet_total(sample, entries) == 100
    assert sheet_total(sample, {"VI.1": 3}) == -3  # a total can go below zero


def test_helpers(sample):
    entries = {"I.1": Decimal("9.5"), "I.8": 4, "II.1": 3, "V.2": 2, "VI.1": 1}
    assert professional_points(sample, entries) == Decimal("13.5")  # group I only
    assert bonus_points(sample, entries) == 2
    assert penalty_points(sample, entries) == 1
    assert sheet_total(sample, entries) == Decimal("17.5")


def test_group_kinds(sample):
    groups = {g.code: g for g in sample.groups}
    assert [g.code for g in sample.groups if g.is_penalty] == ["VI"]
    assert [g.code for g in sample.groups if g.is_bonus] == ["V"]
    assert groups["I"].professional and not groups["II"].professional


def test_display_rounds_half_up_and_format_is_vietnamese():
    assert display(Decimal("85.125")) == Decimal("85.13")
    assert display(Decimal(250) / 3) == Decimal("83.33")
    assert format_points(Decimal("7.50")) == "7,5"
    assert format_points(Decimal("10.00")) == "10"
    assert format_points(Decimal("-2.25")) == "-2,25"


@given(sheets())
def test_caps_and_penalties_hold_for_any_valid_sheet(entries):
    values = sheet_group_values(SAMPLE, entries)
    for group in SAMPLE.groups:
        assert 0 <= values[group.code] <= group.max_points
    total = sheet_total(SAMPLE, entries)
    base = sum(v for g in SAMPLE.groups if not g.is_penalty and not g.is_bonus for v in [values[g.code]])
    assert total == base + bonus_points(SAMPLE, entries) - penalty_points(SAMPLE, entries)
    assert -SAMPLE.penalty_max_points <= total <= SAMPLE.base_max_points + SAMPLE.bonus_max_points

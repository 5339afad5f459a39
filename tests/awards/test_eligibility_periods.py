"""Fixed eligibility cases in each legal period (rules.md §1), and an earlier award across
the 2025 merger under both lineage policies — a revoked one never counting."""

import datetime as dt

import pytest

from tests.factories import ClusterYearFactory, UnitFactory, add_member
from thidua.awards import eligibility
from thidua.awards.models import LineageCarryOver
from thidua.org.models import UnitLineage

from .helpers import award, proposal, rate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("year", "article"),
    [
        (2017, "Nghị định số 91/2017/NĐ-CP"),
        (2023, "Nghị định số 91/2017/NĐ-CP"),
        (2024, "Điều 26 Luật Thi đua"),
        (2025, "Điều 26 Luật Thi đua"),
    ],
)
def test_the_flag_in_each_period(world, year, article):
    cy = ClusterYearFactory(cluster=world.cluster, year=year)
    add_member(cy, world.member_unit)
    proposal(cy, world.member_unit, kind="flag")
    rate(world.member_unit, {year: "excellent"})
    result = eligibility.check(world.member_unit, "flag_ministry", year, decision_date=dt.date(year + 1, 1, 10))
    by_rule = {c.rule: c for c in result.checks}
    assert by_rule["cluster_vote"].passed is True and article in by_rule["cluster_vote"].basis
    assert by_rule["ratings"].passed is True and article in by_rule["ratings"].basis
    assert by_rule["registered"].passed is None  # no registration recorded: unknown, never passed
    assert result.eligible is None
    # the same unit rated lower that year fails, whatever the period
    rate(world.member_unit, {year: "good"})
    assert eligibility.check(world.member_unit, "flag_ministry", year).eligible is False


@pytest.fixture
def merged(world):
    old = UnitFactory(name="Sở Ngoại vụ tỉnh Bắc Giang", valid_to=dt.date(2025, 6, 30))
    new = UnitFactory(name="Sở Ngoại vụ tỉnh Bắc Ninh (mới)", valid_from=dt.date(2025, 7, 1))
    UnitLineage.objects.create(predecessor=old, successor=new, effective_on=dt.date(2025, 7, 1))
    return old, new


def test_an_earlier_award_of_the_predecessor_restarts_by_default(world, merged):
    old, new = merged
    award(old, "merit_minister", 2022, world.organizer, number="4/QĐ-BA")
    c = {c.rule: c for c in eligibility.check(new, "merit_prime_minister", 2025).checks}["earlier_award"]
    assert c.passed is False and "tính lại từ đầu" in c.detail


def test_an_earlier_award_of_the_predecessor_counts_when_carried_over(world, merged):
    old, new = merged
    award(old, "merit_minister", 2022, world.organizer, number="4/QĐ-BA")
    LineageCarryOver.objects.create(successor=new, predecessor=old, organizer=world.organizer, reason="Hợp nhất nguyên trạng")
    c = {c.rule: c for c in eligibility.check(new, "merit_prime_minister", 2025).checks}["earlier_award"]
    assert c.passed is True and "của đơn vị tiền thân Sở Ngoại vụ tỉnh Bắc Giang" in c.detail


def test_a_revoked_earlier_award_does_not_count_even_carried_over(world, merged):
    old, new = merged
    award(old, "merit_minister", 2022, world.organizer, number="4/QĐ-BA", revoked=True)
    LineageCarryOver.objects.create(successor=new, predecessor=old, organizer=world.organizer, reason="Hợp nhất nguyên trạng")
    c = {c.rule: c for c in eligibility.check(new, "merit_prime_minister", 2025).checks}["earlier_award"]
    assert c.passed is False and "1 khen thưởng đã bị hủy bỏ không được tính" in c.detail


LATER_TEXTS = ("06/2022", "98/2023", "152/2025", "15/2025")


@pytest.mark.parametrize("year", [2017, 2023, 2024, 2025])
def test_every_rule_in_force_cites_a_text_of_its_period(year):
    """A year before 2024 is checked under the 2003 law and Decree 91/2017: no rule in force
    then may cite a later text (the catalogue's period-less rules cited Law 06/2022 and
    Circular 15/2025 for 2017); from 2024 none cites the 2003 law; and one rule of a kind
    per award and year."""
    from thidua.cycle.awards import award_kinds

    for kind in award_kinds():
        rules = kind.rules_for(year)
        names = [r.rule for r in rules]
        assert len(names) == len(set(names)), (kind.code, year, names)
        for rule in rules:
            if year <= 2023:
                assert not any(t in rule.basis.text for t in LATER_TEXTS), (kind.code, year, rule.basis.text)
            else:
                assert "năm 2003" not in rule.basis.text, (kind.code, year, rule.basis.text)
            if year < 2025:
                assert "15/2025" not in rule.basis.text

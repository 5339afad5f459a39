"""Eligibility explains itself: each rule passed / failed / unknown (data missing, never
silently passed), with what was found and the article in force for the year; lineage
restarts by default and carries over where the organizer decided so."""

import datetime as dt

import pytest

from tests.factories import UnitFactory
from thidua.awards import eligibility
from thidua.awards.models import DisciplineRecord, LineageCarryOver
from thidua.org.models import UnitLineage

from .helpers import award, proposal, rate

pytestmark = pytest.mark.django_db


def checks(result) -> dict:
    return {c.rule: c for c in result.checks}


def test_five_excellent_years_pass_for_the_prime_ministers_certificate(world):
    unit = world.member_unit
    rate(unit, dict.fromkeys(range(2020, 2025), "excellent"))
    award(unit, "merit_minister", 2019, world.organizer)
    result = eligibility.check(unit, "merit_prime_minister", 2024, decision_date=dt.date(2025, 3, 1))
    c = checks(result)
    assert c["ratings"].passed is True and "HTXSNV năm 2020–2024, 5 trên 5 năm cần" in c["ratings"].detail
    assert c["earlier_award"].passed is True
    assert "Điều 73" in c["ratings"].basis and "cần kiểm tra" in c["ratings"].basis  # tagged [K] in rules.md
    assert result.eligible is True


def test_a_missing_year_is_unknown_never_passed(world):
    unit = world.member_unit
    rate(unit, dict.fromkeys(range(2021, 2025), "excellent"))  # 2020 not entered
    award(unit, "merit_minister", 2019, world.organizer)
    result = eligibility.check(unit, "merit_prime_minister", 2024, decision_date=dt.date(2025, 3, 1))
    c = checks(result)["ratings"]
    assert c.passed is None
    assert "HTXSNV năm 2021–2024, 4 trên 5 năm cần" in c.detail and "năm 2020 chưa có dữ liệu" in c.detail
    assert result.eligible is None


def test_a_lower_year_fails(world):
    unit = world.member_unit
    rate(unit, {2023: "good", 2024: "excellent"})
    c = checks(eligibility.check(unit, "merit_minister", 2024))["ratings"]
    assert c.passed is False and "năm 2023: HTTNV" in c.detail


def test_the_article_follows_the_legal_period(world):
    unit = world.member_unit
    rate(unit, {2016: "excellent", 2017: "excellent", 2023: "excellent", 2024: "excellent"})
    old = checks(eligibility.check(unit, "merit_minister", 2017))["ratings"]
    new = checks(eligibility.check(unit, "merit_minister", 2024))["ratings"]
    assert "Nghị định số 91/2017/NĐ-CP" in old.basis and "06/2022/QH15" in new.basis


def test_discipline_fails(world):
    unit = world.member_unit
    DisciplineRecord.objects.create(unit=unit, year=2024, subject="head", note="Khiển trách")
    c = checks(eligibility.check(unit, "flag_ministry", 2024))["no_discipline"]
    assert c.passed is False and "Khiển trách" in c.detail and "Người đứng đầu" in c.detail


def test_a_revoked_award_stops_counting(world):
    unit = world.member_unit
    rate(unit, dict.fromkeys(range(2020, 2025), "excellent"))
    award(unit, "merit_minister", 2019, world.organizer, revoked=True)
    c = checks(eligibility.check(unit, "merit_prime_minister", 2024))["earlier_award"]
    assert c.passed is False and "đã bị hủy bỏ" in c.detail


def test_the_flag_needs_the_cluster_vote(world):
    unit = world.member_unit
    rate(unit, {2024: "excellent"})
    assert checks(eligibility.check(unit, "flag_ministry", 2024))["cluster_vote"].passed is False
    from tests.factories import ClusterYearFactory

    cy = ClusterYearFactory(cluster=world.cluster, year=2024)
    proposal(cy, unit, votes=3, percent="75.00")
    c = checks(eligibility.check(unit, "flag_ministry", 2024))["cluster_vote"]
    assert c.passed is True and "3 phiếu" in c.detail and "75" in c.detail


def test_an_open_poll_is_not_a_proposal(world):
    from tests.factories import ClusterYearFactory

    cy = ClusterYearFactory(cluster=world.cluster, year=2024)
    proposal(cy, world.member_unit, state="open")
    assert checks(eligibility.check(world.member_unit, "flag_ministry", 2024))["cluster_vote"].passed is False


def test_one_achievement_one_form_fails_on_the_second(world):
    from tests.factories import ClusterYearFactory

    cy = ClusterYearFactory(cluster=world.cluster, year=2024)
    proposal(cy, world.member_unit, kind="flag")
    proposal(cy, world.member_unit, kind="merit")
    assert checks(eligibility.check(world.member_unit, "flag_ministry", 2024))["one_form"].passed is True
    merit = checks(eligibility.check(world.member_unit, "merit_minister", 2024))["one_form"]
    assert merit.passed is False and "Cờ thi đua" in merit.detail


def test_a_dissolved_unit_fails_existence(world):
    unit = UnitFactory(valid_to=dt.date(2025, 6, 30))
    c = checks(eligibility.check(unit, "flag_ministry", 2024, decision_date=dt.date(2025, 12, 1)))["exists"]
    assert c.passed is False and "30/06/2025" in c.detail


def merged():
    old = UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Bình", valid_to=dt.date(2025, 6, 30))
    new = UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Trị (mới)", valid_from=dt.date(2025, 7, 1))
    UnitLineage.objects.create(predecessor=old, successor=new, effective_on=dt.date(2025, 7, 1))
    rate(old, {2024: "excellent"})
    rate(new, {2025: "excellent"})
    return old, new


def test_lineage_restarts_by_default(world):
    _old, new = merged()
    result = eligibility.check(new, "merit_minister", 2025, decision_date=dt.date(2026, 3, 1))
    c = checks(result)["ratings"]
    assert result.policy == "restart"
    assert c.passed is False and "năm 2024 đơn vị chưa thành lập" in c.detail and "tính lại từ đầu" in c.detail


def test_lineage_carried_over_with_a_reason(world):
    old, new = merged()
    LineageCarryOver.objects.create(successor=new, predecessor=old, organizer=world.organizer, reason="Hợp nhất nguyên trạng")
    result = eligibility.check(new, "merit_minister", 2025, decision_date=dt.date(2026, 3, 1))
    c = checks(result)["ratings"]
    assert result.policy == "carry_over"
    assert c.passed is True and "HTXSNV năm 2024–2025, 2 trên 2 năm cần" in c.detail
    assert "Sở Ngoại vụ tỉnh Quảng Bình" in c.detail and "Hợp nhất nguyên trạng" in c.detail


def test_registration_unknown_without_one_failed_without_the_title(world):
    from django.utils import timezone

    from thidua.cycle.models import Registration

    unit = world.member_unit
    assert checks(eligibility.check(unit, "flag_ministry", 2026))["registered"].passed is None
    Registration.objects.create(cluster_year=world.cluster_year, unit=unit, titles=["labour_excellent"], submitted_at=timezone.now())
    assert checks(eligibility.check(unit, "flag_ministry", 2026))["registered"].passed is False
    assert checks(eligibility.check(unit, "labour_excellent", 2026))["registered"].passed is True

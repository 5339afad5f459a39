"""The organizer's services: decisions (checks, override reason, duplicate numbers),
revocation, carry-over — each audited, and nothing saved when refused."""

import datetime as dt

import pytest

from tests.factories import ClusterYearFactory, UnitFactory, add_member
from thidua.awards import eligibility, services
from thidua.awards.models import Award, Decision, DisciplineRecord, LineageCarryOver
from thidua.core.errors import Conflict, Forbidden, InvalidInput
from thidua.core.models import AuditEvent
from thidua.org.models import UnitLineage

from .helpers import proposal, rate

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 1, 20)


@pytest.fixture
def year_2024(world):
    cy = ClusterYearFactory(cluster=world.cluster, year=2024)
    for unit in (world.leader_unit, world.deputy_unit, world.member_unit):
        add_member(cy, unit)
    proposal(cy, world.member_unit, kind="flag")
    rate(world.member_unit, {2024: "excellent"})
    return cy


def record(world, awards, **kw):
    kw.setdefault("number", "15/QĐ-BA")
    return services.decision_record(
        actor=world.organizer_officer,
        organizer=world.organizer,
        date=kw.pop("date", DAY),
        signer="Thứ trưởng",
        year=2024,
        awards=awards,
        **kw,
    )


def test_a_decision_enters_the_registry_audited(world, year_2024):
    decision = record(world, [(world.member_unit, "flag_ministry")])
    assert [(a.unit, a.award, a.year) for a in decision.awards.all()] == [(world.member_unit, "flag_ministry", 2024)]
    event = AuditEvent.objects.get(action="decision.record")
    assert event.after["number"] == "15/QĐ-BA" and event.after["awards"] == [
        {"unit": world.member_unit.pk, "award": "flag_ministry", "override_reason": ""}
    ]


def test_the_same_number_twice_is_refused(world, year_2024):
    record(world, [(world.member_unit, "flag_ministry")])
    with pytest.raises(Conflict):
        record(world, [(world.member_unit, "labour_excellent")], override_reason="x")
    assert Decision.objects.count() == 1 and Award.objects.count() == 1


def test_a_failing_check_needs_an_override_reason_then_kept(world, year_2024):
    with pytest.raises(InvalidInput) as exc:
        record(world, [(world.deputy_unit, "flag_ministry")])  # not proposed by the cluster, no rating
    assert any(world.deputy_unit.name in line and "bình xét" in line for line in exc.value.errors["awards"])
    assert not Decision.objects.exists() and not AuditEvent.objects.filter(action="decision.record").exists()
    decision = record(world, [(world.deputy_unit, "flag_ministry")], override_reason="Bộ trưởng quyết định trực tiếp")
    assert decision.awards.get().override_reason == "Bộ trưởng quyết định trực tiếp"
    assert AuditEvent.objects.get(action="decision.record").reason == "Bộ trưởng quyết định trực tiếp"


def test_a_unit_dissolved_before_the_date_is_refused_even_with_a_reason(world, year_2024):
    gone = UnitFactory(managed_by=world.organizer, valid_to=dt.date(2024, 12, 31))
    with pytest.raises(InvalidInput) as exc:
        record(world, [(gone, "labour_excellent")], override_reason="dù sao")
    assert any("31/12/2024" in line for line in exc.value.errors["awards"])
    assert not Decision.objects.exists()


def test_flag_and_merit_for_one_unit_in_one_year_is_refused(world, year_2024):
    with pytest.raises(InvalidInput) as exc:
        record(world, [(world.member_unit, "flag_ministry"), (world.member_unit, "merit_minister")], override_reason="dù sao")
    assert any("Một thành tích" in line for line in exc.value.errors["awards"])
    assert not Award.objects.exists()


def test_unknown_code_and_empty_fields(world, year_2024):
    with pytest.raises(InvalidInput) as exc:
        record(world, [(world.member_unit, "huan_chuong")], number=" ")
    assert set(exc.value.errors) >= {"number", "awards"}


def test_only_the_organizers_officer_records(world, year_2024):
    for user in (world.other_organizer_officer, world.leader_head, world.admin):
        with pytest.raises(Forbidden):
            services.decision_record(
                actor=user,
                organizer=world.organizer,
                number="1",
                date=DAY,
                signer="x",
                year=2024,
                awards=[(world.member_unit, "flag_ministry")],
            )
    assert not Decision.objects.exists()


def test_revocation_keeps_the_award_marked_and_stops_it_counting(world, year_2024):
    decision = record(world, [(world.member_unit, "flag_ministry")])
    rate(world.member_unit, {2024: "excellent"})
    assert eligibility.check(world.member_unit, "flag_government", 2024).checks[0].passed is True
    with pytest.raises(InvalidInput):
        services.decision_revoke(actor=world.organizer_officer, decision=decision, reason="", basis="")
    assert not Award.objects.filter(revoked=True).exists()
    services.decision_revoke(
        actor=world.organizer_officer,
        decision=decision,
        reason="Kê khai không trung thực",
        basis="Luật Thi đua, khen thưởng số 06/2022/QH15",
    )
    a = Award.objects.get()
    assert a.revoked and a.revoked_reason == "Kê khai không trung thực" and a.revoked_at is not None
    assert AuditEvent.objects.get(action="decision.revoke").reason == "Kê khai không trung thực"
    check = eligibility.check(world.member_unit, "flag_government", 2024).checks[0]
    assert check.rule == "earlier_award" and check.passed is False


def test_carry_over_needs_a_reason_and_a_predecessor(world):
    old = UnitFactory(managed_by=world.organizer, valid_to=dt.date(2025, 6, 30))
    UnitLineage.objects.create(predecessor=old, successor=world.member_unit)
    with pytest.raises(InvalidInput):
        services.lineage_carry_over_set(actor=world.organizer_officer, successor=world.member_unit, predecessor=old, reason=" ")
    with pytest.raises(InvalidInput):
        services.lineage_carry_over_set(
            actor=world.organizer_officer, successor=world.member_unit, predecessor=world.deputy_unit, reason="x"
        )
    with pytest.raises(Forbidden):
        services.lineage_carry_over_set(actor=world.other_organizer_officer, successor=world.member_unit, predecessor=old, reason="x")
    assert not LineageCarryOver.objects.exists()
    services.lineage_carry_over_set(
        actor=world.organizer_officer, successor=world.member_unit, predecessor=old, reason="Hợp nhất nguyên trạng"
    )
    assert eligibility.check(world.member_unit, "merit_minister", 2025).policy == "carry_over"
    assert AuditEvent.objects.get(action="lineage_carry_over.set").reason == "Hợp nhất nguyên trạng"


def test_discipline_record_audited(world):
    services.discipline_record_add(actor=world.organizer_officer, unit=world.member_unit, year=2025, subject="collective", note="Cảnh cáo")
    assert DisciplineRecord.objects.get().note == "Cảnh cáo" and AuditEvent.objects.filter(action="discipline.add").count() == 1
    with pytest.raises(InvalidInput):
        services.discipline_record_add(actor=world.organizer_officer, unit=world.member_unit, year=2025, subject="nobody")
    assert DisciplineRecord.objects.count() == 1

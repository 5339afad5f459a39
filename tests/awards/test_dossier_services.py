"""The proposal dossier's services: build from closed polls (leader, proposals phase),
reports written by the unit's officer and confirmed by its head, the blocking checks of
submission, return with a reason, accept, and the decision making accepted dossiers decided."""

import datetime as dt

import pytest

from thidua.awards import dossier_services as svc
from thidua.awards.models import AchievementReport, Dossier, DossierEvent
from thidua.awards.services import decision_record
from thidua.core.errors import Conflict, Forbidden, InvalidInput
from thidua.core.models import AuditEvent
from thidua.notifications.models import Notification
from thidua.org.models import ClusterYear, Phase

from .dossier_helpers import built, deputy_head, in_proposals, report_of, submitted
from .helpers import proposal

pytestmark = pytest.mark.django_db


def test_build_snapshots_the_closed_polls_and_prefills_reports(world):
    dossier = built(world)
    assert dossier.state == Dossier.State.DRAFT
    assert [(p["unit"], p["award"], p["votes"]) for p in dossier.proposals] == [
        (world.member_unit.pk, "flag_ministry", 3),
        (world.deputy_unit.pk, "merit_minister", 2),
    ]
    reports = {r.unit_id: r for r in dossier.reports.all()}
    assert set(reports) == {world.member_unit.pk, world.deputy_unit.pk}
    member = reports[world.member_unit.pk]
    assert member.state == AchievementReport.State.MISSING and member.template == "nd152-2025"
    assert member.sections[0]["title"].startswith("I. SƠ LƯỢC")
    assert "bình xét, suy tôn đề nghị tặng Cờ thi đua" in " ".join(s["text"] for s in member.sections)
    assert list(dossier.events.values_list("action", flat=True)) == ["build"]
    assert AuditEvent.objects.filter(action="dossier.build").count() == 1
    told = Notification.objects.filter(recipient__in=[world.member_officer, world.member_head]).count()
    assert told == 2


def test_an_open_poll_is_not_proposed(world):
    in_proposals(world)
    proposal(world.cluster_year, world.leader_unit, "merit", state="open")
    dossier = svc.dossier_build(actor=world.leader_officer, cluster_year=world.cluster_year)
    assert world.leader_unit.pk not in dossier.proposed_unit_ids()


def test_build_only_by_the_leader_and_in_the_proposals_phase(world):
    in_proposals(world)
    with pytest.raises(Forbidden):
        svc.dossier_build(actor=world.member_officer, cluster_year=world.cluster_year)
    with pytest.raises(Forbidden):
        svc.dossier_build(actor=world.organizer_officer, cluster_year=world.cluster_year)
    ClusterYear.objects.filter(pk=world.cluster_year.pk).update(phase=Phase.CONFERENCE)
    world.cluster_year.refresh_from_db()
    with pytest.raises(Conflict, match="Đề nghị khen thưởng"):
        svc.dossier_build(actor=world.leader_officer, cluster_year=world.cluster_year)
    assert not Dossier.objects.exists()


def test_build_without_closed_polls_is_refused(world):
    in_proposals(world, proposals=False)
    with pytest.raises(Conflict, match="biểu quyết suy tôn"):
        svc.dossier_build(actor=world.leader_head, cluster_year=world.cluster_year)
    assert not Dossier.objects.exists()


def test_rebuild_keeps_written_reports(world):
    built(world)
    report = report_of(world, world.member_unit)
    svc.report_write(actor=world.member_officer, report=report, sections=[{"title": "I. Đặc điểm", "text": "Đã viết"}])
    dossier = svc.dossier_build(actor=world.leader_officer, cluster_year=world.cluster_year)
    kept = report_of(world, world.member_unit)
    assert kept.sections == [{"title": "I. Đặc điểm", "text": "Đã viết"}] and kept.state == "draft"
    assert list(dossier.events.values_list("action", flat=True)) == ["build", "rebuild"]


def test_submit_with_an_unconfirmed_report_is_refused_and_changes_nothing(world):
    built(world)
    report = report_of(world, world.member_unit)
    svc.report_write(actor=world.member_officer, report=report, sections=report.sections)
    events, audits = DossierEvent.objects.count(), AuditEvent.objects.count()
    with pytest.raises(Conflict) as exc:
        svc.dossier_submit(actor=world.leader_officer, cluster_year=world.cluster_year)
    reasons = exc.value.errors["checks"]
    assert any("Hà Tĩnh" in r and "chưa được thủ trưởng đơn vị xác nhận" in r for r in reasons)
    assert any("Nghệ An" in r and "chưa viết báo cáo thành tích" in r for r in reasons)
    assert Dossier.objects.get().state == Dossier.State.DRAFT
    assert (DossierEvent.objects.count(), AuditEvent.objects.count()) == (events, audits)


def test_a_failing_rule_blocks_with_its_reason(world):
    in_proposals(world)
    proposal(world.cluster_year, world.member_unit, "merit")  # the same unit for both forms
    svc.dossier_build(actor=world.leader_officer, cluster_year=world.cluster_year)
    with pytest.raises(Conflict) as exc:
        svc.dossier_submit(actor=world.leader_officer, cluster_year=world.cluster_year)
    assert any("Hà Tĩnh" in r and "Cũng được đề nghị" in r for r in exc.value.errors["checks"])


def test_reports_are_written_by_the_units_officer_and_confirmed_by_its_head(world):
    built(world)
    report = report_of(world, world.member_unit)
    for other in (world.deputy_officer, world.leader_officer, world.member_head, world.organizer_officer):
        with pytest.raises(Forbidden):
            svc.report_write(actor=other, report=report, sections=report.sections)
    with pytest.raises(Conflict, match="chưa được viết"):
        svc.report_confirm(actor=world.member_head, report=report)
    svc.report_write(actor=world.member_officer, report=report, sections=report.sections)
    for other in (world.member_officer, world.leader_head, deputy_head(world)):
        with pytest.raises(Forbidden):
            svc.report_confirm(actor=other, report=report_of(world, world.member_unit))
    confirmed_report = svc.report_confirm(actor=world.member_head, report=report_of(world, world.member_unit))
    assert confirmed_report.state == "confirmed" and confirmed_report.confirmed_by == world.member_head
    # changed after its confirmation: back to draft, the head confirms again
    again = svc.report_write(actor=world.member_officer, report=confirmed_report, sections=[{"title": "I", "text": "mới"}])
    assert again.state == "draft" and again.confirmed_by is None


@pytest.mark.parametrize(
    "sections",
    [[], "text", [{"title": ""}], [{"title": "x", "text": 5}], [{"title": "x", "extra": "y"}], [{"title": "x" * 301, "text": ""}]],
)
def test_bad_sections_are_refused(world, sections):
    built(world)
    report = report_of(world, world.member_unit)
    with pytest.raises(InvalidInput):
        svc.report_write(actor=world.member_officer, report=report, sections=sections)
    assert report_of(world, world.member_unit).state == "missing"


def test_the_whole_loop_return_resubmit_accept_decide(world):
    submitted(world)
    dossier = Dossier.objects.get()
    assert dossier.state == "submitted" and dossier.submitted_at is not None
    assert Notification.objects.filter(recipient=world.organizer_officer, kind="dossier_submitted").exists()
    report = report_of(world, world.member_unit)
    with pytest.raises(Conflict):  # frozen once submitted
        svc.report_write(actor=world.member_officer, report=report, sections=report.sections)
    with pytest.raises(Forbidden):
        svc.dossier_return(actor=world.leader_officer, cluster_year=world.cluster_year, reason="x")
    with pytest.raises(InvalidInput):
        svc.dossier_return(actor=world.organizer_officer, cluster_year=world.cluster_year, reason="  ")
    assert Dossier.objects.get().state == "submitted"
    svc.dossier_return(actor=world.organizer_officer, cluster_year=world.cluster_year, reason="Thiếu xác nhận của UBND tỉnh")
    dossier.refresh_from_db()
    assert dossier.state == "returned" and dossier.returned_reason == "Thiếu xác nhận của UBND tỉnh"
    assert Notification.objects.filter(recipient=world.member_head, kind="dossier_returned", body__contains="UBND").exists()
    with pytest.raises(Conflict):  # only a submitted dossier is reviewed
        svc.dossier_accept(actor=world.organizer_officer, cluster_year=world.cluster_year)
    again = report_of(world, world.member_unit)
    svc.report_write(actor=world.member_officer, report=again, sections=[{"title": "I", "text": "bổ sung"}])
    svc.report_confirm(actor=world.member_head, report=report_of(world, world.member_unit))
    svc.dossier_submit(actor=world.leader_head, cluster_year=world.cluster_year)
    svc.dossier_accept(actor=world.organizer_officer, cluster_year=world.cluster_year)
    with pytest.raises(Conflict):
        svc.dossier_submit(actor=world.leader_officer, cluster_year=world.cluster_year)
    with pytest.raises(Conflict):
        svc.dossier_build(actor=world.leader_officer, cluster_year=world.cluster_year)
    decision_record(actor=world.organizer_officer, organizer=world.organizer, number="5/QĐ-BA", date=dt.date(2027, 1, 10),
                    signer="Thứ trưởng", year=2026, awards=[(world.member_unit, "flag_ministry")],
                    override_reason="Chưa có xếp loại")  # fmt: skip
    dossier.refresh_from_db()
    assert dossier.state == "decided"
    actions = list(dossier.events.values_list("action", flat=True))
    assert actions == ["build", "submit", "return", "resubmit", "accept", "decide"]
    assert "5/QĐ-BA" in dossier.events.last().reason


def test_a_decision_leaves_dossiers_not_accepted_alone(world):
    submitted(world)
    decision_record(actor=world.organizer_officer, organizer=world.organizer, number="6/QĐ-BA", date=dt.date(2027, 1, 10),
                    signer="Thứ trưởng", year=2026, awards=[(world.member_unit, "flag_ministry")], override_reason="x")  # fmt: skip
    assert Dossier.objects.get().state == "submitted"


def test_another_organizer_cannot_review(world):
    submitted(world)
    with pytest.raises(Forbidden):
        svc.dossier_accept(actor=world.other_organizer_officer, cluster_year=world.cluster_year)
    assert Dossier.objects.get().state == "submitted"


def test_tasks_follow_the_state(world):
    from thidua.awards.dossier_tasks import dossier_tasks, organizer_dossier_tasks

    in_proposals(world)
    ids = [world.leader_unit.pk, world.member_unit.pk, world.deputy_unit.pk]
    keys = lambda: {u: [t.key for t in ts] for u, ts in dossier_tasks(world.cluster_year, ids).items()}  # noqa: E731
    assert keys() == {world.leader_unit.pk: ["dossier_build"]}
    svc.dossier_build(actor=world.leader_officer, cluster_year=world.cluster_year)
    assert keys() == {world.leader_unit.pk: ["dossier_submit"], world.member_unit.pk: ["report_write"],
                      world.deputy_unit.pk: ["report_write"]}  # fmt: skip
    report = report_of(world, world.member_unit)
    svc.report_write(actor=world.member_officer, report=report, sections=report.sections)
    assert keys()[world.member_unit.pk] == ["report_confirm"]
    assert organizer_dossier_tasks(world.organizer_officer) == []
    Dossier.objects.update(state="submitted")
    assert [t.key for t in organizer_dossier_tasks(world.organizer_officer)] == ["dossier_review"]
    assert organizer_dossier_tasks(world.other_organizer_officer) == []

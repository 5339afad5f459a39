"""The summary report's services: drafting (prefilled), the drafter assigned by the leader,
circulation with a deadline, comments only while circulated, answers by the drafter only,
new versions and their difference, adoption at the conference; every refusal writes
nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.cycle.conftest import published_launch, set_phase
from thidua.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from thidua.core.models import AuditEvent
from thidua.notifications.models import Kind, Notification
from thidua.org.models import Phase
from thidua.reports import services
from thidua.reports.diff import versions_diff
from thidua.reports.models import Report, ReportComment, ReportVersion
from thidua.reports.prefill import KEYS

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def started(world, phase=Phase.RANKING) -> ReportVersion:
    set_phase(world, phase)
    return services.report_start(actor=world.leader_officer, cluster_year=world.cluster_year)


def circulated(world, phase=Phase.RANKING) -> ReportVersion:
    started(world, phase)
    return services.report_circulate(actor=world.leader_officer, cluster_year=world.cluster_year, comments_until=TODAY() + dt.timedelta(7))


def comment(world, user, section="dac-diem", text="Đề nghị bổ sung số liệu."):
    return services.report_comment(actor=user, cluster_year=world.cluster_year, section=section, text=text)


# --- drafting ------------------------------------------------------------------------------------------
def test_the_first_draft_is_prefilled_from_the_years_facts(world):
    set_phase(world, Phase.IN_PROGRESS)
    published_launch(world, items=["Thi đua hoàn thành nhiệm vụ chuyên môn", "Xây dựng cơ quan văn hóa"])
    version = services.report_start(actor=world.leader_officer, cluster_year=world.cluster_year)
    assert version.number == 1 and version.state == "draft"
    assert [s["key"] for s in version.sections] == KEYS
    texts = {s["key"]: s["text"] for s in version.sections}
    assert "Cụm thi đua số 1 năm 2026 gồm 03 đơn vị thành viên" in texts["dac-diem"]
    assert "đơn vị Cụm trưởng: Sở Ngoại vụ tỉnh Thanh Hóa" in texts["dac-diem"]
    assert "- Xây dựng cơ quan văn hóa" in texts["phat-dong"] and "0/03 đơn vị đã ký giao ước" in texts["phat-dong"]
    assert Report.objects.get().drafter == world.leader_unit
    assert AuditEvent.objects.filter(action="report.start").count() == 1


def test_drafting_is_refused_before_the_years_work_and_to_others(world):
    with pytest.raises(Conflict):  # preparing: not yet
        services.report_start(actor=world.leader_officer, cluster_year=world.cluster_year)
    set_phase(world, Phase.IN_PROGRESS)
    for user in (world.member_officer, world.deputy_officer, world.organizer_officer):
        with pytest.raises(Forbidden):
            services.report_start(actor=user, cluster_year=world.cluster_year)
    assert not Report.objects.exists() and not ReportVersion.objects.exists()


def test_the_leader_assigns_a_deputy_who_then_drafts_and_the_leader_no_longer_does(world):
    set_phase(world, Phase.IN_PROGRESS)
    with pytest.raises(InvalidInput):  # a plain member cannot be given the drafting
        services.report_assign_drafter(actor=world.leader_officer, cluster_year=world.cluster_year, unit=world.member_unit)
    with pytest.raises(Forbidden):
        services.report_assign_drafter(actor=world.deputy_officer, cluster_year=world.cluster_year, unit=world.deputy_unit)
    assert not Report.objects.exists()
    services.report_assign_drafter(actor=world.leader_officer, cluster_year=world.cluster_year, unit=world.deputy_unit)
    assert Notification.objects.filter(recipient=world.deputy_officer, kind=Kind.TASK_ASSIGNED).exists()
    with pytest.raises(Forbidden):
        services.report_start(actor=world.leader_officer, cluster_year=world.cluster_year)
    version = services.report_start(actor=world.deputy_officer, cluster_year=world.cluster_year)
    assert version.number == 1


def test_a_draft_is_edited_in_place_and_bad_input_saves_nothing(world):
    v1 = started(world)
    services.report_save(actor=world.leader_officer, cluster_year=world.cluster_year, sections={"kien-nghi": "Kiến nghị A"})
    v1.refresh_from_db()
    assert {s["key"]: s["text"] for s in v1.sections}["kien-nghi"] == "Kiến nghị A" and ReportVersion.objects.count() == 1
    before = v1.sections
    with pytest.raises(InvalidInput) as exc:
        services.report_save(actor=world.leader_officer, cluster_year=world.cluster_year,
                             sections={"khong-co": "x", "dac-diem": 5, "kien-nghi": "y" * 20001})  # fmt: skip
    assert set(exc.value.errors) == {"khong-co", "dac-diem", "kien-nghi"}
    v1.refresh_from_db()
    assert v1.sections == before
    with pytest.raises(Forbidden):
        services.report_save(actor=world.member_officer, cluster_year=world.cluster_year, sections={"kien-nghi": "z"})


# --- circulation and comments ------------------------------------------------------------------------
def test_circulating_tells_the_members_and_needs_a_deadline_not_past(world):
    started(world)
    with pytest.raises(InvalidInput):
        services.report_circulate(actor=world.leader_officer, cluster_year=world.cluster_year, comments_until=TODAY() - dt.timedelta(1))
    with pytest.raises(Forbidden):
        services.report_circulate(actor=world.member_officer, cluster_year=world.cluster_year, comments_until=TODAY())
    assert ReportVersion.objects.get().state == "draft" and not Notification.objects.exists()
    version = services.report_circulate(actor=world.leader_officer, cluster_year=world.cluster_year, comments_until=TODAY())
    assert version.state == "circulated" and Report.objects.get().comments_until == TODAY()
    told = set(Notification.objects.filter(kind=Kind.TASK_ASSIGNED).values_list("recipient__username", flat=True))
    assert {"member_officer", "member_head", "deputy_officer", "leader_head"} <= told and "leader_officer" not in told
    with pytest.raises(Conflict):  # already circulated
        services.report_circulate(actor=world.leader_officer, cluster_year=world.cluster_year, comments_until=TODAY())


def test_comments_only_while_circulated(world):
    started(world)
    with pytest.raises(Conflict):
        comment(world, world.member_officer)
    assert not ReportComment.objects.exists()
    services.report_circulate(actor=world.leader_officer, cluster_year=world.cluster_year, comments_until=TODAY())
    c = comment(world, world.member_officer)
    assert c.unit == world.member_unit and c.state == "open" and c.version.number == 1
    assert Notification.objects.filter(recipient=world.leader_officer, kind=Kind.COMMENT).exists()
    whole = comment(world, world.deputy_officer, section="", text="Nhất trí với dự thảo.")
    assert whole.section == ""


def test_a_comment_after_the_deadline_is_refused(world):
    circulated(world)
    Report.objects.update(comments_until=TODAY() - dt.timedelta(1))
    with pytest.raises(Conflict, match="hết hạn góp ý"):
        comment(world, world.member_officer)
    assert not ReportComment.objects.exists()


@pytest.mark.parametrize("section,text,field", [("khong-co", "Góp ý", "section"), ("dac-diem", "   ", "text"),
                                                ("dac-diem", "x" * 4001, "text"), (7, "Góp ý", "section")])  # fmt: skip
def test_bad_comments_are_refused_with_the_field(world, section, text, field):
    circulated(world)
    with pytest.raises(InvalidInput) as exc:
        comment(world, world.member_officer, section=section, text=text)
    assert field in exc.value.errors and not ReportComment.objects.exists()


def test_only_officers_of_member_units_comment(world):
    circulated(world)
    for user in (world.member_head, world.member_delegate, world.organizer_officer, world.outside_officer):
        with pytest.raises(Forbidden):
            comment(world, user)
    assert not ReportComment.objects.exists()


def test_the_drafter_only_accepts_or_declines_and_a_decline_needs_a_reply(world):
    circulated(world)
    c = comment(world, world.member_officer)
    for user in (world.member_officer, world.deputy_officer, world.organizer_officer):
        with pytest.raises(Forbidden):
            services.report_comment_answer(actor=user, cluster_year=world.cluster_year, comment_id=c.pk, state="accepted")
    with pytest.raises(InvalidInput):
        services.report_comment_answer(actor=world.leader_officer, cluster_year=world.cluster_year, comment_id=c.pk, state="declined")
    with pytest.raises(InvalidInput):
        services.report_comment_answer(actor=world.leader_officer, cluster_year=world.cluster_year, comment_id=c.pk, state="open")
    with pytest.raises(NotFound):
        services.report_comment_answer(actor=world.leader_officer, cluster_year=world.cluster_year, comment_id=999999, state="accepted")
    c.refresh_from_db()
    assert c.state == "open" and c.reply == ""
    services.report_comment_answer(actor=world.leader_officer, cluster_year=world.cluster_year, comment_id=c.pk, state="declined",
                                   reply="Số liệu đã có ở phụ lục.")  # fmt: skip
    c.refresh_from_db()
    assert c.state == "declined" and c.reply == "Số liệu đã có ở phụ lục." and c.replied_by == world.leader_officer
    assert Notification.objects.filter(recipient=world.member_officer, kind=Kind.COMMENT).exists()


# --- versions, difference, adoption ---------------------------------------------------------------------
def test_editing_a_circulated_version_makes_the_next_and_the_difference_shows_it(world):
    v1 = circulated(world)
    old = {s["key"]: s["text"] for s in v1.sections}
    with pytest.raises(InvalidInput, match="không thay đổi"):
        services.report_save(actor=world.leader_officer, cluster_year=world.cluster_year, sections={})
    v2 = services.report_save(actor=world.leader_officer, cluster_year=world.cluster_year,
                              sections={"kien-nghi": old["kien-nghi"] + "\nLập kênh thông tin chung."}, note="Tiếp thu góp ý")  # fmt: skip
    assert (v2.number, v2.state, v2.note) == (2, "draft", "Tiếp thu góp ý")
    v1.refresh_from_db()
    assert v1.state == "circulated" and {s["key"]: s["text"] for s in v1.sections} == old  # a circulated version never changes
    with pytest.raises(Conflict):  # the round is over until v2 is circulated
        comment(world, world.member_officer)
    diff = {d.key: d for d in versions_diff(v1.sections, v2.sections)}
    assert diff["kien-nghi"].changed and not diff["dac-diem"].changed
    assert [(line.op, line.text) for line in diff["kien-nghi"].lines if line.op != "equal"] == [("insert", "Lập kênh thông tin chung.")]


def test_the_difference_of_a_replaced_line():
    diff = versions_diff([{"key": "a", "title": "A", "text": "một\nhai\nba"}], [{"key": "a", "title": "A", "text": "một\nHAI\nba"}])
    assert [(line.op, line.text) for line in diff[0].lines] == [("equal", "một"), ("delete", "hai"), ("insert", "HAI"), ("equal", "ba")]


def test_adoption_at_the_conference_of_the_current_version_only(world):
    circulated(world)
    with pytest.raises(Conflict):  # ranking: the conference has not come
        services.report_adopt(actor=world.leader_officer, cluster_year=world.cluster_year, number=1)
    set_phase(world, Phase.CONFERENCE)
    services.report_save(actor=world.leader_officer, cluster_year=world.cluster_year, sections={"kien-nghi": "Mới"})
    with pytest.raises(Conflict, match="mới nhất"):
        services.report_adopt(actor=world.leader_officer, cluster_year=world.cluster_year, number=1)
    for user in (world.member_officer, world.deputy_officer):
        with pytest.raises(Forbidden):
            services.report_adopt(actor=user, cluster_year=world.cluster_year, number=2)
    assert not ReportVersion.objects.filter(state="adopted").exists()
    version = services.report_adopt(actor=world.organizer_officer, cluster_year=world.cluster_year, number=2)
    assert version.state == "adopted" and version.adopted_at is not None
    for call in (
        lambda: services.report_save(actor=world.leader_officer, cluster_year=world.cluster_year, sections={"kien-nghi": "Sau"}),
        lambda: services.report_adopt(actor=world.leader_officer, cluster_year=world.cluster_year, number=2),
        lambda: services.report_circulate(actor=world.leader_officer, cluster_year=world.cluster_year, comments_until=TODAY()),
    ):
        with pytest.raises(Conflict):
            call()
    assert AuditEvent.objects.filter(action="report.adopt").count() == 1

"""Each event tells the right people, and nobody else: another cluster's units, people of
the unit without the role, inactive accounts and whoever caused the event get nothing."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from tests.cycle.conftest import set_deadlines
from tests.factories import UserFactory
from tests.scoring.helpers import FULL, open_self_assessment, set_phase, submit_self
from tests.voting.conftest import build_electorate
from thidua.cycle.models import YearSettings
from thidua.cycle.phase_service import cluster_year_set_phase
from thidua.notifications.models import Kind, Notification
from thidua.org.models import Phase
from thidua.scoring import services as scoring
from thidua.voting import delegates

pytestmark = pytest.mark.django_db


def told(kind) -> list[str]:
    """Usernames told of `kind`, sorted."""
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


# --- a phase change ---------------------------------------------------------------------------------------
def test_a_phase_change_tells_the_members_officers_and_heads_and_the_organizer(world, django_capture_on_commit_callbacks):
    UserFactory(username="retired_head", unit=world.member_unit, is_unit_head=True, is_active=False)
    UserFactory(username="outside_head", unit=world.outside_unit, is_unit_head=True)
    with django_capture_on_commit_callbacks(execute=True):
        cluster_year_set_phase(actor=world.leader_officer, cluster_year=world.cluster_year, phase=Phase.LAUNCHED)
    # not the leader's officer who moved it, the delegate, the other organizer, the outsiders, the retired head
    assert told(Kind.PHASE_CHANGED) == sorted(["leader_head", "deputy_officer", "member_officer", "member_head", "org_a"])
    n = Notification.objects.filter(kind=Kind.PHASE_CHANGED).first()
    assert n.link == f"/cum/{world.cluster.pk}/nam/2026/" and n.cluster_year_id == world.cluster_year.pk
    assert n.organizer_id == world.organizer.pk and "Phát động" in n.title
    assert len(mail.outbox) == 5 and all(m.subject.startswith("[ThiDua] Cụm thi đua số 1 năm 2026") for m in mail.outbox)


def test_moving_back_gives_the_reason(world):
    cluster_year_set_phase(actor=world.leader_officer, cluster_year=world.cluster_year, phase=Phase.LAUNCHED)
    cluster_year_set_phase(actor=world.organizer_officer, cluster_year=world.cluster_year, phase=Phase.PREPARING,
                           reason="Sửa nội dung phát động")  # fmt: skip
    back = Notification.objects.get(recipient=world.leader_officer)
    assert "Lý do: Sửa nội dung phát động" in back.body


def test_a_refused_phase_change_tells_nobody(world):
    with pytest.raises(Exception):  # noqa: B017  (two steps at once: Conflict)
        cluster_year_set_phase(actor=world.organizer_officer, cluster_year=world.cluster_year, phase=Phase.RANKING)
    assert not Notification.objects.exists()


# --- a poll opened ----------------------------------------------------------------------------------------
def test_an_opened_poll_tells_the_voters_of_the_units_on_the_roll():
    e = build_electorate(4)
    e.check_in(e.units[:3])  # the fourth is not in the room
    other = build_electorate(2, number="8")
    other.check_in()
    unit = e.units[2]
    deputy = UserFactory(username="pho_gd", unit=unit, is_delegate=True)
    delegates.delegate_set(actor=e.heads[2], cluster_year=e.cluster_year, unit=unit, full_name="Phó Giám đốc", user=deputy,
                           authorisation="GUQ số 1")  # fmt: skip
    poll = e.poll(title="Bầu Cụm trưởng năm 2027")
    # the heads of units 1 and 2, the delegate unit 3 named (not its head), nobody of unit 4 or of the other cluster
    assert told(Kind.POLL_OPENED) == sorted([e.heads[0].username, e.heads[1].username, "pho_gd"])
    n = Notification.objects.filter(kind=Kind.POLL_OPENED).first()
    assert n.title == "Phiếu bầu đang mở: Bầu Cụm trưởng năm 2027"
    assert n.link == reverse("voting_ballot", args=[poll.pk])


def test_a_paper_poll_sends_nobody_to_a_ballot_page():
    e = build_electorate(3)
    e.check_in()
    e.poll(title="Cờ (phiếu giấy)", mode="paper", method="approval", max_choices=2, seats=2)
    assert told(Kind.POLL_OPENED) == []


# --- queries on scores (giải trình) -----------------------------------------------------------------------
@pytest.fixture
def asked(world):
    open_self_assessment(world)
    submit_self(world, world.member_unit, FULL)
    set_phase(world.cluster_year, Phase.CROSS_SCORING)
    return scoring.score_query_ask(actor=world.leader_officer, cluster_year=world.cluster_year, unit=world.member_unit,
                                   scorer=world.leader_unit, criterion_code="I.1", text="Đề nghị gửi văn bản ban hành.")  # fmt: skip


def test_a_query_tells_the_scored_units_officer_and_head(world, asked):
    assert told(Kind.SCORE_QUERY) == ["member_head", "member_officer"]
    n = Notification.objects.get(recipient=world.member_officer)
    assert n.title == "Sở Ngoại vụ tỉnh Thanh Hóa đề nghị giải trình tiêu chí I.1"
    assert "Đề nghị gửi văn bản ban hành." in n.body
    assert n.link == reverse("scoring_self", args=[world.cluster.pk, 2026, world.member_unit.pk])


def test_the_units_reply_tells_the_scorer_and_a_follow_up_tells_the_unit(world, asked):
    Notification.objects.all().delete()
    scoring.score_query_reply(actor=world.member_officer, query=asked, text="Đã bổ sung Kế hoạch số 12/KH-SNgV.")
    assert told(Kind.SCORE_QUERY) == ["leader_officer"]  # not the leader's head, not the unit's own people
    n = Notification.objects.get()
    assert "đã trả lời" in n.title and n.link == reverse("scoring_cross", args=[world.cluster.pk, 2026, world.member_unit.pk])
    Notification.objects.all().delete()
    scoring.score_query_reply(actor=world.leader_officer, query=asked, text="Đề nghị gửi thêm báo cáo.")
    assert told(Kind.SCORE_QUERY) == ["member_head", "member_officer"]


# --- sheets assigned ----------------------------------------------------------------------------------------
def test_new_assignments_tell_the_scorer_units_officers_once(world):
    YearSettings.objects.update_or_create(cluster_year=world.cluster_year, defaults={"cross_scoring": "matrix"})
    pairs = [(world.member_unit.pk, world.leader_unit.pk), (world.member_unit.pk, world.deputy_unit.pk)]
    scoring.scoring_assignments_set(actor=world.leader_officer, cluster_year=world.cluster_year, pairs=pairs)
    assert told(Kind.TASK_ASSIGNED) == ["member_officer"]  # not its head (heads do not score), nobody else
    n = Notification.objects.get()
    assert "2 đơn vị" in n.title and "Sở Ngoại vụ tỉnh Thanh Hóa" in n.body and "Sở Ngoại vụ tỉnh Nghệ An" in n.body
    scoring.scoring_assignments_set(actor=world.leader_officer, cluster_year=world.cluster_year, pairs=pairs)  # the same again
    assert Notification.objects.count() == 1
    scoring.scoring_assignments_set(actor=world.leader_officer, cluster_year=world.cluster_year,
                                    pairs=[*pairs, (world.deputy_unit.pk, world.member_unit.pk)])  # fmt: skip
    assert told(Kind.TASK_ASSIGNED) == ["deputy_officer", "member_officer"]


# --- the unit's delegate ------------------------------------------------------------------------------------
def test_a_delegate_change_tells_that_units_head_and_officers_only(django_capture_on_commit_callbacks):
    e = build_electorate(3)
    unit = e.units[1]
    deputy = UserFactory(username="pho_gd", unit=unit, is_delegate=True, full_name="Trần Văn Bình")
    with django_capture_on_commit_callbacks(execute=True):
        delegates.delegate_set(actor=e.heads[1], cluster_year=e.cluster_year, unit=unit, full_name="", user=deputy,
                               authorisation="GUQ số 2")  # fmt: skip
    assert told(Kind.DELEGATE_CHANGED) == sorted([e.heads[1].username, e.officers[1].username])
    n = Notification.objects.filter(kind=Kind.DELEGATE_CHANGED).first()
    assert "Trần Văn Bình" in n.body and "Kính gửi" not in n.body
    assert sorted(m.to[0] for m in mail.outbox) == sorted([e.heads[1].email, e.officers[1].email])


# --- a task due ---------------------------------------------------------------------------------------------
def test_a_reminder_is_told_in_the_product_once_a_day_even_without_an_address(world, django_capture_on_commit_callbacks):
    set_phase(world.cluster_year, Phase.LAUNCHED)
    set_deadlines(world, launched=dt.date(2026, 1, 31))
    world.deputy_officer.email = ""
    world.deputy_officer.save(update_fields=["email"])

    def run(day):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_deadline_reminders", f"--date={day}", stdout=StringIO())

    run("2026-01-28")
    run("2026-01-28")
    # every officer of the three units: the deputy's in the product only
    assert told(Kind.TASK_DUE) == ["deputy_officer", "leader_officer", "member_officer"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.leader_officer.email, world.member_officer.email])
    n = Notification.objects.get(recipient=world.member_officer)
    assert n.title == "Nhắc việc: Đăng ký thi đua năm 2026 — hạn 31/01/2026" and n.link.endswith("/dang-ky/")
    run("2026-01-30")  # another day, another reminder (days=3 is not due: nothing)
    assert Notification.objects.filter(kind=Kind.TASK_DUE).count() == 3

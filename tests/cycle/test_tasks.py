"""What a unit must do now and by when, and the e-mail reminders before deadlines."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.factories import UserFactory
from thidua.cycle import services
from thidua.cycle.models import CovenantSignature, Registration, ReminderSent
from thidua.cycle.tasks import Task, register_task_provider, unit_tasks, year_tasks
from thidua.org.models import Phase

from .conftest import covenant_phase, published_launch, set_deadlines, set_phase

pytestmark = pytest.mark.django_db


def keys(user) -> list[str]:
    return [t.key for t in unit_tasks(user)]


class TestUnitTasks:
    def test_registering_before_the_deadline(self, world):
        set_phase(world, Phase.LAUNCHED)
        set_deadlines(world, launched=dt.date(2026, 1, 31))
        (task,) = unit_tasks(world.member_officer)
        text, due, url = task
        assert text == "Đăng ký thi đua năm 2026 trước 31/01/2026"
        assert due == dt.date(2026, 1, 31) and url == f"/cum/{world.cluster.pk}/nam/2026/dang-ky/"
        assert task.cluster_name == "Cụm thi đua số 1" and task.cluster_id == world.cluster.pk
        assert keys(world.member_head) == ["register"]  # the head sees the unit's task too

    def test_done_tasks_disappear(self, world):
        set_phase(world, Phase.LAUNCHED)
        assert keys(world.leader_officer) == ["launch", "register"]
        published_launch(world)
        services.registration_submit(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit,
                                     titles=["labour_excellent"])
        assert keys(world.member_officer) == []
        assert keys(world.leader_officer) == ["register"]

    def test_signing_in_the_covenant_phase(self, world):
        covenant_phase(world)
        set_deadlines(world, launched=dt.date(2026, 1, 31), covenant=dt.date(2026, 2, 28))
        assert keys(world.member_head) == ["register", "sign_covenant"]  # soonest deadline first
        services.covenant_sign(actor=world.member_head, cluster_year=world.cluster_year, unit=world.member_unit)
        assert keys(world.member_head) == ["register"]

    def test_the_leader_unit_must_publish_the_launch(self, world):
        set_deadlines(world, preparing=dt.date(2025, 12, 20))
        assert keys(world.leader_officer) == ["launch"] and keys(world.member_officer) == []
        assert unit_tasks(world.leader_officer)[0].text == "Công bố nội dung phát động thi đua năm 2026 trước 20/12/2025"

    @pytest.mark.parametrize("phase", [Phase.SELF_ASSESSMENT, Phase.CROSS_SCORING])
    def test_cycle_has_no_tasks_of_its_own_in_the_scoring_phases(self, world, monkeypatch, phase):
        """The scoring phases' tasks come from the scoring app (scoring/tasks.py), from what
        each unit has done; cycle no longer invents generic ones."""
        from thidua.cycle import tasks as tasks_module

        monkeypatch.setattr(tasks_module, "_providers", [])
        set_phase(world, phase)
        # only the leader's plan for the conference, a document it has not issued yet
        assert keys(world.member_officer) == [] and keys(world.leader_officer) == ["issue_plan"]

    def test_a_provider_adds_its_tasks(self, world, monkeypatch):
        from thidua.cycle import tasks as tasks_module

        monkeypatch.setattr(tasks_module, "_providers", [])

        def provider(cluster_year, unit_ids):
            return {u: [Task(key="scoring.self", title="Nộp bảng điểm (từ ứng dụng chấm điểm)", due=None, url="/x/",
                             cluster_year_id=cluster_year.pk, cluster_name="", year=2026, unit_id=u)] for u in unit_ids}

        register_task_provider(provider)
        register_task_provider(provider)  # once, however often ready() runs
        set_phase(world, Phase.SELF_ASSESSMENT)
        assert keys(world.member_officer) == ["scoring.self"]

    def test_nothing_for_closed_years_delegates_organizers_and_outsiders(self, world):
        set_phase(world, Phase.LAUNCHED)
        published_launch(world)
        assert keys(world.member_delegate) == [] and keys(world.organizer_officer) == []
        # the outsider's unit leads Bộ B's cluster: its own tasks only
        assert {t.cluster_id for t in unit_tasks(world.outside_officer)} == {world.other_cluster.pk}
        set_phase(world, Phase.CLOSED)
        assert keys(world.member_officer) == []

    def test_a_year_costs_the_same_queries_whatever_its_size(self, world, django_assert_max_num_queries):
        covenant_phase(world)
        with django_assert_max_num_queries(6):
            tasks = year_tasks(world.cluster_year)
        assert sorted(len(t) for t in tasks.values()) == [2, 2, 2]


class TestReminders:
    @pytest.fixture(autouse=True)
    def _on_commit(self, django_capture_on_commit_callbacks):
        # reminders are e-mailed once the run commits (notifications.services.notify)
        self.on_commit = django_capture_on_commit_callbacks

    @pytest.fixture
    def registering(self, world):
        set_phase(world, Phase.LAUNCHED)
        set_deadlines(world, launched=dt.date(2026, 1, 31))
        for user in (world.leader_officer, world.deputy_officer, world.member_officer, world.member_head):
            user.email = f"{user.username}@so.example.vn"
            user.save(update_fields=["email"])
        services.registration_submit(actor=world.leader_officer, cluster_year=world.cluster_year, unit=world.leader_unit,
                                     titles=["labour_excellent"])
        return world

    def run(self, day="2026-01-28", days=None) -> str:
        out = StringIO()
        args = ["send_deadline_reminders", f"--date={day}"] + ([f"--days={days}"] if days is not None else [])
        with self.on_commit(execute=True):
            call_command(*args, stdout=out)
        return out.getvalue()

    def test_officers_of_units_with_an_open_task_are_emailed_three_days_before(self, registering):
        output = self.run()
        assert "2 reminder(s) sent" in output
        assert sorted(m.to[0] for m in mail.outbox) == ["deputy_officer@so.example.vn", "member_officer@so.example.vn"]
        message = mail.outbox[0]
        assert message.subject == "[ThiDua] Nhắc việc: Đăng ký thi đua năm 2026 — hạn 31/01/2026"
        assert "Cụm thi đua số 1 nhắc đơn vị của Anh/Chị: Đăng ký thi đua năm 2026, hạn chót ngày 31/01/2026." in message.body
        assert f"/cum/{registering.cluster.pk}/nam/2026/dang-ky/" in message.body
        assert ReminderSent.objects.count() == 2

    def test_a_second_run_on_the_same_day_sends_nothing(self, registering):
        self.run()
        output = self.run()
        assert len(mail.outbox) == 2 and "0 reminder(s) sent; 2 already sent today" in output
        assert ReminderSent.objects.count() == 2

    def test_other_days_send_nothing(self, registering):
        self.run(day="2026-01-27")
        self.run(day="2026-01-29")
        assert mail.outbox == []
        self.run(day="2026-01-30", days=1)
        assert len(mail.outbox) == 2

    def test_heads_are_reminded_to_sign(self, world):
        covenant_phase(world)
        set_deadlines(world, covenant=dt.date(2026, 2, 28))
        world.member_head.email = "giamdoc@so.example.vn"
        world.member_head.save(update_fields=["email"])
        world.member_officer.email = "canbo@so.example.vn"
        world.member_officer.save(update_fields=["email"])
        CovenantSignature.objects.create(covenant=world.cluster_year.covenant, unit=world.leader_unit, signed_by=world.leader_head,
                                         signed_at=timezone.now())
        self.run(day="2026-02-25")
        assert [m.to for m in mail.outbox] == [["giamdoc@so.example.vn"]]
        assert "Ký giao ước thi đua năm 2026" in mail.outbox[0].subject

    def test_people_without_an_address_are_counted_not_emailed(self, world):
        set_phase(world, Phase.LAUNCHED)
        set_deadlines(world, launched=dt.date(2026, 1, 31))
        UserFactory(unit=world.member_unit, is_unit_officer=True, email="")
        output = self.run()
        assert "without an e-mail address" in output
        assert all(m.to[0].endswith("@example.org") for m in mail.outbox)  # the factories' addresses
        assert not Registration.objects.exists()

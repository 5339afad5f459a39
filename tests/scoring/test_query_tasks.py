"""Dashboard tasks are wrong (issue 9): a pending request for explanation (giải trình) was
buried in the self-assessment page, and a unit that had sent every cross sheet could be
told to score. Tasks now come from what the unit has and has not done (scoring/tasks.py),
and the deadline reminders read the same tasks."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from thidua.cycle.tasks import unit_tasks
from thidua.org.models import ClusterYear, Phase
from thidua.scoring import services

from .helpers import FULL, open_self_assessment, set_phase, submit_cross, submit_self

pytestmark = pytest.mark.django_db


def cross_scoring(world) -> ClusterYear:
    open_self_assessment(world)
    for unit in (world.leader_unit, world.deputy_unit, world.member_unit):
        submit_self(world, unit, FULL)
    return set_phase(world.cluster_year, Phase.CROSS_SCORING)


def ask(world, text="Đề nghị bổ sung văn bản ban hành chương trình.", *, code="I.1"):
    """The leader unit asks the member unit to explain one criterion of its self-assessment."""
    return services.score_query_ask(actor=world.leader_officer, cluster_year=world.cluster_year, unit=world.member_unit,
                                    scorer=world.leader_unit, criterion_code=code, text=text)  # fmt: skip


def keys(user) -> list[str]:
    return [t.key for t in unit_tasks(user) if t.key != "issue_plan"]


def dashboard(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('id="tasks-heading"') : html.index("</section>", html.index('id="tasks-heading"'))]


class TestExplanations:
    def test_a_pending_request_is_a_dashboard_task_linking_straight_to_its_thread(self, world):
        cross_scoring(world)
        query = ask(world)
        tasks = [t for t in unit_tasks(world.member_officer) if t.key.startswith("answer_query")]
        assert len(tasks) == 1
        (task,) = tasks
        assert task.title == f"Giải trình tiêu chí I.1 theo đề nghị của {world.leader_unit.name}"
        assert task.url == f"/cum/{world.cluster.pk}/nam/2026/tu-cham/{world.member_unit.pk}/#q-{query.pk}"
        html = dashboard(world.member_officer)
        assert f'href="{task.url}"' in html and "Giải trình tiêu chí I.1" in html
        # the link lands on the thread: the self-assessment page carries its anchor
        client = Client()
        client.force_login(world.member_officer)
        assert f'id="q-{query.pk}"' in client.get(task.url.split("#")[0]).content.decode()

    def test_answered_it_is_no_longer_the_units_task_and_a_follow_up_asks_again(self, world):
        cross_scoring(world)
        query = ask(world)
        services.score_query_reply(actor=world.member_officer, query=query, text="Đã bổ sung Kế hoạch số 12/KH-SNgV.")
        # the reply now awaits the scorer: not a task for the unit
        assert not [k for k in keys(world.member_officer) if k.startswith("answer_query")]
        assert "Giải trình" not in dashboard(world.member_officer)
        services.score_query_reply(actor=world.leader_officer, query=query, text="Đề nghị gửi kèm bản chụp.")
        assert [k for k in keys(world.member_officer) if k.startswith("answer_query")] == [f"answer_query:{query.pk}"]

    def test_only_the_unit_asked_sees_it(self, world):
        cross_scoring(world)
        ask(world)
        for user in (world.leader_officer, world.deputy_officer, world.outside_officer, world.organizer_officer):
            assert not [k for k in keys(user) if k.startswith("answer_query")]

    def test_one_task_per_pending_request(self, world):
        cross_scoring(world)
        first, second = ask(world), ask(world, "Đề nghị làm rõ số đoàn.", code="I.2")
        found = [t.key for t in unit_tasks(world.member_officer) if t.key.startswith("answer_query")]
        assert found == [f"answer_query:{first.pk}", f"answer_query:{second.pk}"]


class TestCrossSheetsDone:
    def test_a_unit_that_sent_all_its_cross_sheets_is_not_told_to_score(self, world):
        cross_scoring(world)
        submit_cross(world, world.leader_unit, world.member_unit, FULL)
        submit_cross(world, world.deputy_unit, world.member_unit, FULL)
        assert keys(world.member_officer) == [] and keys(world.member_head) == []
        html = dashboard(world.member_officer)
        assert "Chấm chéo" not in html and "Hiện không có việc nào đang chờ đơn vị." in html
        assert "Chấm chéo" in dashboard(world.leader_officer)  # the others have not


class TestReminders:
    @pytest.fixture(autouse=True)
    def _on_commit(self, django_capture_on_commit_callbacks):
        # reminders are queued after commit (core.mail.queue_mail): run the callbacks
        self.on_commit = django_capture_on_commit_callbacks

    def run(self, day: str) -> str:
        out = StringIO()
        with self.on_commit(execute=True):
            call_command("send_deadline_reminders", f"--date={day}", stdout=out)
        # the leader's own reminder to issue the conference plan is cycle's, not the point here
        mail.outbox[:] = [m for m in mail.outbox if "kế hoạch tổ chức hội nghị" not in m.subject]
        return out.getvalue()

    def test_a_pending_request_is_reminded_before_the_deadline_and_not_once_answered(self, world):
        cross_scoring(world)
        ClusterYear.objects.filter(pk=world.cluster_year.pk).update(deadlines={"cross_scoring": "2026-11-20"})
        world.cluster_year.refresh_from_db()
        for unit in (world.leader_unit, world.deputy_unit, world.member_unit):
            for scored in (world.leader_unit, world.deputy_unit, world.member_unit):
                if scored != unit:
                    submit_cross(world, scored, unit, FULL)
        query = ask(world)
        self.run("2026-11-17")
        assert [m.to for m in mail.outbox] == [[world.member_officer.email]]
        assert "Giải trình tiêu chí I.1" in mail.outbox[0].subject
        assert f"#q-{query.pk}" in mail.outbox[0].body
        mail.outbox.clear()
        services.score_query_reply(actor=world.member_officer, query=query, text="Đã bổ sung.")
        mail.outbox.clear()  # the scorer is told of the reply (notifications), not the point here
        self.run("2026-11-17")
        assert mail.outbox == []  # done: neither shown nor reminded

    def test_units_that_sent_their_sheets_are_not_reminded(self, world):
        cross_scoring(world)
        ClusterYear.objects.filter(pk=world.cluster_year.pk).update(deadlines={"cross_scoring": "2026-11-20"})
        world.cluster_year.refresh_from_db()
        submit_cross(world, world.leader_unit, world.member_unit, FULL)
        submit_cross(world, world.deputy_unit, world.member_unit, FULL)
        self.run("2026-11-17")
        reminded = sorted(m.to[0] for m in mail.outbox)
        assert world.member_officer.email not in reminded
        assert reminded == sorted([world.leader_officer.email, world.deputy_officer.email])

"""Dashboard tasks are wrong (issue 9): during the live conference a head's phone said
"nothing to do" while check-in sat far down the conference page; after voting there was no
way on to the next poll; the leader at the ranking phase was not prompted to prepare the
conference. The conference's tasks now come from what each unit has and has not done
(voting/tasks.py), for whoever may cast the unit's ballot, and the ballot leads on."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from tests.factories import UserFactory
from thidua.cycle.tasks import unit_tasks, year_tasks
from thidua.org.models import ClusterYear, Phase
from thidua.voting import delegates, services
from thidua.voting.models import Conference

from .conftest import build_electorate

pytestmark = pytest.mark.django_db
NOTHING = "Hiện không có việc nào đang chờ"


def keys(user) -> list[str]:
    return [t.key for t in unit_tasks(user)]


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def tasks_html(user) -> str:
    html = client_of(user).get("/").content.decode()
    start = html.index('id="tasks-heading"')
    return html[start : html.index("</section>", start)]


def code_of(e) -> str:
    return Conference.objects.get(cluster_year=e.cluster_year).checkin_code


@pytest.fixture
def e(db):
    """Four member units at the live conference, nobody checked in yet."""
    return build_electorate(4)


class TestConferenceDay:
    def test_a_head_is_told_to_check_in_first(self, e):
        head = e.heads[2]
        assert keys(head)[0] == "checkin"
        (task,) = [t for t in unit_tasks(head) if t.key == "checkin"]
        assert task.title == "Điểm danh tại hội nghị tổng kết năm 2026" and task.urgent
        assert task.url == f"/cum/{e.cluster.pk}/nam/2026/hoi-nghi/#my-turn"
        html = tasks_html(head)
        assert "Điểm danh tại hội nghị" in html and NOTHING not in html
        services.checkin(actor=head, cluster_year=e.cluster_year, unit=e.units[2], code=code_of(e))
        assert "checkin" not in keys(head)

    def test_each_open_poll_awaiting_the_unit_is_a_vote_task_until_cast_or_closed(self, e):
        e.check_in()
        first = e.poll(title="Suy tôn Cờ thi đua của Chính phủ", method="approval", max_choices=1)
        second = e.poll(title="Bầu Cụm trưởng năm 2027", method="single")
        head = e.heads[2]
        assert keys(head)[:2] == [f"vote:{first.pk}", f"vote:{second.pk}"]  # first in the list, in the polls' order
        task = unit_tasks(head)[0]
        assert task.title == "Bỏ phiếu ngay: Suy tôn Cờ thi đua của Chính phủ"
        assert task.url == f"/bieu-quyet/{first.pk}/bo-phieu/"
        html = tasks_html(head)
        assert "Bỏ phiếu ngay: Suy tôn Cờ thi đua của Chính phủ" in html and NOTHING not in html
        e.cast(first, 2, choices=[e.units[0].pk])
        assert [k for k in keys(head) if k.startswith("vote")] == [f"vote:{second.pk}"]
        assert [k for k in keys(e.heads[3]) if k.startswith("vote")] == [f"vote:{first.pk}", f"vote:{second.pk}"]
        e.close(second)  # closed without the unit's ballot: nothing stale
        assert not [k for k in keys(head) if k.startswith("vote")]

    def test_a_unit_not_on_the_roll_has_no_ballot_task_nor_a_paper_poll(self, e):
        e.check_in(e.units[:3])
        e.poll(title="Bầu Cụm trưởng năm 2027", method="single")
        e.poll(title="Biểu quyết bằng phiếu giấy", method="single", mode="paper")
        late = e.heads[3]
        services.checkin(actor=late, cluster_year=e.cluster_year, unit=e.units[3], code=code_of(e))
        assert not [k for k in keys(late) if k.startswith("vote")]
        assert [t.title for t in unit_tasks(e.heads[2]) if t.key.startswith("vote")] == ["Bỏ phiếu ngay: Bầu Cụm trưởng năm 2027"]

    def test_the_named_delegate_votes_and_the_head_is_not_told_to(self, e):
        unit = e.units[2]
        delegate = UserFactory(username="daibieu", unit=unit, is_delegate=True, full_name="Nguyễn Thị Hoa")
        delegates.delegate_set(actor=e.heads[2], cluster_year=e.cluster_year, unit=unit, user=delegate, full_name="Nguyễn Thị Hoa",
                               position="Phó Giám đốc", authorisation="Giấy ủy quyền số 5/GUQ-SNgV")  # fmt: skip
        assert keys(delegate) == ["checkin"]  # a delegate's own tasks: not the unit's paperwork
        e.check_in()
        poll = e.poll(title="Bầu Cụm trưởng năm 2027", method="single")
        assert keys(delegate) == [f"vote:{poll.pk}"]
        assert "Việc của bạn" in tasks_html(delegate)
        assert not [k for k in keys(e.heads[2]) if k.startswith("vote")]
        assert not [k for k in keys(e.officers[2]) if k.startswith("vote")]

    def test_a_delegate_its_unit_did_not_name_has_nothing(self, e):
        e.check_in()
        e.poll(title="Bầu Cụm trưởng năm 2027", method="single")
        stranger = UserFactory(unit=e.units[2], is_delegate=True)
        assert keys(stranger) == []
        assert "Hiện không có việc nào đang chờ bạn." in tasks_html(stranger)

    def test_whether_a_unit_voted_is_shown_to_that_unit_only(self, e):
        e.check_in()
        poll = e.poll(title="Bầu Cụm trưởng năm 2027", method="single")
        e.cast(poll, 2, choices=[e.units[1].pk])
        tasks = year_tasks(e.cluster_year)
        for unit, found in tasks.items():
            for task in found:
                assert task.unit_id == unit
                if task.people is not None:  # a person's task goes to the unit's own voters only
                    assert {u.unit_id for u in (e.heads + e.officers) if u.pk in task.people} <= {unit}
        for user in (e.heads[3], e.officers[3], e.officers[0], e.organizer_officer):
            html = tasks_html(user) if user.unit_id else client_of(user).get("/").content.decode()
            assert e.units[2].name not in html
        # nothing in a task names a choice
        assert all(e.units[1].name not in t.title and "?" not in t.url for ts in tasks.values() for t in ts)

    def test_the_conference_page_puts_check_in_and_vote_now_first(self, e):
        e.check_in(e.units[:2])
        html = client_of(e.heads[2]).get(f"/cum/{e.cluster.pk}/nam/2026/hoi-nghi/").content.decode()
        assert 'id="my-turn"' in html and 'id="checkin-code"' in html
        assert html.index('id="my-turn"') < html.index('id="details-heading"')
        response = client_of(e.heads[2]).post(f"/cum/{e.cluster.pk}/nam/2026/hoi-nghi/diem-danh/",
                                              {"unit": e.units[2].pk, "code": code_of(e)})  # fmt: skip
        assert response.status_code == 302
        poll = e.poll(title="Bầu Cụm trưởng năm 2027", method="single")
        html = client_of(e.heads[2]).get(f"/cum/{e.cluster.pk}/nam/2026/hoi-nghi/").content.decode()
        assert 'id="checkin-code"' not in html
        assert f'href="/bieu-quyet/{poll.pk}/bo-phieu/"' in html and "Bỏ phiếu ngay: Bầu Cụm trưởng năm 2027" in html
        assert html.index('id="my-turn"') < html.index('id="details-heading"')
        # the officer (who does not vote) gets no such box; a unit not on the roll only its check-in
        assert 'id="my-turn"' not in client_of(e.officers[2]).get(f"/cum/{e.cluster.pk}/nam/2026/hoi-nghi/").content.decode()
        late = client_of(e.heads[3]).get(f"/cum/{e.cluster.pk}/nam/2026/hoi-nghi/").content.decode()
        assert 'id="checkin-code"' in late and "Bỏ phiếu ngay" not in late  # not on the poll's roll


class TestTheWayOn:
    def cast_page(self, e, poll, voter=2):
        return client_of(e.heads[voter]).post(f"/bieu-quyet/{poll.pk}/bo-phieu/", {"step": "cast", "choice": [e.units[0].pk]})

    def test_the_receipt_leads_to_the_next_open_poll_then_back_to_the_conference(self, e):
        e.check_in()
        first = e.poll(title="Bầu Cụm trưởng năm 2027", method="single")
        second = e.poll(title="Bầu Cụm phó năm 2027", method="single")
        html = self.cast_page(e, first).content.decode()
        assert 'id="receipt"' in html
        assert "Phiếu tiếp theo: Bầu Cụm phó năm 2027" in html and f'href="/bieu-quyet/{second.pk}/bo-phieu/"' in html
        html = self.cast_page(e, second).content.decode()
        assert "Phiếu tiếp theo" not in html
        assert "Bạn đã bỏ phiếu tất cả các phiếu đang mở." in html
        assert f'href="/cum/{e.cluster.pk}/nam/2026/hoi-nghi/"' in html

    def test_a_second_attempt_also_leads_on(self, e):
        e.check_in()
        first = e.poll(title="Bầu Cụm trưởng năm 2027", method="single")
        second = e.poll(title="Bầu Cụm phó năm 2027", method="single")
        e.cast(first, 2, choices=[e.units[0].pk])
        html = client_of(e.heads[2]).get(f"/bieu-quyet/{first.pk}/bo-phieu/").content.decode()
        assert "Đơn vị của bạn đã bỏ phiếu" in html and f'href="/bieu-quyet/{second.pk}/bo-phieu/"' in html

    def test_the_next_poll_is_one_the_person_may_vote_in(self, e):
        e.check_in(e.units[:3])
        first = e.poll(title="Bầu Cụm trưởng năm 2027", method="single")
        e.check_in(e.units[3:])
        e.poll(title="Biểu quyết bằng phiếu giấy", method="single", mode="paper")
        html = self.cast_page(e, first).content.decode()
        assert "Phiếu tiếp theo" not in html and "Bạn đã bỏ phiếu tất cả các phiếu đang mở." in html


class TestLeaderPreparesTheConference:
    @pytest.fixture
    def ranking(self, db):
        return build_electorate(4, phase=Phase.RANKING)

    def test_the_leader_is_prompted_until_the_conference_is_prepared(self, ranking):
        e = ranking
        prep = ["conference_details", "prepare_polls"]
        assert [k for k in keys(e.officers[0]) if k in [*prep, "conference_invitation"]] == prep
        assert [k for k in keys(e.heads[0]) if k in prep] == prep
        assert not [k for k in keys(e.officers[2]) if k in [*prep, "conference_invitation"]]
        (details,) = [t for t in unit_tasks(e.officers[0]) if t.key == "conference_details"]
        assert details.title == "Ấn định ngày, địa điểm hội nghị tổng kết năm 2026"
        assert details.url == f"/cum/{e.cluster.pk}/nam/2026/hoi-nghi/?sua=1#edit-conference"
        services.conference_update(actor=e.officers[0], cluster_year=e.cluster_year,
                                   data={"date": dt.date(2026, 12, 18), "place": "Thành phố Vinh, tỉnh Nghệ An"})  # fmt: skip
        assert [k for k in keys(e.officers[0]) if k in [*prep, "conference_invitation"]] == ["conference_invitation", "prepare_polls"]
        services.conference_document_issue(actor=e.officers[0], cluster_year=e.cluster_year, kind="invitation")
        e.poll(title="Bầu Cụm trưởng năm 2027", method="single", open_it=False)
        assert not [k for k in keys(e.officers[0]) if k in [*prep, "conference_invitation"]]

    def test_the_leader_is_reminded_before_the_ranking_deadline_and_not_once_prepared(self, ranking, django_capture_on_commit_callbacks):
        e = ranking
        ClusterYear.objects.filter(pk=e.cluster_year.pk).update(deadlines={"ranking": "2026-12-10"})
        with django_capture_on_commit_callbacks(execute=True):  # mail leaves after commit
            call_command("send_deadline_reminders", "--date=2026-12-07", stdout=StringIO())
        subjects = sorted((m.to[0], m.subject) for m in mail.outbox)
        assert (e.officers[0].email, "[ThiDua] Nhắc việc: Ấn định ngày, địa điểm hội nghị tổng kết năm 2026 — hạn 10/12/2026") in subjects
        assert {to for to, _s in subjects} == {e.officers[0].email, e.heads[0].email}
        mail.outbox.clear()
        services.conference_update(actor=e.officers[0], cluster_year=e.cluster_year,
                                   data={"date": dt.date(2026, 12, 18), "place": "Thành phố Vinh, tỉnh Nghệ An"})  # fmt: skip
        services.conference_document_issue(actor=e.officers[0], cluster_year=e.cluster_year, kind="invitation")
        e.poll(title="Bầu Cụm trưởng năm 2027", method="single", open_it=False)
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_deadline_reminders", "--date=2026-12-08", "--days=2", stdout=StringIO())
        assert not [m for m in mail.outbox if "hội nghị tổng kết" in m.subject and "kế hoạch" not in m.subject]

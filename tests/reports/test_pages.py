"""The report and mid-year pages: what each person sees and may do, the refusals with a
clear message, the documents of every version (drafts marked DỰ THẢO), the difference page,
the dashboard tasks of the comment round, and the year's navigation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.cycle.conftest import set_phase
from thidua.cycle.tasks import unit_tasks
from thidua.org.models import Phase
from thidua.reports import services
from thidua.reports.models import MidYearReview, ReportComment

pytestmark = pytest.mark.django_db


def page(world, name="reports_report", *args):
    return reverse(name, args=[world.cluster.pk, 2026, *args])


def circulate(world):
    set_phase(world, Phase.RANKING)
    services.report_start(actor=world.leader_officer, cluster_year=world.cluster_year)
    services.report_circulate(actor=world.leader_officer, cluster_year=world.cluster_year,
                              comments_until=timezone.localdate() + dt.timedelta(5))  # fmt: skip


def test_the_drafter_starts_edits_and_sees_the_circulate_button(world, client_for):
    set_phase(world, Phase.IN_PROGRESS)
    client = client_for(world.leader_officer)
    assert "Lập dự thảo từ số liệu của năm" in client.get(page(world)).content.decode()
    assert client.post(page(world, "reports_start")).status_code == 302
    html = client.get(page(world)).content.decode()
    assert "Gửi xin ý kiến" in html and "Sửa dự thảo" in html and 'id="section-dac-diem"' in html
    answer = client.post(page(world, "reports_edit"), {"section-kien-nghi": "Kiến nghị mới", "note": "Bổ sung"})
    assert answer.status_code == 302
    assert "Kiến nghị mới" in client.get(page(world)).content.decode()


def test_a_member_comments_through_the_page_and_sees_who_has_not(world, client_for):
    circulate(world)
    client = client_for(world.member_officer)
    html = client.get(page(world)).content.decode()
    assert 'id="comment-form"' in html and "Tiếp thu" not in html
    assert "Sở Ngoại vụ tỉnh Hà Tĩnh" in html.split('id="not-commented"')[1].split("</div>")[0]
    assert client.post(page(world, "reports_comment"), {"section": "", "text": "Nhất trí."}).status_code == 302
    html = client.get(page(world)).content.decode()
    assert "Nhất trí." in html and "Sở Ngoại vụ tỉnh Hà Tĩnh" not in html.split('id="not-commented"')[1].split("</div>")[0]


def test_refusals_are_said_on_the_page_and_write_nothing(world, client_for):
    set_phase(world, Phase.RANKING)
    services.report_start(actor=world.leader_officer, cluster_year=world.cluster_year)
    answer = client_for(world.member_officer).post(page(world, "reports_comment"), {"section": "", "text": "Góp ý"})
    assert answer.status_code == 409 and "không trong thời gian lấy ý kiến" in answer.content.decode()
    circulate_answer = client_for(world.leader_officer).post(page(world, "reports_circulate"), {"comments_until": "31/12/2026"})
    assert circulate_answer.status_code == 400 and "Hạn góp ý không hợp lệ" in circulate_answer.content.decode()
    assert not ReportComment.objects.exists()


def test_a_member_may_not_answer_a_comment(world, client_for):
    circulate(world)
    c = services.report_comment(actor=world.member_officer, cluster_year=world.cluster_year, section="", text="Góp ý")
    answer = client_for(world.member_officer).post(page(world, "reports_answer", c.pk), {"state": "accepted"})
    assert answer.status_code == 403
    c.refresh_from_db()
    assert c.state == "open"
    answer = client_for(world.leader_officer).post(page(world, "reports_answer", c.pk), {"state": "accepted", "reply": "Cảm ơn"})
    assert answer.status_code == 302
    c.refresh_from_db()
    assert c.state == "accepted"


def test_documents_of_each_version_and_the_letter(world, client_for):
    circulate(world)
    client = client_for(world.member_head)
    preview = client.get(page(world, "reports_version_document", 1, "xem-truoc")).content.decode()
    assert "DỰ THẢO" in preview and "BÁO CÁO" in preview and "KẾT QUẢ THỰC HIỆN PHONG TRÀO THI ĐUA" in preview
    docx = client.get(page(world, "reports_version_document", 1, "docx"))
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxmlformats")
    letter = client.get(page(world, "reports_letter_document", "xem-truoc")).content.decode()
    assert "V/v góp ý dự thảo Báo cáo tổng kết" in letter and (timezone.localdate() + dt.timedelta(5)).strftime("%d/%m/%Y") in letter
    assert client.get(page(world, "reports_version_document", 9, "docx")).status_code == 404
    assert client.get(page(world, "reports_version_document", 1, "odt")).status_code == 404


def test_the_difference_page(world, client_for):
    circulate(world)
    services.report_save(actor=world.leader_officer, cluster_year=world.cluster_year, sections={"kien-nghi": "Lập kênh thông tin chung."})
    html = client_for(world.member_officer).get(page(world, "reports_diff") + "?tu=1&den=2").content.decode()
    assert 'class="td-diff-ins"><span class="visually-hidden">Thêm: </span>Lập kênh thông tin chung.' in html
    assert client_for(world.member_officer).get(page(world, "reports_diff") + "?tu=1&den=1").status_code == 200


def test_the_comment_round_on_the_dashboard(world):
    circulate(world)
    tasks = unit_tasks(world.member_officer)
    assert any(t.key == "report_comment" for t in tasks)
    assert not any(t.key == "report_comment" for t in unit_tasks(world.leader_officer))  # the drafter is not asked
    services.report_comment(actor=world.member_officer, cluster_year=world.cluster_year, section="", text="Góp ý")
    assert not any(t.key == "report_comment" for t in unit_tasks(world.member_officer))
    assert any(t.key == "report_answer" for t in unit_tasks(world.leader_officer))


def test_the_mid_year_page_records_and_refuses_bad_input(world, client_for):
    set_phase(world, Phase.IN_PROGRESS)
    form = {"date": "2026-07-15", "place": "Vinh", "host": str(world.deputy_unit.pk), "present": [str(world.leader_unit.pk)],
            "content": "Đánh giá 6 tháng", "conclusions": ""}  # fmt: skip
    bad = client_for(world.deputy_officer).post(page(world, "reports_mid_year"), {**form, "date": "", "content": ""})
    assert bad.status_code == 400 and "Ngày họp phải là một ngày trong năm 2026" in bad.content.decode()
    assert not MidYearReview.objects.exists()
    assert client_for(world.member_officer).post(page(world, "reports_mid_year"), form).status_code == 403
    assert client_for(world.deputy_officer).post(page(world, "reports_mid_year"), form).status_code == 302
    html = client_for(world.member_head).get(page(world, "reports_mid_year")).content.decode()
    assert "15/07/2026" in html and "Vinh" in html
    assert "SƠ KẾT" in client_for(world.member_head).get(page(world, "reports_mid_year_document", "xem-truoc")).content.decode().upper()


def test_the_members_who_have_not_commented_are_reminded_before_the_rounds_deadline(world, django_capture_on_commit_callbacks):
    """The round's deadline is the report's own (not one of the year's phase deadlines): the
    daily reminders still find it, tell the members who have not commented, and not those
    who have."""
    from thidua.cycle.reminders import send_deadline_reminders
    from thidua.notifications.models import Kind, Notification

    circulate(world)  # comments until today + 5
    services.report_comment(actor=world.deputy_officer, cluster_year=world.cluster_year, section="", text="Góp ý")
    with django_capture_on_commit_callbacks(execute=True):
        send_deadline_reminders(today=timezone.localdate() + dt.timedelta(2), days=3)
    told = set(Notification.objects.filter(kind=Kind.TASK_DUE).values_list("recipient__unit_id", flat=True))
    assert world.member_unit.pk in told
    assert world.deputy_unit.pk not in told  # has commented
    drafter = [n.title for n in Notification.objects.filter(kind=Kind.TASK_DUE, recipient__unit_id=world.leader_unit.pk)]
    assert drafter and all("Xử lý 1 ý kiến góp ý" in title for title in drafter)  # the drafter: answer, not comment


def test_the_minutes_name_the_adopted_report(world, client_for):
    """The conference minutes say which version of the summary report the conference adopted
    (and say nothing of a report before it is adopted)."""
    circulate(world)
    services.report_save(actor=world.leader_officer, cluster_year=world.cluster_year, sections={"kien-nghi": "Mới"})
    set_phase(world, Phase.CONFERENCE)
    minutes = reverse("voting_minutes_preview", args=[world.cluster.pk, 2026])
    html = client_for(world.leader_officer).get(minutes).content.decode()
    assert "thông qua Báo cáo tổng kết" not in html
    services.report_adopt(actor=world.leader_officer, cluster_year=world.cluster_year, number=2)
    html = client_for(world.leader_officer).get(minutes).content.decode()
    assert "Hội nghị đã thông qua Báo cáo tổng kết công tác thi đua, khen thưởng năm 2026" in html
    assert "dự thảo lần 2" in html and world.leader_unit.name in html


def test_the_leader_is_asked_to_draft_the_report_once_the_ranking_is_there(world):
    """Without any assignment (the leader drafts itself, the default) the leader unit still
    sees the task on its dashboard from the ranking on, due by the conference's deadline;
    not earlier in the year's work, and nobody else."""
    from thidua.org.models import ClusterYear

    ClusterYear.objects.filter(pk=world.cluster_year.pk).update(deadlines={"conference": "2026-12-20"})
    world.cluster_year.refresh_from_db()
    set_phase(world, Phase.IN_PROGRESS)
    assert not any(t.key == "report_draft" for t in unit_tasks(world.leader_officer))
    set_phase(world, Phase.RANKING)
    drafting = [t for t in unit_tasks(world.leader_officer) if t.key == "report_draft"]
    assert len(drafting) == 1 and drafting[0].due == dt.date(2026, 12, 20)
    assert not any(t.key == "report_draft" for t in unit_tasks(world.deputy_officer) + unit_tasks(world.member_officer))
    services.report_start(actor=world.leader_officer, cluster_year=world.cluster_year)
    assert not any(t.key == "report_draft" for t in unit_tasks(world.leader_officer))

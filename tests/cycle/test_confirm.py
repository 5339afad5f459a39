"""Irreversible acts of the year's pages ask first (thidua.core.confirm, decision 0012): a
POST without `confirmed=1` changes nothing and answers the confirmation page, which says
what will happen and posts the same fields again; with it, the act happens. The form
carries the modal's words (data-confirm) for confirm.js."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.scoring.helpers import FULL, open_self_assessment
from thidua.core.models import AuditEvent
from thidua.cycle import services
from thidua.cycle.models import ConferencePlan, CovenantSignature, Launch
from thidua.org.models import ClusterYear, Phase
from thidua.scoring import services as scoring_services
from thidua.scoring.models import ScoreSheet

from .conftest import covenant_phase, set_phase

pytestmark = pytest.mark.django_db


def url(name, world, *args):
    return reverse(name, args=[world.cluster.pk, 2026, *args])


def phase_of(world) -> str:
    return ClusterYear.objects.get(pk=world.cluster_year.pk).phase


def hidden(html: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    form = html[html.index('<div class="td-confirm-page'):]  # the confirmation's own form (not the footer's)
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form[: form.index("</form>")]):
        if name != "csrfmiddlewaretoken":
            found.setdefault(name, []).append(value)
    return found


class TestPhase:
    def test_moving_on_unconfirmed_changes_nothing_and_says_what_will_happen(self, world, client_for):
        set_phase(world, Phase.IN_PROGRESS)
        from tests.scoring.helpers import make_table

        make_table(world)
        events = AuditEvent.objects.count()
        client = client_for(world.leader_head)
        response = client.post(url("cycle_phase", world), {"phase": Phase.SELF_ASSESSMENT})
        html = response.content.decode()
        assert response.status_code == 200 and phase_of(world) == Phase.IN_PROGRESS and AuditEvent.objects.count() == events
        assert "Chuyển năm 2026 sang giai đoạn “Tự chấm điểm”?" in html
        assert "từ giai đoạn “Triển khai thực hiện” sang “Tự chấm điểm”" in html
        assert "Bảng tiêu chí chấm điểm bị khóa" in html and "sửa bảng tiêu chí chấm điểm" in html  # ended, from the rules
        assert "Bắt đầu được: tự chấm điểm" in html
        assert hidden(html) == {"phase": [Phase.SELF_ASSESSMENT], "confirmed": ["1"]}
        assert client.post(url("cycle_phase", world), hidden(html)).status_code == 302
        assert phase_of(world) == Phase.SELF_ASSESSMENT

    def test_moving_back_carries_the_reason_through_the_confirmation(self, world, client_for):
        set_phase(world, Phase.COVENANT)
        client = client_for(world.organizer_officer)
        response = client.post(url("cycle_phase", world), {"phase": Phase.LAUNCHED, "reason": "Phát động lại"})
        html = response.content.decode()
        assert response.status_code == 200 and phase_of(world) == Phase.COVENANT
        assert "Đưa năm 2026 về giai đoạn “Phát động”?" in html and "btn-danger" in html
        assert hidden(html) == {"phase": [Phase.LAUNCHED], "reason": ["Phát động lại"], "confirmed": ["1"]}
        assert client.post(url("cycle_phase", world), hidden(html)).status_code == 302
        assert phase_of(world) == Phase.LAUNCHED
        assert AuditEvent.objects.filter(action="cluster_year.set_phase").latest("id").reason == "Phát động lại"

    def test_a_stranger_is_refused_before_any_confirmation(self, world, client_for):
        response = client_for(world.member_officer).post(url("cycle_phase", world), {"phase": Phase.LAUNCHED})
        assert response.status_code == 403 and phase_of(world) == Phase.PREPARING

    def test_the_button_carries_the_modal_words(self, world, client_for):
        html = client_for(world.leader_officer).get(url("cluster_year_detail", world)).content.decode()
        form = re.search(r"<form[^>]*data-confirm=[^>]*>", html)
        assert form and 'data-confirm="Cụm thi đua số 1 năm 2026 sẽ chuyển từ giai đoạn “Chuẩn bị” sang “Phát động”."' in form.group(0)
        assert 'data-confirm-button="Chuyển sang “Phát động”"' in form.group(0) and 'data-confirm-cancel="Huỷ"' in form.group(0)
        assert "core/confirm.js" in html


class TestCycleActs:
    def test_publishing_the_launch(self, world, client_for):
        Launch.objects.create(cluster_year=world.cluster_year, title="Phong trào", goals="Mục tiêu", items=["Một"])
        client = client_for(world.leader_officer)
        html = client.post(url("cycle_launch_publish", world)).content.decode()
        assert "Công bố nội dung phát động thi đua năm 2026?" in html and "Năm thi đua chuyển sang giai đoạn “Phát động”." in html
        assert not Launch.objects.get().is_published and phase_of(world) == Phase.PREPARING
        assert client.post(url("cycle_launch_publish", world), {"confirmed": "1"}).status_code == 302
        assert Launch.objects.get().is_published

    def test_signing_the_covenant(self, world, client_for):
        covenant_phase(world)
        client = client_for(world.member_head)
        response = client.post(url("cycle_covenant_sign", world))
        html = response.content.decode()
        assert response.status_code == 200 and not CovenantSignature.objects.exists()
        assert "Sở Ngoại vụ tỉnh Hà Tĩnh ký giao ước thi đua năm 2026" in html and "Chữ ký không rút lại được" in html
        page = client.get(url("cycle_covenant", world)).content.decode()
        assert 'data-confirm="Sở Ngoại vụ tỉnh Hà Tĩnh ký giao ước thi đua năm 2026' in page
        assert client.post(url("cycle_covenant_sign", world), {"confirmed": "1"}).status_code == 302
        assert CovenantSignature.objects.get().unit == world.member_unit

    def test_numbering_the_covenant(self, world, client_for):
        covenant_phase(world)
        for unit in (world.leader_unit, world.deputy_unit, world.member_unit):
            services.covenant_sign(actor=UserFactory(unit=unit, is_unit_head=True), cluster_year=world.cluster_year, unit=unit)
        client = client_for(world.leader_officer)
        html = client.post(url("cycle_covenant_number", world)).content.decode()
        assert "Cấp số cho giao ước thi đua năm 2026?" in html and "không thu hồi" in html
        assert "Số 01/" not in client.get(url("cycle_covenant", world)).content.decode()
        assert client.post(url("cycle_covenant_number", world), {"confirmed": "1"}).status_code == 302
        assert f"Số 01/GƯTĐ-{world.leader_unit.symbol}" in client.get(url("cycle_covenant", world)).content.decode()

    def test_issuing_the_plan_keeps_the_typed_fields(self, world, client_for):
        set_phase(world, Phase.IN_PROGRESS)
        client = client_for(world.leader_officer)
        data = {"date": "23/11/2026", "conference_date": "16/12/2026", "signer": "Nguyễn Văn A"}
        html = client.post(url("cycle_plan", world), data).content.decode()
        assert "Ban hành kế hoạch tổ chức hội nghị tổng kết năm 2026?" in html and not ConferencePlan.objects.exists()
        fields = hidden(html)
        assert fields["date"] == ["23/11/2026"] and fields["signer"] == ["Nguyễn Văn A"] and fields["confirmed"] == ["1"]
        assert client.post(url("cycle_plan", world), fields).status_code == 302
        assert ConferencePlan.objects.get().issued_document.number == 1

    def test_invalid_plan_input_is_refused_before_asking(self, world, client_for):
        set_phase(world, Phase.IN_PROGRESS)
        response = client_for(world.leader_officer).post(url("cycle_plan", world), {"date": "31/02/2026"})
        assert response.status_code == 400 and "<h1 class=\"h4\">Ban hành kế hoạch" not in response.content.decode()
        assert not ConferencePlan.objects.exists()


class TestSubmittingSheets:
    def test_self_assessment_submission_asks_then_freezes(self, world, client_for):
        open_self_assessment(world)
        scoring_services.self_sheet_save(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit, entries=FULL)
        client = client_for(world.member_officer)
        page = client.get(url("scoring_self", world, world.member_unit.pk)).content.decode()
        assert 'data-confirm="Bảng tự chấm điểm của Sở Ngoại vụ tỉnh Hà Tĩnh được nộp' in page
        html = client.post(url("scoring_self_submit", world, world.member_unit.pk)).content.decode()
        assert "Nộp bảng tự chấm điểm năm 2026?" in html and "được khóa lại" in html
        assert not ScoreSheet.objects.get(unit=world.member_unit).is_submitted
        # confirmed; the criteria that require evidence have none: warned, still not submitted
        html = client.post(url("scoring_self_submit", world, world.member_unit.pk), {"confirmed": "1"}).content.decode()
        assert "Vẫn nộp" in html and not ScoreSheet.objects.get(unit=world.member_unit).is_submitted
        response = client.post(url("scoring_self_submit", world, world.member_unit.pk), {"confirm_missing_evidence": "1"})
        assert response.status_code == 302
        assert ScoreSheet.objects.get(unit=world.member_unit).is_submitted

    def test_a_unit_that_may_not_submit_is_refused_not_asked(self, world, client_for):
        open_self_assessment(world)
        response = client_for(world.leader_officer).post(url("scoring_self_submit", world, world.member_unit.pk))
        assert response.status_code == 403 and not ScoreSheet.objects.filter(status=ScoreSheet.Status.SUBMITTED).exists()


"""The year's pages: what each shows to whom, what its forms save or refuse (and that a
refusal saves nothing). Who may open what is in tests/matrix/test_cycle_matrix.py."""

import datetime as dt

import pytest
from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.cycle import services
from thidua.cycle.models import ConferencePlan, Covenant, CovenantSignature, Launch, Registration
from thidua.org.models import ClusterYear, Phase

from .conftest import ITEMS, covenant_phase, published_launch, set_deadlines, set_phase

pytestmark = pytest.mark.django_db


def url(name, world, year=2026):
    return reverse(name, args=[world.cluster.pk, year])


def page(client, address, status=200) -> str:
    response = client.get(address)
    assert response.status_code == status, response.content.decode()[:3000]
    return response.content.decode()


def phase_of(world) -> str:
    return ClusterYear.objects.get(pk=world.cluster_year.pk).phase


class TestWorkspace:
    def test_stepper_deadlines_sections_and_members(self, world, client_for):
        set_phase(world, Phase.COVENANT)
        set_deadlines(world, launched=dt.date(2026, 1, 31), covenant=dt.date(2026, 2, 28))
        html = page(client_for(world.member_officer), url("cluster_year_detail", world))
        assert "Cụm thi đua số 1 — năm 2026" in html
        assert "Đang ở bước 3/10: <strong>Ký giao ước</strong> · hạn 28/02/2026" in html
        assert "31/01/2026" in html and html.count("td-step-done") == 2
        for title in ("Phát động thi đua", "Đăng ký thi đua", "Giao ước thi đua", "Quy định của năm", "Kế hoạch hội nghị tổng kết"):
            assert title in html
        assert "0/3 đơn vị đã đăng ký" in html and "Sở Ngoại vụ tỉnh Hà Tĩnh" in html
        assert "Việc của Sở Ngoại vụ tỉnh Hà Tĩnh" in html and "Đăng ký thi đua năm 2026" in html
        assert "Chuyển sang giai đoạn" not in html and "Đưa về giai đoạn trước" not in html

    def test_the_leader_moves_on_the_organizer_also_back(self, world, client_for):
        html = page(client_for(world.leader_officer), url("cluster_year_detail", world))
        assert "Chuyển sang giai đoạn “Phát động”" in html and "Đưa về giai đoạn trước" not in html
        set_phase(world, Phase.LAUNCHED)
        html = page(client_for(world.organizer_officer), url("cluster_year_detail", world))
        assert "Chuyển sang giai đoạn “Ký giao ước”" in html and "Đưa về giai đoạn trước" in html

    def test_moving_on_through_the_page(self, world, client_for):
        response = client_for(world.leader_head).post(url("cycle_phase", world), {"confirmed": "1", "phase": Phase.LAUNCHED})
        assert response.status_code == 302 and response["Location"] == url("cluster_year_detail", world)
        assert phase_of(world) == Phase.LAUNCHED

    def test_entering_the_covenant_without_a_published_launch_is_refused_with_409(self, world, client_for):
        set_phase(world, Phase.LAUNCHED)
        response = client_for(world.leader_head).post(url("cycle_phase", world), {"confirmed": "1", "phase": Phase.COVENANT})
        assert response.status_code == 409
        assert "nội dung phát động thi đua chưa được công bố" in response.content.decode()
        assert phase_of(world) == Phase.LAUNCHED

    def test_moving_back_needs_a_reason(self, world, client_for):
        set_phase(world, Phase.IN_PROGRESS)
        client = client_for(world.organizer_officer)
        response = client.post(url("cycle_phase", world), {"confirmed": "1", "phase": Phase.LAUNCHED, "reason": " "})
        assert response.status_code == 400 and "Cần nêu lý do" in response.content.decode()
        assert phase_of(world) == Phase.IN_PROGRESS
        response = client.post(url("cycle_phase", world), {"confirmed": "1", "phase": Phase.LAUNCHED, "reason": "Phát động lại"})
        assert response.status_code == 302 and phase_of(world) == Phase.LAUNCHED
        assert AuditEvent.objects.get(action="cluster_year.set_phase").reason == "Phát động lại"

    def test_the_leader_may_not_move_back(self, world, client_for):
        set_phase(world, Phase.IN_PROGRESS)
        response = client_for(world.leader_head).post(url("cycle_phase", world), {"confirmed": "1", "phase": Phase.LAUNCHED, "reason": "x"})
        assert response.status_code == 403 and phase_of(world) == Phase.IN_PROGRESS

    def test_the_cluster_page_links_to_the_workspace(self, world, client_for):
        html = page(client_for(world.member_officer), reverse("cluster_detail", args=[world.cluster.pk]))
        assert url("cluster_year_detail", world) in html


class TestLaunchPage:
    def test_the_secretariat_writes_and_the_leader_publishes(self, world, client_for):
        client = client_for(world.leader_officer)
        response = client.post(url("cycle_launch", world), {"title": "Phong trào 2026", "goals": "Mục tiêu", "items": "\n".join(ITEMS)})
        assert response.status_code == 302
        assert Launch.objects.get().items == ITEMS
        html = page(client, url("cycle_launch", world))
        assert "Bản nháp" in html and "Công bố tới các đơn vị thành viên" in html
        assert "chưa công bố" in page(client_for(world.member_officer), url("cycle_launch", world))  # members do not see a draft
        assert client.post(url("cycle_launch_publish", world), {"confirmed": "1"}).status_code == 302
        assert phase_of(world) == Phase.LAUNCHED
        html = page(client_for(world.member_officer), url("cycle_launch", world))
        assert "Phong trào 2026" in html and "xây dựng đơn vị vững mạnh, cơ quan văn hóa" in html and "Đã công bố ngày" in html

    def test_an_empty_launch_is_refused_and_nothing_saved(self, world, client_for):
        response = client_for(world.deputy_officer).post(url("cycle_launch", world), {"title": "", "items": ""})
        assert response.status_code == 400 and "Vui lòng nhập tiêu đề." in response.content.decode()
        assert not Launch.objects.exists()

    def test_the_phase_refusal_is_409(self, world, client_for):
        set_phase(world, Phase.IN_PROGRESS)
        response = client_for(world.leader_officer).post(url("cycle_launch", world), {"title": "x", "items": "y"})
        assert response.status_code == 409 and "Chỉ được soạn nội dung phát động" in response.content.decode()
        assert not Launch.objects.exists()

    def test_publishing_twice_is_409(self, world, client_for):
        published_launch(world)
        set_phase(world, Phase.LAUNCHED)
        response = client_for(world.leader_head).post(url("cycle_launch_publish", world), {"confirmed": "1"})
        assert response.status_code == 409 and "đã được công bố" in response.content.decode()


class TestRegistrationsPage:
    def test_an_officer_registers_and_everyone_sees_who_has_not(self, world, client_for):
        set_phase(world, Phase.LAUNCHED)
        set_deadlines(world, launched=dt.date(2026, 1, 31))
        client = client_for(world.member_officer)
        html = page(client, url("cycle_registrations", world))
        assert "0/3 đơn vị đã đăng ký" in html and "hạn đăng ký 31/01/2026" in html and "Gửi đăng ký" in html
        assert "Tập thể lao động xuất sắc" in html and "Bằng khen của Thủ tướng Chính phủ" in html
        response = client.post(url("cycle_registrations", world),
                               {"titles": ["labour_excellent", "flag_ministry"], "commitments": "Cam kết"})
        assert response.status_code == 302
        registration = Registration.objects.get()
        assert registration.unit == world.member_unit and registration.titles == ["labour_excellent", "flag_ministry"]
        html = page(client_for(world.leader_officer), url("cycle_registrations", world))
        assert "1/3 đơn vị đã đăng ký" in html
        assert "2 đơn vị chưa đăng ký:" in html and "Sở Ngoại vụ tỉnh Thanh Hóa; Sở Ngoại vụ tỉnh Nghệ An" in html
        assert "Tập thể lao động xuất sắc; Cờ thi đua cấp Bộ, ngành, tỉnh" in html

    def test_nothing_chosen_is_refused(self, world, client_for):
        set_phase(world, Phase.LAUNCHED)
        response = client_for(world.member_officer).post(url("cycle_registrations", world), {"titles": [], "commitments": "x"})
        assert response.status_code == 400 and "Cần chọn ít nhất một" in response.content.decode()
        assert not Registration.objects.exists()

    def test_outside_its_phases_the_form_is_replaced_and_a_post_is_409(self, world, client_for):
        client = client_for(world.member_officer)
        html = page(client, url("cycle_registrations", world))
        assert "Gửi đăng ký" not in html and "Chỉ đăng ký thi đua được trong các giai đoạn" in html
        response = client.post(url("cycle_registrations", world), {"titles": ["labour_excellent"]})
        assert response.status_code == 409 and not Registration.objects.exists()

    def test_heads_see_the_overview_without_a_form(self, world, client_for):
        set_phase(world, Phase.LAUNCHED)
        html = page(client_for(world.member_head), url("cycle_registrations", world))
        assert "Tình hình đăng ký" in html and "Gửi đăng ký" not in html
        response = client_for(world.member_head).post(url("cycle_registrations", world), {"titles": ["labour_excellent"]})
        assert response.status_code == 403 and not Registration.objects.exists()


class TestCovenantPage:
    def test_progress_text_and_the_sign_button_for_heads(self, world, client_for):
        covenant_phase(world, text="Các đơn vị cam kết.\n1. Thi đua tốt.")
        set_deadlines(world, covenant=dt.date(2026, 2, 28))
        html = page(client_for(world.member_head), url("cycle_covenant", world))
        assert "0/3 đơn vị đã ký" in html and "Hạn ký: 28/02/2026" in html
        assert "Ký giao ước thay mặt Sở Ngoại vụ tỉnh Hà Tĩnh" in html and "1. Thi đua tốt." in html
        assert "Ký giao ước thay mặt" not in page(client_for(world.member_officer), url("cycle_covenant", world))

    def test_signing_through_the_page(self, world, client_for):
        covenant_phase(world)
        client = client_for(world.member_head)
        assert client.post(url("cycle_covenant_sign", world), {"confirmed": "1"}).status_code == 302
        assert CovenantSignature.objects.get().unit == world.member_unit
        html = page(client, url("cycle_covenant", world))
        assert "1/3 đơn vị đã ký" in html and "Đã ký:" in html and "Ký giao ước thay mặt" not in html
        response = client.post(url("cycle_covenant_sign", world), {"confirmed": "1"})
        assert response.status_code == 409 and "đã ký giao ước" in response.content.decode()
        assert CovenantSignature.objects.count() == 1

    def test_signing_outside_the_phase_is_409(self, world, client_for):
        covenant_phase(world)
        set_phase(world, Phase.IN_PROGRESS)
        response = client_for(world.member_head).post(url("cycle_covenant_sign", world), {"confirmed": "1"})
        assert response.status_code == 409 and not CovenantSignature.objects.exists()

    def test_the_secretariat_edits_the_text_until_the_first_signature(self, world, client_for):
        covenant_phase(world, text="Gốc")
        client = client_for(world.deputy_officer)
        assert "Lưu nội dung" in page(client, url("cycle_covenant", world))
        assert client.post(url("cycle_covenant", world), {"text": "Mới\n2. Hai"}).status_code == 302
        assert Covenant.objects.get().text == "Mới\n2. Hai"
        services.covenant_sign(actor=world.member_head, cluster_year=world.cluster_year, unit=world.member_unit)
        assert "Lưu nội dung" not in page(client, url("cycle_covenant", world))
        response = client.post(url("cycle_covenant", world), {"text": "Sửa muộn"})
        assert response.status_code == 409 and Covenant.objects.get().text == "Mới\n2. Hai"

    def test_numbering_the_frozen_covenant(self, world, client_for):
        from tests.factories import UserFactory

        covenant_phase(world)
        for unit in (world.leader_unit, world.deputy_unit, world.member_unit):
            services.covenant_sign(actor=UserFactory(unit=unit, is_unit_head=True), cluster_year=world.cluster_year, unit=unit)
        client = client_for(world.leader_officer)
        html = page(client, url("cycle_covenant", world))
        assert "Đã khóa" in html and "Cấp số văn bản cho giao ước" in html
        assert client.post(url("cycle_covenant_number", world), {"confirmed": "1"}).status_code == 302
        assert f"Số 01/GƯTĐ-{world.leader_unit.symbol}" in page(client, url("cycle_covenant", world))


class TestSettingsPage:
    def form(self, **overrides) -> dict:
        data = {
            "cross_scoring": "all", "aggregation": "trimmed_mean", "tie_break_2": "professional", "tie_break_3": "penalties",
            "quorum_percent": "66.67",
            "document_symbol": "CTĐ", "covenant_type_code": "GƯTĐ", "quota_flag": "1", "quota_merit": "2",
            "flag_base": "members", "flag_percent": "70", "merit_base": "members", "merit_percent": "50", "merit_strict": "on",
            "leader_base": "members", "leader_percent": "50", "leader_strict": "on", "deputy_base": "members", "deputy_percent": "50",
            "deputy_strict": "on", "deadline_launched": "31/01/2026", "deadline_covenant": "28/02/2026",
        }
        return data | overrides

    def test_the_leader_saves_rules_and_deadlines(self, world, client_for):
        client = client_for(world.leader_officer)
        assert "Lưu quy định" in page(client, url("cycle_settings", world))
        response = client.post(url("cycle_settings", world), self.form())
        assert response.status_code == 302, response.content.decode()[:2000]
        settings = services.year_settings_get(world.cluster_year)
        assert settings.aggregation == "trimmed_mean" and settings.thresholds["merit"]["strict"] is True
        assert ClusterYear.objects.get(pk=world.cluster_year.pk).deadlines == {"launched": "2026-01-31", "covenant": "2026-02-28"}

    def test_bad_input_saves_nothing(self, world, client_for):
        response = client_for(world.leader_officer).post(url("cycle_settings", world), self.form(
            tie_break_3="professional", deadline_covenant="01/01/2026"))  # professional twice
        assert response.status_code == 400
        html = response.content.decode()
        assert "chỉ được chọn một lần" in html
        response = client_for(world.leader_officer).post(url("cycle_settings", world), self.form(deadline_covenant="01/01/2026"))
        assert response.status_code == 400 and "không được trước thời hạn" in response.content.decode()
        assert services.year_settings_get(world.cluster_year).aggregation == "mean"
        assert ClusterYear.objects.get(pk=world.cluster_year.pk).deadlines == {}

    def test_after_self_assessment_the_leader_still_sets_deadlines(self, world, client_for):
        set_phase(world, Phase.SELF_ASSESSMENT)
        client = client_for(world.leader_officer)
        assert "không còn sửa được" in page(client, url("cycle_settings", world))
        response = client.post(url("cycle_settings", world), self.form(deadline_conference="20/12/2026"))
        assert response.status_code == 302
        assert services.year_settings_get(world.cluster_year).aggregation == "mean"  # the disabled fields kept their values
        assert ClusterYear.objects.get(pk=world.cluster_year.pk).deadlines["conference"] == "2026-12-20"

    def test_the_tie_break_is_offered_in_words_and_stored_as_codes(self, world, client_for):
        client = client_for(world.leader_officer)
        html = page(client, url("cycle_settings", world))
        assert "Ít điểm trừ hơn" in html and "Nhiều điểm thưởng hơn" in html and "Bắt buộc minh chứng trước khi gửi" in html
        assert "bắt đầu bằng total" not in html and "professional (" not in html  # no codes to type
        assert '<option value="professional" selected>' in html  # the current order shown as chosen
        response = client.post(url("cycle_settings", world), self.form(tie_break_2="penalties", tie_break_3="bonus", tie_break_4="",
                                                                      evidence_required="on"))
        assert response.status_code == 302
        settings = services.year_settings_get(world.cluster_year)
        assert settings.tie_break == ["total", "penalties", "bonus"] and settings.evidence_required is True
        html = page(client_for(world.member_officer), url("cycle_settings", world))
        assert "Tổng điểm → Ít điểm trừ hơn → Nhiều điểm thưởng hơn" in html

    def test_members_read_the_rules(self, world, client_for):
        html = page(client_for(world.member_officer), url("cycle_settings", world))
        assert "Trung bình cộng" in html and "Lưu quy định" not in html
        response = client_for(world.member_officer).post(url("cycle_settings", world), self.form())
        assert response.status_code == 403


class TestPlanPage:
    def test_the_leader_issues_the_plan(self, world, client_for):
        set_phase(world, Phase.IN_PROGRESS)
        client = client_for(world.leader_officer)
        assert "Cấp số và ban hành" in page(client, url("cycle_plan", world))
        response = client.post(url("cycle_plan", world), {"confirmed": "1", "date": "23/11/2026", "conference_date": "16/12/2026",
                                                          "conference_place": "Thanh Hóa", "signer": "Lê Văn Thử"})
        assert response.status_code == 302
        html = page(client_for(world.member_officer), url("cycle_plan", world))
        assert f"Kế hoạch số 01/KH-{world.leader_unit.symbol} ngày 23/11/2026" in html

    def test_a_bad_date_saves_nothing(self, world, client_for):
        set_phase(world, Phase.IN_PROGRESS)
        response = client_for(world.leader_officer).post(url("cycle_plan", world), {"confirmed": "1", "date": "31/02/2026"})
        assert response.status_code == 400 and not ConferencePlan.objects.exists()


class TestDashboard:
    def test_the_dashboard_lists_the_units_tasks(self, world, client_for):
        set_phase(world, Phase.LAUNCHED)
        set_deadlines(world, launched=dt.date(2026, 1, 31))
        html = page(client_for(world.member_officer), reverse("dashboard"))
        assert "Việc đơn vị cần làm" in html and "Đăng ký thi đua năm 2026" in html and "31/01/2026" in html
        assert url("cycle_registrations", world) in html

    def test_nothing_waiting(self, world, client_for):
        html = page(client_for(world.member_officer), reverse("dashboard"))
        assert "Hiện không có việc nào đang chờ đơn vị." in html
        assert "Việc đơn vị cần làm" not in page(client_for(world.organizer_officer), reverse("dashboard"))

"""The scoring pages: what they show and what their forms save or refuse (400/409 with the
message, nothing saved), evidence upload and download (content check, size limit,
attachment headers, who may), queries, reopening, the ranking and its .xlsx, the unit's
totals. Who may open which page is in tests/matrix/test_scoring_matrix.py."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import ClusterYearFactory, UnitFactory, UserFactory, add_member
from thidua.core.models import AuditEvent
from thidua.cycle.models import YearSettings
from thidua.org.models import Phase
from thidua.scoring import presenters, services
from thidua.scoring.models import CriteriaTable, Evidence, ScoreEntry, ScoreQuery, ScoreSheet

from .helpers import (
    EXE,
    FULL,
    PDF,
    entries,
    make_table,
    media,  # noqa: F401  (fixture)
    office_zip,
    open_self_assessment,
    scored_year,
    set_phase,
    submit_self,
    upload,
)


def url(name, w, *args) -> str:
    return reverse(name, args=[w.cluster.pk, 2026, *args])


def html(response, status=200) -> str:
    assert response.status_code == status, (response.status_code, response.content.decode()[:3000])
    return response.content.decode()


# --- the criteria table -------------------------------------------------------------------------
class TestCriteriaPage:
    def test_empty_year_offers_the_sample_and_the_editor(self, world, client_for):
        page = html(client_for(world.leader_officer).get(url("scoring_criteria", world)))
        assert "Dùng bảng mẫu (100 điểm)" in page and "Soạn bảng mới" in page and "Nhập từ tệp Excel (.xlsx)" in page
        page = html(client_for(world.member_officer).get(url("scoring_criteria", world)))
        assert "Năm thi đua chưa có bảng tiêu chí chấm điểm." in page and "Dùng bảng mẫu" not in page

    def test_sample_then_tree(self, world, client_for):
        client = client_for(world.leader_officer)
        response = client.post(url("scoring_criteria", world), {"action": "sample"})
        assert response.status_code == 302
        page = html(client.get(url("scoring_criteria", world)))
        assert "Đã lập bảng tiêu chí từ bảng mẫu." in page
        assert "Thực hiện nhiệm vụ chuyên môn về đối ngoại" in page and "nhóm điểm trừ" in page
        assert CriteriaTable.objects.get().criteria.count() == 22

    def test_copy_from_last_year_is_offered(self, world, client_for):
        earlier = ClusterYearFactory(cluster=world.cluster, year=2025)
        services.criteria_table_import_sample(actor=world.organizer_officer, cluster_year=earlier)
        client = client_for(world.organizer_officer)
        assert "Chép bảng của năm 2025" in html(client.get(url("scoring_criteria", world)))
        assert client.post(url("scoring_criteria", world), {"action": "copy"}).status_code == 302
        assert CriteriaTable.objects.get(cluster_year=world.cluster_year).copied_from.cluster_year == earlier

    def test_editor_saves_the_tree(self, world, client_for):
        form = {
            "action": "save",
            "g-0-code": "I", "g-0-title": "Chuyên môn", "g-0-max": "20", "g-0-professional": "on",
            "c-0-0-code": "I.1", "c-0-0-title": "Tham mưu", "c-0-0-kind": "points", "c-0-0-max": "12,5", "c-0-0-evidence": "on",
            "c-0-0-guidance": "Có kế hoạch: đủ điểm",
            "c-0-7-code": "", "c-0-7-title": "", "c-0-7-kind": "points", "c-0-7-max": "",  # an empty row is dropped
            "g-3-code": "II", "g-3-title": "Điểm trừ", "g-3-max": "5",
            "c-3-0-code": "II.1", "c-3-0-title": "Chậm báo cáo", "c-3-0-kind": "penalty", "c-3-0-max": "5",
        }  # fmt: skip
        response = client_for(world.leader_head).post(url("scoring_criteria", world), form)
        assert response.status_code == 302, response.content.decode()[:2000]
        table = CriteriaTable.objects.get()
        assert [(c.code, c.max_points, c.evidence, c.guidance) for c in table.criteria.order_by("code")] == [
            ("I.1", Decimal("12.5"), True, "Có kế hoạch: đủ điểm"), ("II.1", Decimal(5), False, ""),
        ]  # fmt: skip
        assert table.groups.get(code="I").professional

    def test_editor_errors_keep_what_was_typed_and_save_nothing(self, world, client_for):
        form = {"action": "save", "g-0-code": "I", "g-0-title": "Chuyên môn", "g-0-max": "10",
                "c-0-0-code": "I.1", "c-0-0-title": "Tham mưu chiến lược", "c-0-0-kind": "points", "c-0-0-max": "15"}  # fmt: skip
        page = html(client_for(world.leader_officer).post(url("scoring_criteria", world), form), 400)
        assert "Chưa lưu được bảng tiêu chí" in page and "vượt điểm tối đa của nhóm" in page
        assert 'value="Tham mưu chiến lược"' in page
        assert not CriteriaTable.objects.exists()

    def test_xlsx_with_a_broken_row_shows_each_row_and_saves_nothing(self, world, client_for):
        make_table(world)
        client = client_for(world.organizer_officer)
        exported = client.get(url("scoring_criteria_export", world))
        assert exported.status_code == 200 and exported["Content-Disposition"].startswith("attachment;")
        workbook = load_workbook(io.BytesIO(exported.content))
        workbook.active["H4"] = 99  # I.3 above its group's max
        workbook.active["E6"] = None  # II.2 without a code
        out = io.BytesIO()
        workbook.save(out)
        response = client.post(url("scoring_criteria", world), {"action": "import", "file": upload("bang.xlsx", out.getvalue())})
        page = html(response, 400)
        assert "không dòng nào được nhập" in page
        assert "<td class=\"bg-transparent td-num\">4</td>" in page and "<td class=\"bg-transparent td-num\">6</td>" in page
        assert CriteriaTable.objects.get().version == 1

    def test_an_exe_renamed_xlsx_is_refused(self, world, client_for):
        page = html(client_for(world.organizer_officer).post(url("scoring_criteria", world),
                                                              {"action": "import", "file": upload("bang.xlsx", EXE)}), 400)  # fmt: skip
        assert "không phải là tệp Excel .xlsx hợp lệ" in page
        assert not CriteriaTable.objects.exists()

    def test_frozen_table_is_read_only(self, world, client_for):
        make_table(world, frozen=True)
        client = client_for(world.organizer_officer)
        page = html(client.get(url("scoring_criteria", world)))
        assert "Đã khóa" in page and "Sửa bảng tiêu chí" not in page
        page = html(client.post(url("scoring_criteria", world), {"action": "sample"}), 409)
        assert "đã được khóa" in page
        assert CriteriaTable.objects.get().source == "edited"

    def test_members_may_not_post(self, world, client_for):
        assert client_for(world.member_officer).post(url("scoring_criteria", world), {"action": "sample"}).status_code == 403
        assert not CriteriaTable.objects.exists()


# --- self-assessment ------------------------------------------------------------------------------
@pytest.mark.usefixtures("media")
class TestSelfAssessmentPages:
    def test_home_lists_the_units_and_leads_to_the_own_sheet(self, world, client_for):
        open_self_assessment(world)
        page = html(client_for(world.member_officer).get(url("scoring_self_home", world)))
        assert "0/3" in page and "Bảng tự chấm của đơn vị tôi" in page
        assert url("scoring_self", world, world.member_unit.pk) in page

    def test_form_saves_with_decimal_commas_and_notes(self, world, client_for):
        open_self_assessment(world)
        table = CriteriaTable.objects.get()
        ids = {c.code: c.pk for c in table.criteria.all()}
        client = client_for(world.member_officer)
        page = html(client.get(url("scoring_self", world, world.member_unit.pk)))
        assert f'name="points-{ids["I.1"]}"' in page and "Lưu nháp" in page and "Tải minh chứng lên" in page
        form = {f"points-{ids['I.1']}": "7,5", f"note-{ids['I.1']}": "Kế hoạch số 12", f"points-{ids['I.3']}": "2"}
        assert client.post(url("scoring_self", world, world.member_unit.pk), form).status_code == 302
        assert set(ScoreEntry.objects.values_list("criterion__code", "points", "note")) == {
            ("I.1", Decimal("7.5"), "Kế hoạch số 12"), ("I.3", Decimal(2), ""),
        }  # fmt: skip
        page = html(client.get(url("scoring_self", world, world.member_unit.pk)))
        assert 'value="7,5"' in page and "9,5" in page  # as typed (a decimal comma); the total

    def test_points_above_the_max_are_shown_and_nothing_saved(self, world, client_for):
        open_self_assessment(world)
        ids = {c.code: c.pk for c in CriteriaTable.objects.get().criteria.all()}
        client = client_for(world.member_officer)
        client.post(url("scoring_self", world, world.member_unit.pk), {f"points-{ids['I.2']}": "3"})
        form = {f"points-{ids['I.1']}": "11", f"points-{ids['III.1']}": "-1", f"points-{ids['I.2']}": "4"}
        page = html(client.post(url("scoring_self", world, world.member_unit.pk), form), 400)
        assert "Điểm của tiêu chí I.1 phải từ 0 đến 10." in page and "Điểm của tiêu chí III.1 phải từ 0 đến 5." in page
        assert 'value="11"' in page and "is-invalid" in page
        assert list(ScoreEntry.objects.values_list("criterion__code", "points")) == [("I.2", Decimal(3))]

    def test_preview_computes_without_saving(self, world, client_for):
        open_self_assessment(world)
        ids = {c.code: c.pk for c in CriteriaTable.objects.get().criteria.all()}
        response = client_for(world.member_officer).post(
            url("scoring_preview", world), {f"points-{ids['I.1']}": "8", f"points-{ids['IV.1']}": "2", f"points-{ids['I.2']}": "99"}
        )
        page = html(response)
        assert "6" in page and "tạm tính" in page and "I.2" in page
        assert not ScoreSheet.objects.exists()

    def test_submit_then_read_only_and_the_scorers_see_it(self, world, client_for):
        open_self_assessment(world)
        services.self_sheet_save(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit, entries=FULL)
        client = client_for(world.member_officer)
        page = html(client.post(url("scoring_self_submit", world, world.member_unit.pk), {"confirmed": "1"}))
        # I.1, I.2 without evidence: warned first, nothing submitted
        assert "2 trong 2 tiêu chí bắt buộc minh chứng chưa có minh chứng" in page and "Vẫn nộp" in page
        response = client.post(url("scoring_self_submit", world, world.member_unit.pk), {"confirm_missing_evidence": "1"})
        assert response.status_code == 302
        page = html(client.get(url("scoring_self", world, world.member_unit.pk)))
        assert "Đã nộp" in page and "Lưu nháp" not in page
        page = html(client.post(url("scoring_self_submit", world, world.member_unit.pk), {"confirmed": "1"}), 409)
        assert "đã được nộp" in page
        page = html(client_for(world.leader_officer).get(url("scoring_self", world, world.member_unit.pk)))
        assert "Mở lại phiếu" in page and "Tham mưu chương trình đối ngoại" in page

    def test_reopen_needs_a_reason(self, world, client_for):
        open_self_assessment(world)
        sheet = submit_self(world, world.member_unit, FULL)
        client = client_for(world.deputy_officer)
        page = html(client.post(url("scoring_reopen", world, sheet.pk), {"reason": " "}), 400)
        assert "Cần nêu lý do" in page
        assert client.post(url("scoring_reopen", world, sheet.pk), {"reason": "Nộp nhầm"}).status_code == 302
        sheet.refresh_from_db()
        assert sheet.status == "draft"
        assert client_for(world.member_officer).post(url("scoring_reopen", world, sheet.pk), {"reason": "x"}).status_code == 403

    def test_out_of_phase_the_form_is_not_offered_and_posting_is_409(self, world, client_for):
        make_table(world, frozen=True)
        set_phase(world.cluster_year, Phase.IN_PROGRESS)
        client = client_for(world.member_officer)
        page = html(client.get(url("scoring_self", world, world.member_unit.pk)))
        assert "Lưu nháp" not in page and "Chỉ chấm và sửa được trong giai đoạn tự chấm điểm." in page
        ids = {c.code: c.pk for c in CriteriaTable.objects.get().criteria.all()}
        page = html(client.post(url("scoring_self", world, world.member_unit.pk), {f"points-{ids['I.1']}": "1"}), 409)
        assert "Chỉ được tự chấm điểm trong giai đoạn" in page
        assert not ScoreEntry.objects.exists()


# --- evidence ---------------------------------------------------------------------------------------
@pytest.mark.usefixtures("media")
class TestEvidencePages:
    def post(self, client, w, name, content, *, htmx=False):
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        return client.post(url("scoring_evidence_upload", w, w.member_unit.pk), {"criterion": "I.1", "file": upload(name, content)},
                           **headers)  # fmt: skip

    def test_upload_and_download_as_an_attachment(self, world, client_for):
        open_self_assessment(world)
        client = client_for(world.member_officer)
        page = html(self.post(client, world, "Kế hoạch <b>.pdf", PDF, htmx=True))
        item = Evidence.objects.get()
        assert "Kế hoạch &lt;b&gt;.pdf" in page and url("scoring_evidence", world, item.pk) in page
        response = client.get(url("scoring_evidence", world, item.pk))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]

    def test_docx_is_served_with_its_type(self, world, client_for):
        open_self_assessment(world)
        client = client_for(world.member_officer)
        assert self.post(client, world, "bao-cao.docx", office_zip("word")).status_code == 302
        response = client.get(url("scoring_evidence", world, Evidence.objects.get().pk))
        assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def test_an_exe_renamed_pdf_is_refused(self, world, client_for):
        open_self_assessment(world)
        client = client_for(world.member_officer)
        page = html(self.post(client, world, "minh-chung.pdf", EXE), 400)
        assert "loại tệp được xác định theo nội dung" in page
        page = html(self.post(client, world, "minh-chung.pdf", EXE, htmx=True), 422)  # a fragment, with the message
        assert "alert-danger" in page and "không phải là PDF" in page
        assert not Evidence.objects.exists()

    def test_an_oversized_upload_is_refused_before_it_is_stored(self, world, client_for, settings):
        settings.SCORING_EVIDENCE_MAX_BYTES = 1024
        open_self_assessment(world)
        page = html(self.post(client_for(world.member_officer), world, "lon.pdf", PDF + b"0" * 200_000), 400)
        assert "vượt quá dung lượng cho phép (1,0" in page
        assert not Evidence.objects.exists()

    def test_upload_is_forbidden_to_another_unit(self, world, client_for):
        open_self_assessment(world)
        assert self.post(client_for(world.leader_officer), world, "a.pdf", PDF).status_code == 403
        assert not Evidence.objects.exists()

    def test_download_rules(self, world, client_for):
        open_self_assessment(world)
        item = services.evidence_upload(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit,
                                        criterion_code="I.1", uploaded=upload("a.pdf", PDF))  # fmt: skip
        target = url("scoring_evidence", world, item.pk)
        # before submission: the unit itself, the secretariat and the organizer
        assert client_for(world.member_head).get(target).status_code == 200
        assert client_for(world.deputy_officer).get(target).status_code == 200
        assert client_for(world.organizer_officer).get(target).status_code == 200
        # outside the cluster: 404; a member that may not: 403
        assert client_for(world.outside_officer).get(target).status_code == 404
        assert client_for(world.other_organizer_officer).get(target).status_code == 404
        assert client_for(world.member_delegate).get(target).status_code == 200  # its own unit's delegate
        # a non-member unit of the same organizer sees the cluster, not the year: 404
        stranger_unit = UnitFactory(managed_by=world.organizer)
        add_member(ClusterYearFactory(cluster=world.cluster, year=2025), stranger_unit)
        stranger = UserFactory(unit=stranger_unit, is_unit_officer=True)
        assert client_for(stranger).get(target).status_code == 404

    def test_scorers_only_see_submitted_files(self, world, client_for):
        open_self_assessment(world)
        item = services.evidence_upload(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit,
                                        criterion_code="I.1", uploaded=upload("a.pdf", PDF))  # fmt: skip
        target = url("scoring_evidence", world, item.pk)
        deputy_head = UserFactory(unit=world.deputy_unit, is_unit_head=True)
        leader_delegate = UserFactory(unit=world.leader_unit, is_delegate=True)
        # the leader unit's head is in the secretariat: yes; a delegate of a scorer unit: no
        assert client_for(world.leader_head).get(target).status_code == 200
        assert client_for(leader_delegate).get(target).status_code == 403
        assert client_for(deputy_head).get(target).status_code == 200  # secretariat (deputy)
        submit_self(world, world.member_unit, FULL)
        assert client_for(leader_delegate).get(target).status_code == 403

    def test_panel_mode_a_member_not_on_the_panel_is_403(self, world, client_for):
        YearSettings.objects.filter(cluster_year=world.cluster_year).update(cross_scoring="panel")
        open_self_assessment(world)
        item = services.evidence_upload(actor=world.deputy_officer, cluster_year=world.cluster_year, unit=world.deputy_unit,
                                        criterion_code="I.1", uploaded=upload("a.pdf", PDF))  # fmt: skip
        submit_self(world, world.deputy_unit, FULL)
        target = url("scoring_evidence", world, item.pk)
        assert client_for(world.member_officer).get(target).status_code == 403
        assert client_for(world.leader_officer).get(target).status_code == 200

    def test_delete(self, world, client_for, django_capture_on_commit_callbacks):
        open_self_assessment(world)
        item = services.evidence_upload(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit,
                                        criterion_code="I.1", uploaded=upload("a.pdf", PDF))  # fmt: skip
        assert client_for(world.leader_officer).post(url("scoring_evidence_delete", world, item.pk)).status_code == 403
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(world.member_officer).post(url("scoring_evidence_delete", world, item.pk), HTTP_HX_REQUEST="true")
        assert response.status_code == 200 and not Evidence.objects.exists()


# --- cross-scoring and queries ----------------------------------------------------------------------
class TestCrossScoringPages:
    def test_home_lists_what_my_unit_scores_and_the_progress(self, world, client_for):
        open_self_assessment(world)
        set_phase(world.cluster_year, Phase.CROSS_SCORING)
        page = html(client_for(world.member_officer).get(url("scoring_cross_home", world)))
        assert "Sở Ngoại vụ tỉnh Hà Tĩnh chấm điểm" in page
        assert url("scoring_cross", world, world.leader_unit.pk) in page and url("scoring_cross", world, world.member_unit.pk) not in page
        assert "Tiến độ: 0/6 phiếu đã nộp" in page

    def test_form_shows_the_self_assessment_beside_and_saves(self, world, client_for):
        open_self_assessment(world)
        submit_self(world, world.leader_unit, [{"criterion": "I.1", "points": "9", "note": "Đã ban hành chương trình"}])
        set_phase(world.cluster_year, Phase.CROSS_SCORING)
        ids = {c.code: c.pk for c in CriteriaTable.objects.get().criteria.all()}
        client = client_for(world.member_officer)
        page = html(client.get(url("scoring_cross", world, world.leader_unit.pk)))
        assert "Đã ban hành chương trình" in page and "Đề nghị giải trình tiêu chí này" in page
        assert client.post(url("scoring_cross", world, world.leader_unit.pk), {f"points-{ids['I.1']}": "8,5"}).status_code == 302
        assert client.post(url("scoring_cross_submit", world, world.leader_unit.pk), {"confirmed": "1"}).status_code == 302
        sheet = ScoreSheet.objects.get(kind="cross")
        assert sheet.status == "submitted" and sheet.scorer == world.member_unit
        page = html(client_for(world.organizer_officer).get(url("scoring_cross_by", world, world.leader_unit.pk, world.member_unit.pk)))
        assert "8,5" in page

    def test_scoring_itself_is_403(self, world, client_for):
        open_self_assessment(world)
        set_phase(world.cluster_year, Phase.CROSS_SCORING)
        page = html(client_for(world.member_officer).get(url("scoring_cross", world, world.member_unit.pk)), 403)
        assert "không được tự chấm chéo" in page

    def test_bad_points_400(self, world, client_for):
        open_self_assessment(world)
        set_phase(world.cluster_year, Phase.CROSS_SCORING)
        ids = {c.code: c.pk for c in CriteriaTable.objects.get().criteria.all()}
        page = html(client_for(world.member_officer).post(url("scoring_cross", world, world.leader_unit.pk),
                                                          {f"points-{ids['I.3']}": "1"}), 400)  # fmt: skip
        assert "chỉ được là 0 hoặc 2" in page
        assert not ScoreSheet.objects.filter(kind="cross").exists()

    def test_query_thread(self, world, client_for):
        open_self_assessment(world)
        submit_self(world, world.member_unit, FULL)
        set_phase(world.cluster_year, Phase.CROSS_SCORING)
        asker = client_for(world.leader_officer)
        ask = {"criterion": "I.2", "text": "Xin văn bản thỏa thuận."}
        response = asker.post(url("scoring_query_ask", world, world.member_unit.pk), ask)
        assert response.status_code == 302
        query = ScoreQuery.objects.get()
        page = html(client_for(world.member_officer).get(url("scoring_self", world, world.member_unit.pk)))
        assert "Xin văn bản thỏa thuận." in page and "chờ giải trình" in page and "Gửi trả lời" in page
        response = client_for(world.member_officer).post(url("scoring_query_reply", world, query.pk), {"text": "Đã ký 3 thỏa thuận."},
                                                         HTTP_HX_REQUEST="true")  # fmt: skip
        assert "Đã ký 3 thỏa thuận." in html(response) and "đã giải trình" in response.content.decode()
        assert client_for(world.deputy_officer).post(url("scoring_query_reply", world, query.pk), {"text": "x"}).status_code == 403
        page = html(asker.post(url("scoring_query_reply", world, query.pk), {"text": " "}), 400)
        assert "Cần nhập nội dung." in page
        assert AuditEvent.objects.filter(action__startswith="score_query").count() == 2


# --- ranking and a unit over the years -------------------------------------------------------------
class TestRankingPages:
    def test_page_chart_and_ties(self, world, client_for):
        totals = {world.leader_unit.pk: {world.deputy_unit.pk: 10, world.member_unit.pk: 6}}
        scored_year(world, totals)
        page = html(client_for(world.member_delegate).get(url("scoring_ranking", world)))
        assert "Biểu đồ tổng điểm" in page and "td-bar-fill" in page and "bằng điểm" in page
        assert "trung bình cộng các phiếu chấm chéo" in page
        assert page.index("Sở Ngoại vụ tỉnh Hà Tĩnh") < page.index("Sở Ngoại vụ tỉnh Thanh Hóa")

    def test_before_the_ranking_phase_409(self, world, client_for):
        set_phase(world.cluster_year, Phase.CROSS_SCORING)
        page = html(client_for(world.organizer_officer).get(url("scoring_ranking", world)), 409)
        assert "Kết quả xếp hạng được công bố từ giai đoạn “Xếp hạng”" in page

    def test_export(self, world, client_for):
        scored_year(world)
        response = client_for(world.organizer_officer).get(url("scoring_ranking_export", world))
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
        sheet = load_workbook(io.BytesIO(response.content)).active
        names = {u.name for u in (world.leader_unit, world.deputy_unit, world.member_unit)}
        assert sheet["A2"].value == "Hạng" and sheet["B3"].value in names
        assert sheet["C3"].value == 23.0

    def test_page_query_count_does_not_grow(self, world, client_for):
        scored_year(world)
        client = client_for(world.organizer_officer)
        with CaptureQueriesContext(connection) as small:
            html(client.get(url("scoring_ranking", world)))
        for _ in range(3):
            add_member(world.cluster_year, UnitFactory(managed_by=world.organizer))
        with CaptureQueriesContext(connection) as large:
            html(client.get(url("scoring_ranking", world)))
        assert len(small.captured_queries) == len(large.captured_queries)

    def test_unit_totals_partial_and_page(self, world, client_for):
        scored_year(world)
        page = html(client_for(world.member_officer).get(reverse("scoring_unit_totals", args=[world.member_unit.pk])))
        assert "<svg" in page and "2026" in page and "1/3" in page
        context = presenters.unit_totals_context(world.other_organizer_officer, world.member_unit)
        assert context["unit_totals"] == []  # Bộ B's officer does not see Bộ A's years
        assert "Chưa có kết quả xếp hạng" in render_to_string("scoring/_unit_totals.html", context)


def test_entries_helper_builds_codes():
    assert entries(I_1=2) == [{"criterion": "I.1", "points": "2", "note": ""}]


def test_pages_in_english(world, client_for):
    from django.utils import translation

    scored_year(world)
    client = client_for(world.organizer_officer)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    try:
        page = html(client.get(url("scoring_ranking", world)))
    finally:
        translation.activate("vi")  # the middleware leaves the thread in English
    assert "Chart of the totals" in page and "Biểu đồ tổng điểm" not in page

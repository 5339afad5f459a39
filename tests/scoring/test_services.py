"""The scoring services and selectors: the criteria table (replace, sample, copy from last
year, .xlsx, freezing with the phase), self-assessment (save, submit, reopen), evidence,
cross-scoring in each mode, queries, and the ranking. Each refusal says why and saves
nothing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.factories import ClusterYearFactory, UnitFactory, UserFactory, add_member
from thidua.core.errors import Conflict, Forbidden, InvalidInput
from thidua.core.models import AuditEvent
from thidua.cycle.models import YearSettings
from thidua.cycle.phase_service import cluster_year_set_phase
from thidua.org.models import Phase, Role
from thidua.scoring import arithmetic, selectors, services, table_io
from thidua.scoring.models import CriteriaTable, Criterion, Evidence, ScoreEntry, ScoreQuery, ScoreSheet, ScoringAssignment

from .conftest import SAMPLE, sheets
from .helpers import (
    EXE,
    FULL,
    JPEG,
    PDF,
    PNG,
    SMALL_TABLE,
    entries,
    make_table,
    media,  # noqa: F401  (fixture)
    office_zip,
    open_self_assessment,
    scored_year,
    set_phase,
    submit_cross,
    submit_self,
    upload,
)


def audit_count(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


# --- the criteria table ------------------------------------------------------------------------
class TestCriteriaTable:
    def test_replace_writes_the_tree_and_an_audit_event(self, world):
        table = make_table(world)
        spec = selectors.table_spec(selectors.table_for(world.cluster_year))
        assert [g.code for g in spec.groups] == ["I", "II", "III", "IV"]
        assert spec.base_max_points == 30 and spec.bonus_max_points == 5 and spec.penalty_max_points == 5
        assert Criterion.objects.get(table=table, code="I.1").guidance == "Có văn bản ban hành: 10 điểm."
        assert audit_count("criteria_table.replace") == 1

    def test_replace_again_bumps_the_version(self, world):
        make_table(world)
        data = {"groups": [SMALL_TABLE["groups"][0]]}
        table = services.criteria_table_replace(actor=world.leader_officer, cluster_year=world.cluster_year, data=data)
        assert table.version == 2 and table.criteria.count() == 3

    def test_sample_imports_the_shared_sample(self, world):
        table = services.criteria_table_import_sample(actor=world.leader_head, cluster_year=world.cluster_year)
        spec = selectors.table_spec(selectors.table_for(world.cluster_year))
        assert spec == table_io.load_sample()
        assert table.source == CriteriaTable.Source.SAMPLE and spec.base_max_points == 100

    def test_copy_from_the_latest_earlier_year_keeps_guidance(self, world):
        make_table(world)
        later = ClusterYearFactory(cluster=world.cluster, year=2027)
        add_member(later, world.leader_unit, Role.LEADER)
        table = services.criteria_table_copy_from_previous(actor=world.organizer_officer, cluster_year=later)
        assert table.copied_from.cluster_year == world.cluster_year
        assert table.criteria.get(code="I.1").guidance == "Có văn bản ban hành: 10 điểm."
        assert selectors.table_spec(selectors.table_for(later)) == selectors.table_spec(selectors.table_for(world.cluster_year))

    def test_copy_without_an_earlier_table_is_409(self, world):
        with pytest.raises(Conflict, match="chưa có bảng tiêu chí"):
            services.criteria_table_copy_from_previous(actor=world.organizer_officer, cluster_year=world.cluster_year)
        assert not CriteriaTable.objects.exists()

    def test_a_bad_table_lists_every_problem_and_saves_nothing(self, world):
        make_table(world)
        bad = {"groups": [{"code": "I", "title": "Nhóm", "max_points": 10, "criteria": [
            {"code": "I.1", "title": "", "kind": "points", "max_points": 20},
            {"code": "I.1", "title": "Trùng", "kind": "diem", "max_points": -1},
        ]}]}  # fmt: skip
        with pytest.raises(table_io.TableImportError) as exc:
            services.criteria_table_replace(actor=world.organizer_officer, cluster_year=world.cluster_year, data=bad)
        assert len(exc.value.row_errors) >= 3
        assert selectors.table_for(world.cluster_year).criteria.count() == 7  # the old table is intact
        assert audit_count("criteria_table.replace") == 1

    @pytest.mark.parametrize("who", ["member_officer", "deputy_officer", "member_head"])
    def test_only_the_leader_unit_or_the_organizer_edit(self, world, who):
        with pytest.raises(Forbidden):
            services.criteria_table_replace(actor=getattr(world, who), cluster_year=world.cluster_year, data=SMALL_TABLE)
        assert not CriteriaTable.objects.exists()

    @pytest.mark.parametrize("phase", [Phase.SELF_ASSESSMENT, Phase.CROSS_SCORING, Phase.RANKING, Phase.CLOSED])
    def test_editing_is_refused_from_self_assessment_on(self, world, phase):
        set_phase(world.cluster_year, phase)
        with pytest.raises(Conflict) as exc:
            services.criteria_table_replace(actor=world.organizer_officer, cluster_year=world.cluster_year, data=SMALL_TABLE)
        assert "Chỉ được sửa bảng tiêu chí chấm điểm trong giai đoạn" in str(exc.value.message)
        assert not CriteriaTable.objects.exists()

    def test_a_frozen_table_never_changes(self, world):
        make_table(world, frozen=True)
        set_phase(world.cluster_year, Phase.IN_PROGRESS)  # moved back by the organizer: still frozen
        for call in (
            lambda: services.criteria_table_replace(actor=world.organizer_officer, cluster_year=world.cluster_year, data=SMALL_TABLE),
            lambda: services.criteria_table_import_sample(actor=world.organizer_officer, cluster_year=world.cluster_year),
        ):
            with pytest.raises(Conflict, match="đã được khóa"):
                call()
        assert selectors.table_for(world.cluster_year).version == 1

    def test_xlsx_round_trip(self, world):
        make_table(world)
        data = services.criteria_table_export_xlsx(world.cluster_year)
        later = ClusterYearFactory(cluster=world.cluster, year=2027)
        services.criteria_table_import_xlsx(actor=world.organizer_officer, cluster_year=later, data=data)
        assert selectors.table_spec(selectors.table_for(later)) == selectors.table_spec(selectors.table_for(world.cluster_year))

    def test_xlsx_with_a_broken_row_is_refused_row_by_row_and_saves_nothing(self, world):
        make_table(world)
        workbook = load_workbook(__import__("io").BytesIO(services.criteria_table_export_xlsx(world.cluster_year)))
        sheet = workbook.active
        sheet["H3"] = "mười"  # I.2's max points
        sheet["G5"] = "không biết"  # II.1's kind
        out = __import__("io").BytesIO()
        workbook.save(out)
        with pytest.raises(table_io.TableImportError) as exc:
            services.criteria_table_import_xlsx(actor=world.organizer_officer, cluster_year=world.cluster_year, data=out.getvalue())
        rows = [row for row, _ in exc.value.row_errors]
        assert 3 in rows and 5 in rows
        assert selectors.table_for(world.cluster_year).version == 1
        assert audit_count("criteria_table.import_xlsx") == 0

    def test_a_renamed_exe_is_not_a_spreadsheet(self, world):
        with pytest.raises(table_io.TableImportError, match="không phải là tệp Excel"):
            services.criteria_table_import_xlsx(actor=world.organizer_officer, cluster_year=world.cluster_year, data=EXE)
        assert not CriteriaTable.objects.exists()


class TestFreezingWithThePhase:
    def test_opening_self_assessment_freezes_the_table(self, world):
        make_table(world)
        set_phase(world.cluster_year, Phase.IN_PROGRESS)
        cluster_year_set_phase(actor=world.organizer_officer, cluster_year=world.cluster_year, phase=Phase.SELF_ASSESSMENT)
        table = selectors.table_for(world.cluster_year)
        assert table.is_frozen
        assert AuditEvent.objects.filter(action="criteria_table.freeze").count() == 1

    def test_without_a_table_the_move_is_refused_and_rolled_back(self, world):
        set_phase(world.cluster_year, Phase.IN_PROGRESS)
        with pytest.raises(Conflict, match="chưa có bảng tiêu chí"):
            cluster_year_set_phase(actor=world.leader_officer, cluster_year=world.cluster_year, phase=Phase.SELF_ASSESSMENT)
        world.cluster_year.refresh_from_db()
        assert world.cluster_year.phase == Phase.IN_PROGRESS
        assert not AuditEvent.objects.filter(action="cluster_year.set_phase").exists()

    def test_moving_back_leaves_it_frozen(self, world):
        make_table(world, frozen=True)
        set_phase(world.cluster_year, Phase.SELF_ASSESSMENT)
        cluster_year_set_phase(actor=world.organizer_officer, cluster_year=world.cluster_year, phase=Phase.IN_PROGRESS, reason="Sửa lịch")
        assert selectors.table_for(world.cluster_year).is_frozen


# --- self-assessment ---------------------------------------------------------------------------------
class TestSelfAssessment:
    def test_save_replaces_the_draft_and_submit_freezes_a_snapshot(self, world):
        open_self_assessment(world)
        unit, officer = world.member_unit, world.member_officer
        services.self_sheet_save(actor=officer, cluster_year=world.cluster_year, unit=unit, entries=entries(I_1=5, I_2="7,5"))
        services.self_sheet_save(actor=officer, cluster_year=world.cluster_year, unit=unit, entries=[
            {"criterion": "I.1", "points": 7.5, "note": "Đã ban hành kế hoạch"}, {"criterion": "IV.1", "points": "1"}])  # fmt: skip
        sheet = ScoreSheet.objects.get(unit=unit, scorer=unit)
        assert {(e.criterion.code, e.points) for e in sheet.entries.all()} == {("I.1", Decimal("7.5")), ("IV.1", Decimal(1))}
        services.self_sheet_submit(actor=officer, cluster_year=world.cluster_year, unit=unit, confirm_missing_evidence=True)
        sheet.refresh_from_db()
        assert sheet.status == "submitted" and sheet.submitted_by == officer
        assert sheet.snapshot["total"] == "6.50"  # 7.5 minus one penalty point
        assert sheet.snapshot["entries"][0] == {"criterion": "I.1", "points": "7.50", "note": "Đã ban hành kế hoạch"}
        assert audit_count("score_sheet.submit") == 1

    @pytest.mark.parametrize(
        ("items", "message"),
        [
            (entries(I_1=11), "từ 0 đến 10"),
            (entries(III_1=-1), "từ 0 đến 5"),  # a negative bonus
            (entries(IV_1=-2), "số dương"),  # a penalty is entered as points lost
            (entries(I_1="7.555"), "tối đa 2 chữ số thập phân"),
            (entries(I_3=1), "chỉ được là 0 hoặc 2"),
            (entries(X_9=1), "Không có tiêu chí mã “X.9”"),
            (entries(I_1="bảy"), "phải là một số"),
            ([{"criterion": "I.1", "points": 1}, {"criterion": "I.1", "points": 2}], "nhập hai lần"),
            ([{"criterion": "I.2", "points": "", "note": "Có giải trình"}], "chưa có điểm"),
        ],
    )
    def test_bad_points_are_400_and_save_nothing(self, world, items, message):
        open_self_assessment(world)
        unit = world.member_unit
        services.self_sheet_save(actor=world.member_officer, cluster_year=world.cluster_year, unit=unit, entries=entries(I_2=3))
        with pytest.raises(InvalidInput) as exc:
            services.self_sheet_save(
                actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit, entries=[*items, *entries(II_1=2)]
            )
        assert message in " ".join(exc.value.errors["entries"])
        assert list(ScoreEntry.objects.values_list("criterion__code", "points")) == [("I.2", Decimal(3))]

    def test_every_problem_is_listed(self, world):
        open_self_assessment(world)
        with pytest.raises(InvalidInput) as exc:
            services.self_sheet_save(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit,
                                     entries=entries(I_1=11, I_2=-1, X_1=1))  # fmt: skip
        assert len(exc.value.errors["entries"]) == 3

    @pytest.mark.parametrize("who", ["member_head", "member_delegate", "leader_officer", "organizer_officer", "admin"])
    def test_only_an_officer_of_the_unit_self_assesses(self, world, who):
        open_self_assessment(world)
        with pytest.raises(Forbidden):
            services.self_sheet_save(actor=getattr(world, who), cluster_year=world.cluster_year, unit=world.member_unit, entries=FULL)
        assert not ScoreSheet.objects.exists()

    @pytest.mark.parametrize("phase", [Phase.IN_PROGRESS, Phase.CROSS_SCORING, Phase.RANKING])
    def test_outside_self_assessment_it_is_409(self, world, phase):
        make_table(world, frozen=True)
        set_phase(world.cluster_year, phase)
        with pytest.raises(Conflict) as exc:
            services.self_sheet_save(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit, entries=FULL)
        assert "Chỉ được tự chấm điểm trong giai đoạn “Tự chấm điểm”" in str(exc.value.message)
        assert not ScoreSheet.objects.exists()

    def test_submitted_sheets_are_409_until_reopened_with_a_reason(self, world):
        open_self_assessment(world)
        sheet = submit_self(world, world.member_unit, FULL)
        with pytest.raises(Conflict, match="đã nộp"):
            services.self_sheet_save(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit, entries=FULL)
        with pytest.raises(Conflict, match="đã được nộp"):
            services.self_sheet_submit(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit,
                                       confirm_missing_evidence=True)
        with pytest.raises(Forbidden):
            services.sheet_reopen(actor=world.member_officer, sheet=sheet, reason="Tự mở")
        with pytest.raises(InvalidInput):
            services.sheet_reopen(actor=world.deputy_officer, sheet=sheet, reason="  ")
        services.sheet_reopen(actor=world.deputy_officer, sheet=sheet, reason="Đơn vị nộp nhầm điểm tiêu chí I.2")
        sheet.refresh_from_db()
        assert sheet.status == "draft" and sheet.reopen_history[0]["reason"] == "Đơn vị nộp nhầm điểm tiêu chí I.2"
        assert sheet.reopen_history[0]["snapshot"]["total"] == "30.00"
        assert AuditEvent.objects.get(action="score_sheet.reopen").reason == "Đơn vị nộp nhầm điểm tiêu chí I.2"
        again = entries(I_1=1)
        services.self_sheet_save(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit, entries=again)

    def test_an_empty_sheet_cannot_be_submitted(self, world):
        open_self_assessment(world)
        with pytest.raises(Conflict, match="chưa có điểm"):
            services.self_sheet_submit(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit,
                                       confirm_missing_evidence=True)


# --- evidence -------------------------------------------------------------------------------------------
@pytest.mark.usefixtures("media")
class TestEvidence:
    @pytest.mark.parametrize(
        ("name", "content", "kind"),
        [("ke-hoach.pdf", PDF, "pdf"), ("anh.png", PNG, "png"), ("anh.JPG", JPEG, "jpeg"),
         ("bao-cao.docx", office_zip("word"), "docx"), ("so-lieu.xlsx", office_zip("xl"), "xlsx"),
         ("khong-duoi", PDF, "pdf")],
    )  # fmt: skip
    def test_accepted_by_content(self, world, settings, name, content, kind):
        media_root = Path(settings.MEDIA_ROOT)
        open_self_assessment(world)
        item = services.evidence_upload(
            actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit, criterion_code="I.1",
            uploaded=upload(name, content),
        )  # fmt: skip
        assert item.file_type == kind and item.original_name == name and item.size == len(content)
        assert item.file.name.startswith("evidence/") and name not in item.file.name
        assert (media_root / item.file.name).read_bytes() == content
        assert len(item.sha256) == 64

    @pytest.mark.parametrize(
        ("name", "content"),
        [("virus.pdf", EXE), ("trang.pdf", b""), ("zip.docx", office_zip("other")), ("html.png", b"<html><script>alert(1)</script>")],
    )
    def test_refused_by_content_whatever_the_name(self, world, settings, name, content):
        media_root = Path(settings.MEDIA_ROOT)
        open_self_assessment(world)
        with pytest.raises(InvalidInput) as exc:
            services.evidence_upload(
                actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit, criterion_code="I.1",
                uploaded=upload(name, content),
            )  # fmt: skip
        assert exc.value.errors["file"]
        assert not Evidence.objects.exists()
        assert not (media_root / "evidence").exists() or not any((media_root / "evidence").rglob("*.*"))

    def test_the_size_limit_is_a_setting(self, world, settings):
        settings.SCORING_EVIDENCE_MAX_BYTES = 100
        open_self_assessment(world)
        with pytest.raises(InvalidInput, match="vượt quá dung lượng cho phép"):
            services.evidence_upload(
                actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit, criterion_code="I.1",
                uploaded=upload("lon.pdf", PDF + b"0" * 200),
            )  # fmt: skip
        assert not Evidence.objects.exists()

    def test_not_after_submission_and_not_by_others(self, world):
        open_self_assessment(world)
        with pytest.raises(Forbidden):
            services.evidence_upload(actor=world.leader_officer, cluster_year=world.cluster_year, unit=world.member_unit,
                                     criterion_code="I.1", uploaded=upload("a.pdf", PDF))  # fmt: skip
        submit_self(world, world.member_unit, FULL)
        with pytest.raises(Conflict):
            services.evidence_upload(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit,
                                     criterion_code="I.1", uploaded=upload("a.pdf", PDF))  # fmt: skip
        assert not Evidence.objects.exists()

    def test_delete_removes_the_file(self, world, settings, django_capture_on_commit_callbacks):
        media_root = Path(settings.MEDIA_ROOT)
        open_self_assessment(world)
        item = services.evidence_upload(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit,
                                        criterion_code="I.2", uploaded=upload("a.pdf", PDF))  # fmt: skip
        path = media_root / item.file.name
        with django_capture_on_commit_callbacks(execute=True):
            services.evidence_delete(actor=world.member_officer, evidence=item)
        assert not Evidence.objects.exists() and not path.exists()

    def test_the_snapshot_lists_the_files(self, world):
        open_self_assessment(world)
        item = services.evidence_upload(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit,
                                        criterion_code="I.2", uploaded=upload("Kế hoạch.pdf", PDF))  # fmt: skip
        sheet = submit_self(world, world.member_unit, FULL)
        assert sheet.snapshot["evidence"] == [
            {"id": item.pk, "criterion": "I.2", "name": "Kế hoạch.pdf", "file_type": "pdf", "size": len(PDF), "sha256": item.sha256}
        ]


# --- cross-scoring -------------------------------------------------------------------------------------------
def in_cross_scoring(world):
    open_self_assessment(world)
    return set_phase(world.cluster_year, Phase.CROSS_SCORING)


def set_rules(world, **fields):
    YearSettings.objects.update_or_create(cluster_year=world.cluster_year, defaults=fields)


class TestCrossScoring:
    def test_all_mode_every_member_scores_every_other_member(self, world):
        got = selectors.assignment_map(world.cluster_year)
        leader, deputy, member = world.leader_unit.pk, world.deputy_unit.pk, world.member_unit.pk
        assert got == {leader: sorted([deputy, member]), deputy: sorted([leader, member]), member: sorted([leader, deputy])}

    def test_panel_mode_leader_and_deputies_score_everyone_but_themselves(self, world):
        set_rules(world, cross_scoring="panel")
        got = selectors.assignment_map(world.cluster_year)
        assert got[world.member_unit.pk] == sorted([world.leader_unit.pk, world.deputy_unit.pk])
        assert got[world.leader_unit.pk] == [world.deputy_unit.pk]
        assert got[world.deputy_unit.pk] == [world.leader_unit.pk]

    def test_matrix_mode_uses_the_explicit_pairs(self, world):
        set_rules(world, cross_scoring="matrix")
        services.scoring_assignments_set(actor=world.leader_officer, cluster_year=world.cluster_year,
                                         pairs=[(world.member_unit.pk, world.leader_unit.pk)])  # fmt: skip
        got = selectors.assignment_map(world.cluster_year)
        assert got == {world.leader_unit.pk: [world.member_unit.pk], world.deputy_unit.pk: [], world.member_unit.pk: []}

    def test_matrix_refuses_a_unit_scoring_itself_and_saves_nothing(self, world):
        with pytest.raises(InvalidInput, match="không được tự chấm chéo"):
            services.scoring_assignments_set(actor=world.organizer_officer, cluster_year=world.cluster_year,
                                             pairs=[(world.member_unit.pk, world.member_unit.pk)])  # fmt: skip
        with pytest.raises(InvalidInput, match="không phải là thành viên"):
            services.scoring_assignments_set(actor=world.organizer_officer, cluster_year=world.cluster_year,
                                             pairs=[(world.outside_unit.pk, world.member_unit.pk)])  # fmt: skip
        assert not ScoringAssignment.objects.exists()

    def test_matrix_is_fixed_once_cross_scoring_opens(self, world):
        set_phase(world.cluster_year, Phase.CROSS_SCORING)
        with pytest.raises(Conflict):
            services.scoring_assignments_set(actor=world.organizer_officer, cluster_year=world.cluster_year, pairs=[])
        with pytest.raises(Forbidden):
            set_phase(world.cluster_year, Phase.IN_PROGRESS)
            services.scoring_assignments_set(actor=world.member_officer, cluster_year=world.cluster_year, pairs=[])

    def test_never_a_unit_scoring_itself(self, world):
        in_cross_scoring(world)
        with pytest.raises(Forbidden, match="không được tự chấm chéo"):
            services.cross_sheet_save(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit,
                                      scorer=world.member_unit, entries=FULL)  # fmt: skip
        assert not ScoreSheet.objects.filter(kind="cross").exists()

    def test_not_assigned_is_403(self, world):
        in_cross_scoring(world)
        set_rules(world, cross_scoring="panel")
        with pytest.raises(Forbidden, match="không được phân công"):
            services.cross_sheet_save(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.leader_unit,
                                      scorer=world.member_unit, entries=FULL)  # fmt: skip
        assert not ScoreSheet.objects.filter(kind="cross").exists()

    def test_only_an_officer_of_the_scorer_unit(self, world):
        in_cross_scoring(world)
        for who in (world.member_head, world.organizer_officer, world.deputy_officer):
            with pytest.raises(Forbidden):
                services.cross_sheet_save(actor=who, cluster_year=world.cluster_year, unit=world.leader_unit,
                                          scorer=world.member_unit, entries=FULL)  # fmt: skip

    def test_save_submit_and_the_phase(self, world):
        open_self_assessment(world)
        with pytest.raises(Conflict, match="Chỉ được chấm chéo trong giai đoạn “Chấm chéo”"):
            services.cross_sheet_save(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.leader_unit,
                                      scorer=world.member_unit, entries=FULL)  # fmt: skip
        set_phase(world.cluster_year, Phase.CROSS_SCORING)
        sheet = submit_cross(world, world.leader_unit, world.member_unit, entries(I_1="9.25", IV_1=1))
        assert sheet.kind == "cross" and sheet.snapshot["total"] == "8.25"
        set_phase(world.cluster_year, Phase.RANKING)
        with pytest.raises(Conflict):
            services.sheet_reopen(actor=world.organizer_officer, sheet=sheet, reason="Sai")

    def test_panel_adjusted_gives_one_panel_sheet_per_unit(self, world):
        set_rules(world, aggregation="panel_adjusted")
        got = selectors.assignment_map(world.cluster_year)
        assert got[world.member_unit.pk] == [world.leader_unit.pk]
        assert got[world.leader_unit.pk] == [world.deputy_unit.pk]  # never itself
        in_cross_scoring(world)
        sheet = submit_cross(world, world.member_unit, world.leader_unit, entries(I_1=4))
        assert sheet.kind == "panel"


class TestQueries:
    def test_ask_answer_and_follow_up(self, world):
        open_self_assessment(world)
        submit_self(world, world.member_unit, FULL)
        set_phase(world.cluster_year, Phase.CROSS_SCORING)
        query = services.score_query_ask(actor=world.leader_officer, cluster_year=world.cluster_year, unit=world.member_unit,
                                         scorer=world.leader_unit, criterion_code="I.1", text="Đề nghị gửi văn bản ban hành.")  # fmt: skip
        services.score_query_reply(actor=world.member_officer, query=query, text="Đã bổ sung Kế hoạch số 12/KH-SNgV.")
        query.refresh_from_db()
        assert query.answered
        services.score_query_reply(actor=world.leader_officer, query=query, text="Cảm ơn, đề nghị gửi thêm báo cáo.")
        query.refresh_from_db()
        assert not query.answered and query.replies.count() == 2
        with pytest.raises(Forbidden):
            services.score_query_reply(actor=world.member_delegate, query=query, text="x")

    def test_refusals(self, world):
        open_self_assessment(world)
        set_phase(world.cluster_year, Phase.CROSS_SCORING)
        with pytest.raises(Conflict, match="chưa nộp bảng tự chấm"):
            services.score_query_ask(actor=world.leader_officer, cluster_year=world.cluster_year, unit=world.member_unit,
                                     scorer=world.leader_unit, criterion_code="I.1", text="?")  # fmt: skip
        with pytest.raises(Forbidden):
            services.score_query_ask(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit,
                                     scorer=world.member_unit, criterion_code="I.1", text="?")  # fmt: skip
        assert not ScoreQuery.objects.exists()


# --- the ranking ---------------------------------------------------------------------------------------------------
class TestRanking:
    def test_totals_groups_self_total_and_spread(self, world):
        # leader scored 10 and 6 on I.1, deputy 9 and 9, member 7 and 8.
        totals = {world.leader_unit.pk: {world.deputy_unit.pk: 10, world.member_unit.pk: 6},
                  world.member_unit.pk: {world.leader_unit.pk: 7, world.deputy_unit.pk: 8}}  # fmt: skip
        scored_year(world, totals)
        result = selectors.ranking(world.cluster_year)
        by_unit = {line.unit.pk: line for line in result.lines}
        assert [line.unit for line in result.lines] == [world.deputy_unit, world.leader_unit, world.member_unit]
        leader = by_unit[world.leader_unit.pk]
        assert leader.total == Decimal(22) and leader.spread == Decimal(4) and leader.scorers == 2
        assert leader.self_total == Decimal(30)
        assert leader.groups == {"I": Decimal(16), "II": Decimal(6), "III": Decimal(0), "IV": Decimal(0)}
        assert by_unit[world.member_unit.pk].total == Decimal("21.5") and by_unit[world.member_unit.pk].rank == 3

    def test_ties_share_a_rank_after_the_tie_break(self, world):
        scored_year(world)  # everyone gets 9 + 8 + 6 = 23 from both scorers
        result = selectors.ranking(world.cluster_year)
        assert [line.rank for line in result.lines] == [1, 1, 1]
        assert all(line.tied for line in result.lines)

    def test_the_tie_break_professional_then_penalties(self, world):
        open_self_assessment(world)
        for unit in (world.leader_unit, world.deputy_unit, world.member_unit):
            submit_self(world, unit, FULL)
        set_phase(world.cluster_year, Phase.CROSS_SCORING)
        # Same total 20 for all: leader 18 professional + 2; deputy 16 + 4; member 18 + 3 - 1 penalty.
        sheets = {
            world.leader_unit: entries(I_1=10, I_2=8, II_1=2),
            world.deputy_unit: entries(I_1=10, I_2=6, II_1=4),
            world.member_unit: entries(I_1=10, I_2=8, II_1=3, IV_1=1),
        }
        for unit, items in sheets.items():
            for scorer in sheets:
                if scorer != unit:
                    submit_cross(world, unit, scorer, items)
        set_phase(world.cluster_year, Phase.RANKING)
        result = selectors.ranking(world.cluster_year)
        assert [(line.unit, line.rank, line.tied) for line in result.lines] == [
            (world.leader_unit, 1, False), (world.member_unit, 2, False), (world.deputy_unit, 3, False),
        ]  # fmt: skip
        set_rules(world, tie_break=["total"])  # without tie-break rules the three tie
        assert [line.rank for line in selectors.ranking(world.cluster_year).lines] == [1, 1, 1]

    def test_trimmed_mean_and_median(self, world):
        extra = UnitFactory(managed_by=world.organizer)
        add_member(world.cluster_year, extra, Role.MEMBER)
        officer = UserFactory(unit=extra, is_unit_officer=True)
        open_self_assessment(world)
        set_phase(world.cluster_year, Phase.CROSS_SCORING)
        for scorer, user, i1 in ((world.deputy_unit, world.deputy_officer, 10), (world.member_unit, world.member_officer, 1),
                                 (extra, officer, 4)):  # fmt: skip
            services.cross_sheet_save(actor=user, cluster_year=world.cluster_year, unit=world.leader_unit, scorer=scorer,
                                      entries=entries(I_1=i1))  # fmt: skip
            services.cross_sheet_submit(actor=user, cluster_year=world.cluster_year, unit=world.leader_unit, scorer=scorer)
        set_phase(world.cluster_year, Phase.RANKING)
        expected = {"mean": Decimal(5), "trimmed_mean": Decimal(4), "median": Decimal(4)}
        for mode, total in expected.items():
            set_rules(world, aggregation=mode)
            line = next(ln for ln in selectors.ranking(world.cluster_year).lines if ln.unit == world.leader_unit)
            assert line.total == total and line.spread == Decimal(9), mode
        assert next(ln for ln in selectors.ranking(world.cluster_year).lines if ln.unit == extra).rank is None

    def test_panel_adjusted_uses_the_panel_sheet(self, world):
        set_rules(world, aggregation="panel_adjusted")
        open_self_assessment(world)
        submit_self(world, world.member_unit, FULL)
        set_phase(world.cluster_year, Phase.CROSS_SCORING)
        submit_cross(world, world.member_unit, world.leader_unit, [*FULL[:1], *entries(I_2=3)])
        set_phase(world.cluster_year, Phase.RANKING)
        line = next(ln for ln in selectors.ranking(world.cluster_year).lines if ln.unit == world.member_unit)
        assert line.total == Decimal(13) and line.self_total == Decimal(30) and line.scorers == 1

    def test_drafts_do_not_count(self, world):
        in_cross_scoring(world)
        services.cross_sheet_save(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.leader_unit,
                                  scorer=world.member_unit, entries=FULL)  # fmt: skip
        assert all(line.rank is None for line in selectors.ranking(world.cluster_year).lines)

    @staticmethod
    def _year_with(world, n_units: int, n_criteria: int, year: int):
        """A year with n units, each scored by all others, on a table of n criteria: built
        directly in the database (the ranking only reads)."""
        from thidua.scoring.models import CriteriaTable, CriterionGroup

        cy = ClusterYearFactory(cluster=world.cluster, year=year, phase=Phase.RANKING)
        members = [UnitFactory(managed_by=world.organizer) for _ in range(n_units)]
        for i, unit in enumerate(members):
            add_member(cy, unit, Role.LEADER if i == 0 else Role.MEMBER)
        table = CriteriaTable.objects.create(cluster_year=cy)
        group = CriterionGroup.objects.create(table=table, code="I", title="Nhóm", max_points=1000, professional=True)
        criteria = Criterion.objects.bulk_create(
            Criterion(table=table, group=group, code=f"I.{k}", title="T", max_points=10, order=k) for k in range(n_criteria)
        )
        for unit in members:
            for scorer in members:
                kind = "self" if scorer == unit else "cross"
                sheet = ScoreSheet.objects.create(cluster_year=cy, table=table, unit=unit, scorer=scorer, kind=kind, status="submitted",
                                                  submitted_at="2026-11-20T10:00:00+07:00")  # fmt: skip
                ScoreEntry.objects.bulk_create(
                    ScoreEntry(sheet=sheet, criterion=c, points=(unit.pk + scorer.pk + c.order) % 10) for c in criteria
                )
        return cy

    def test_query_count_does_not_grow_with_units_criteria_or_scorers(self, world):
        small = self._year_with(world, 3, 4, 2030)
        large = self._year_with(world, 12, 15, 2031)
        counts = []
        for cy in (small, large):
            with CaptureQueriesContext(connection) as ctx:
                result = selectors.ranking(cy)
            assert all(line.rank is not None for line in result.lines)
            counts.append(len(ctx.captured_queries))
        assert counts[0] == counts[1], counts


class TestUnitTotals:
    def test_totals_over_the_years(self, world):
        scored_year(world)
        totals = selectors.unit_totals_over_years(world.member_unit)
        assert [(t.year, t.total, t.rank, t.of) for t in totals] == [(2026, Decimal(23), 1, 3)]
        assert selectors.unit_totals_over_years(world.member_unit, cluster_year_ids=[]) == []

    def test_years_before_the_ranking_are_left_out(self, world):
        in_cross_scoring(world)
        assert selectors.unit_totals_over_years(world.member_unit) == []

    def test_a_units_totals_are_its_line_of_the_ranking(self, world):
        # read from the ranking's numbers without building every member's line: the same figures
        cy = scored_year(world, {world.deputy_unit.pk: {world.leader_unit.pk: 2, world.member_unit.pk: 3}})
        ranking = selectors.ranking(cy)
        for line in ranking.lines:
            (total,) = selectors.unit_totals_in(line.unit, [cy])
            assert (total.rank, total.total, total.self_total, total.of, total.max_points, total.unit) == (
                line.rank, line.total, line.self_total, len(ranking.ranked), ranking.max_points, line.unit)

    def test_a_successor_shows_its_best_ranked_predecessors_year(self, world):
        from thidua.org.models import UnitLineage
        from thidua.org.selectors import unit_all_predecessors

        cy = scored_year(world, {world.deputy_unit.pk: {world.leader_unit.pk: 2, world.member_unit.pk: 3}})
        merged = UnitFactory(name="Sở Ngoại vụ hợp nhất")
        for old in (world.deputy_unit, world.member_unit):  # both were members that year
            UnitLineage.objects.create(predecessor=old, successor=merged)
        best = min((line for line in selectors.ranking(cy).lines if line.unit in (world.deputy_unit, world.member_unit)),
                   key=lambda line: line.rank)
        (total,) = selectors.unit_totals_in(merged, [cy], unit_all_predecessors(merged))
        assert total.unit == best.unit == world.member_unit and total.rank == best.rank
        assert selectors.unit_totals_in(merged, [cy]) == []  # without its lineage: not a member that year


# --- the ranking works from each sheet's group values ---------------------------------------------------
@settings(max_examples=150, deadline=None)
@given(
    cross=st.lists(sheets(), min_size=1, max_size=7),
    own=sheets(),
    mode=st.sampled_from(["mean", "trimmed_mean", "median", "panel_adjusted"]),
)
def test_group_values_give_the_same_unit_score_as_the_entries(cross, own, mode):
    """selectors.group_table: scoring the group values frozen in the snapshots gives the
    unit exactly the score its full sheets give (totals, groups, tie-break figures)."""
    reduced_table = selectors.group_table(SAMPLE)

    def groups(sheet):
        return arithmetic.sheet_group_values(SAMPLE, sheet)

    full = arithmetic.unit_score(SAMPLE, 7, cross, mode, self_sheet=own, panel_sheet=cross[0])
    reduced = arithmetic.unit_score(reduced_table, 7, [groups(s) for s in cross], mode, self_sheet=groups(own),
                                    panel_sheet=groups(cross[0]))  # fmt: skip
    assert reduced == full


def test_the_ranking_reads_entries_of_sheets_without_a_snapshot(world):
    """Sheets written directly (imported, the bench) have no group values frozen: the
    ranking computes them from their entries, and gets the same result."""
    scored_year(world, {world.member_unit.pk: {world.leader_unit.pk: "9.5"}})
    first = [(ln.unit.pk, ln.rank, ln.total, ln.groups, ln.self_total) for ln in selectors.ranking(world.cluster_year).lines]
    for sheet in ScoreSheet.objects.all():
        sheet.snapshot = {"imported": True}
        sheet.save()  # also a new cache key
    again = [(ln.unit.pk, ln.rank, ln.total, ln.groups, ln.self_total) for ln in selectors.ranking(world.cluster_year).lines]
    assert again == first

"""Scoring: the year's criteria table (bảng tiêu chí), score sheets (self-assessment and
cross-scoring), their evidence files, cross-scoring assignments and query threads
(đề nghị giải trình). Fields and database invariants only; every write goes through
services/, every number is checked by arithmetic.py."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from thidua.core.choices import ChoiceLabels
from thidua.org.models import ClusterYear, Unit

from . import arithmetic
from .evidence import EXTENSIONS

POINTS = {"max_digits": 6, "decimal_places": 2}


class CriteriaTable(ChoiceLabels, models.Model):
    """The scoring table of one cluster-year. Edited before self-assessment opens, then
    frozen (`frozen_at`) for good: score entries point at its criteria."""

    class Source(models.TextChoices):
        SAMPLE = "sample", _("Bảng mẫu")
        PREVIOUS = "previous", _("Chép từ năm trước")
        XLSX = "xlsx", _("Nhập từ tệp Excel")
        EDITED = "edited", _("Soạn trực tiếp")

    cluster_year = models.OneToOneField(ClusterYear, on_delete=models.PROTECT, related_name="criteria_table", verbose_name=_("năm thi đua"))
    source = models.CharField(_("nguồn"), max_length=20, choices=Source.choices, default=Source.EDITED)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", verbose_name=_("chép từ bảng")
    )
    version = models.PositiveIntegerField(_("lần sửa"), default=1)
    frozen_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bảng tiêu chí chấm điểm")
        verbose_name_plural = _("bảng tiêu chí chấm điểm")

    def __str__(self) -> str:
        return f"Bảng tiêu chí — {self.cluster_year}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class CriterionGroup(models.Model):
    """A group of criteria; its max_points caps the sum of its criteria on a sheet."""

    table = models.ForeignKey(CriteriaTable, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(_("mã nhóm"), max_length=20)
    title = models.CharField(_("tên nhóm"), max_length=500)
    max_points = models.DecimalField(_("điểm tối đa"), **POINTS)
    professional = models.BooleanField(_("nhiệm vụ chuyên môn"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["table_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["table", "code"], name="criterion_group_unique_code"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_group_max_positive"),
        ]
        verbose_name = _("nhóm tiêu chí")
        verbose_name_plural = _("nhóm tiêu chí")

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Criterion(ChoiceLabels, models.Model):
    class Kind(models.TextChoices):
        POINTS = arithmetic.POINTS, _("Điểm")
        BONUS = arithmetic.BONUS, _("Điểm thưởng")
        PENALTY = arithmetic.PENALTY, _("Điểm trừ")
        PASS_FAIL = arithmetic.PASS_FAIL, _("Đạt / không đạt")

    table = models.ForeignKey(CriteriaTable, on_delete=models.CASCADE, related_name="criteria")
    group = models.ForeignKey(CriterionGroup, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("mã tiêu chí"), max_length=20)
    title = models.CharField(_("tiêu chí"), max_length=1000)
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.POINTS)
    max_points = models.DecimalField(_("điểm tối đa"), **POINTS)
    evidence = models.BooleanField(_("cần minh chứng"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["table_id", "group__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["table", "code"], name="criterion_unique_code"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_max_positive"),
            models.CheckConstraint(condition=Q(kind__in=arithmetic.KINDS), name="criterion_kind_valid"),
        ]
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class ScoreSheet(ChoiceLabels, models.Model):
    """One scorer unit's scores of one unit for a year: its self-assessment (scorer ==
    unit), a cross-scoring sheet, or the panel's adjusted sheet (panel_adjusted mode).
    Submitting freezes a snapshot; the secretariat may reopen it with a reason (kept in
    `reopen_history`)."""

    class Kind(models.TextChoices):
        SELF = "self", _("Tự chấm")
        CROSS = "cross", _("Chấm chéo")
        PANEL = "panel", _("Tổ thẩm định chấm")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã nộp")

    cluster_year = models.ForeignKey(ClusterYear, on_delete=models.PROTECT, related_name="score_sheets")
    table = models.ForeignKey(CriteriaTable, on_delete=models.PROTECT, related_name="sheets")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="received_score_sheets", verbose_name=_("đơn vị được chấm"))
    scorer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="given_score_sheets", verbose_name=_("đơn vị chấm"))
    kind = models.CharField(_("loại phiếu"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # What was submitted, frozen: entries, evidence, totals (see services.entries._snapshot).
    snapshot = models.JSONField(_("bản đã nộp"), null=True, blank=True)
    # [{at, by, by_label, reason, snapshot}] — one item per reopening, oldest first.
    reopen_history = models.JSONField(_("lịch sử mở lại"), default=list, blank=True)

    class Meta:
        ordering = ["cluster_year_id", "unit_id", "kind", "scorer_id"]
        constraints = [
            models.UniqueConstraint(fields=["cluster_year", "unit", "scorer"], name="score_sheet_unique_pair"),
            # Never a unit scoring itself, except its own self-assessment.
            models.CheckConstraint(
                condition=(Q(kind="self") & Q(unit=F("scorer"))) | (~Q(kind="self") & ~Q(unit=F("scorer"))),
                name="score_sheet_self_only_by_itself",
            ),
            models.CheckConstraint(condition=Q(status="draft") | Q(submitted_at__isnull=False), name="score_sheet_submitted_has_time"),
        ]
        indexes = [models.Index(fields=["cluster_year", "status"], name="score_sheet_year_status")]
        verbose_name = _("phiếu chấm điểm")
        verbose_name_plural = _("phiếu chấm điểm")

    def __str__(self) -> str:
        if self.kind == self.Kind.SELF:
            return f"Phiếu tự chấm — {self.unit}"
        return f"Phiếu chấm {self.unit} — {self.scorer}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class ScoreEntry(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="entries")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="entries")
    points = models.DecimalField(_("điểm"), **POINTS)
    note = models.TextField(_("giải trình"), blank=True)

    class Meta:
        ordering = ["sheet_id", "criterion__group__order", "criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="score_entry_unique_criterion"),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_entry_points_not_negative"),
        ]
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.points}"


def evidence_path(instance: Evidence, filename: str) -> str:
    """evidence/<random>/file.<ext>: a name nobody can guess or choose, outside the static
    files (MEDIA_ROOT has no public URL). The person's file name is kept in the row."""
    return f"evidence/{secrets.token_hex(16)}/file{instance.extension}"


class Evidence(ChoiceLabels, models.Model):
    """A file backing a self-assessment entry (minh chứng). Its type is decided by its
    content (evidence.py), never by its name."""

    class FileType(models.TextChoices):
        PDF = "pdf", "PDF"
        PNG = "png", "PNG"
        JPEG = "jpeg", "JPEG"
        DOCX = "docx", "Word (.docx)"
        XLSX = "xlsx", "Excel (.xlsx)"

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="evidence_files")
    file = models.FileField(upload_to=evidence_path, max_length=200)
    file_type = models.CharField(_("loại tệp"), max_length=10, choices=FileType.choices)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        ordering = ["sheet_id", "criterion__group__order", "criterion__order", "uploaded_at", "pk"]
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        return EXTENSIONS.get(self.file_type, "")  # the detected type's, never the uploaded name's


class ScoringAssignment(models.Model):
    """Matrix mode: an explicit pair "scorer unit scores unit" for a year."""

    cluster_year = models.ForeignKey(ClusterYear, on_delete=models.CASCADE, related_name="scoring_assignments")
    scorer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị chấm"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị được chấm"))

    class Meta:
        ordering = ["cluster_year_id", "scorer_id", "unit_id"]
        constraints = [
            models.UniqueConstraint(fields=["cluster_year", "scorer", "unit"], name="scoring_assignment_unique"),
            models.CheckConstraint(condition=~Q(scorer=F("unit")), name="scoring_assignment_not_self"),
        ]
        verbose_name = _("phân công chấm chéo")
        verbose_name_plural = _("phân công chấm chéo")

    def __str__(self) -> str:
        return f"{self.scorer_id} → {self.unit_id}"


class ScoreQuery(models.Model):
    """A scorer's question on one criterion of a unit's self-assessment (đề nghị giải
    trình), and the thread of answers that follows."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="queries")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="queries")
    scorer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị hỏi"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("nội dung"))
    created_at = models.DateTimeField(auto_now_add=True)
    answered = models.BooleanField(_("đã giải trình"), default=False)

    class Meta:
        ordering = ["sheet_id", "created_at", "pk"]
        verbose_name = _("đề nghị giải trình")
        verbose_name_plural = _("đề nghị giải trình")

    def __str__(self) -> str:
        return self.text[:80]


class ScoreQueryReply(models.Model):
    query = models.ForeignKey(ScoreQuery, on_delete=models.CASCADE, related_name="replies")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("nội dung"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["query_id", "created_at", "pk"]
        verbose_name = _("trả lời giải trình")
        verbose_name_plural = _("trả lời giải trình")

    def __str__(self) -> str:
        return self.text[:80]


def reply_file_path(instance: ScoreQueryReplyFile, filename: str) -> str:
    """query-replies/<random>/file.<ext>: like evidence, a name nobody can guess, under
    MEDIA_ROOT (no public URL)."""
    return f"query-replies/{secrets.token_hex(16)}/file{instance.extension}"


class ScoreQueryReplyFile(ChoiceLabels, models.Model):
    """A file attached to a reply in a query thread (giải trình): checked by its content
    like evidence (evidence.py), served only to the thread's units and the organizer."""

    reply = models.ForeignKey(ScoreQueryReply, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=reply_file_path, max_length=200)
    file_type = models.CharField(_("loại tệp"), max_length=10, choices=Evidence.FileType.choices)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["pk"]  # not the reply's: its default ordering would join the whole thread
        verbose_name = _("tệp kèm trả lời giải trình")
        verbose_name_plural = _("tệp kèm trả lời giải trình")

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        return EXTENSIONS.get(self.file_type, "")

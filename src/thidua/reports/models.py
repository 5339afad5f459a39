"""The year's summary report (Báo cáo tổng kết) with its versions and the members' comments,
and the mid-year review (sơ kết 6 tháng) with the scoring table's amendments made at it.
Fields and database invariants only; every write goes through services.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.choices import ChoiceLabels
from thidua.org.models import ClusterYear, Unit

WHOLE = ""  # a comment on the whole report, not on one section


class Report(models.Model):
    """One per cluster-year. Drafted by `drafter` (the leader unit unless it assigned a
    deputy, as Phú Thọ in 2017); its state is its current (newest) version's."""

    cluster_year = models.OneToOneField(ClusterYear, on_delete=models.PROTECT, related_name="summary_report", verbose_name=_("năm thi đua"))
    drafter = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị soạn thảo"))
    comments_until = models.DateField(_("hạn góp ý"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo tổng kết")
        verbose_name_plural = _("báo cáo tổng kết")

    def __str__(self) -> str:
        return f"Báo cáo tổng kết — {self.cluster_year}"


class ReportVersion(ChoiceLabels, models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        CIRCULATED = "circulated", _("Đang lấy ý kiến")
        ADOPTED = "adopted", _("Đã thông qua")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("lần"))
    state = models.CharField(_("trạng thái"), max_length=12, choices=State.choices, default=State.DRAFT)
    # [{key, title, text}] in order; plain text (paragraphs separated by blank lines)
    sections = models.JSONField(_("các phần"), default=list)
    note = models.TextField(_("nội dung thay đổi"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    circulated_at = models.DateTimeField(null=True, blank=True)
    adopted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["report_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_unique_number"),
            models.UniqueConstraint(fields=["report"], condition=Q(state="adopted"), name="report_one_adopted_version"),
        ]
        verbose_name = _("lần dự thảo báo cáo")
        verbose_name_plural = _("các lần dự thảo báo cáo")

    def __str__(self) -> str:
        return f"{self.report} — lần {self.number}"


class ReportComment(ChoiceLabels, models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Chưa xử lý")
        ACCEPTED = "accepted", _("Tiếp thu")
        DECLINED = "declined", _("Không tiếp thu")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="comments", verbose_name=_("góp ý vào lần"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị góp ý"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    section = models.CharField(_("phần"), max_length=40, blank=True)  # WHOLE: the whole report
    text = models.TextField(_("nội dung góp ý"))
    state = models.CharField(_("xử lý"), max_length=10, choices=State.choices, default=State.OPEN)
    reply = models.TextField(_("trả lời"), blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report_id", "created_at", "pk"]
        indexes = [models.Index(fields=["report", "unit"], name="report_comment_unit")]
        verbose_name = _("ý kiến góp ý")
        verbose_name_plural = _("ý kiến góp ý")

    def __str__(self) -> str:
        return f"Góp ý của {self.unit} — {self.report}"


class MidYearReview(models.Model):
    """The record of the mid-year review meeting (sơ kết 6 tháng), one per cluster-year."""

    cluster_year = models.OneToOneField(
        ClusterYear, on_delete=models.PROTECT, related_name="mid_year_review", verbose_name=_("năm thi đua")
    )
    date = models.DateField(_("ngày họp"))
    place = models.CharField(_("địa điểm"), max_length=300)
    host = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị chủ trì"))
    present = models.ManyToManyField(Unit, related_name="+", blank=True, verbose_name=_("đơn vị dự họp"))
    attendance_note = models.TextField(_("thành phần khác"), blank=True)
    content = models.TextField(_("nội dung"))
    conclusions = models.TextField(_("kết luận"), blank=True)
    illustrative = models.BooleanField(_("minh họa"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sơ kết 6 tháng")
        verbose_name_plural = _("sơ kết 6 tháng")

    def __str__(self) -> str:
        return f"Sơ kết 6 tháng — {self.cluster_year}"


class TableAmendment(models.Model):
    """An amendment of the year's scoring table decided at the mid-year review: the table's
    version before and after, the reason, and both contents (the table itself keeps only
    its newest content)."""

    review = models.ForeignKey(MidYearReview, on_delete=models.PROTECT, related_name="amendments")
    from_version = models.PositiveIntegerField(_("từ lần"))
    to_version = models.PositiveIntegerField(_("thành lần"))
    reason = models.TextField(_("lý do"))
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review_id", "created_at", "pk"]
        verbose_name = _("sửa đổi bảng tiêu chí")
        verbose_name_plural = _("sửa đổi bảng tiêu chí")

    def __str__(self) -> str:
        return f"Sửa đổi bảng tiêu chí lần {self.from_version} → {self.to_version}"

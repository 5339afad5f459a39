"""The emulation year of a cluster: its rules (YearSettings), the launch of the movement
(Launch), each unit's registration (Registration), the covenant and its signatures
(Covenant, CovenantSignature), the year-end conference plan (ConferencePlan) and the
reminders already sent (ReminderSent). Fields and database invariants only; every write
goes through services/. Deadlines stay in org.ClusterYear.deadlines."""

from __future__ import annotations

import copy
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.choices import ChoiceLabels
from thidua.org.models import ClusterYear, Unit

# --- the year's rules (domain rules §3; [C]: customary, a setting per cluster and year) ---
DEFAULT_TIE_BREAK = ["total", "professional", "penalties"]
TIE_BREAK_KEYS = ("total", "professional", "penalties", "bonus")
DEFAULT_QUOTAS = {"flag": 1, "merit": 2}
QUOTA_KINDS = ("flag", "merit")
THRESHOLD_KINDS = ("flag", "merit", "leader", "deputy")
THRESHOLD_BASES = ("members", "present", "valid")
DEFAULT_THRESHOLDS = {
    # the flag: at least 70 % of all member units (not only those present)
    "flag": {"base": "members", "percent": 70, "strict": False},
    # Bằng khen: more than 50 % of all member units
    "merit": {"base": "members", "percent": 50, "strict": True},
    # elections of next year's leader and deputies: more than half of the members
    "leader": {"base": "members", "percent": 50, "strict": True},
    "deputy": {"base": "members", "percent": 50, "strict": True},
}
DEFAULT_QUORUM_PERCENT = Decimal("66.67")  # two thirds of the member units present
DEFAULT_DOCUMENT_SYMBOL = "CTĐ"  # "Số: 91/KH-CTĐ"
DEFAULT_COVENANT_TYPE_CODE = "GƯTĐ"  # the covenant has no code in Decree 30; clusters choose one

# Percentages people type for thirds, which a count must read as the exact fraction
# (two thirds of 9 is 6, while 66.67 % of 9 is 6.0003, which would ask for 7).
_THIRDS = {Decimal("33.33"): Fraction(1, 3), Decimal("66.67"): Fraction(2, 3)}


def default_tie_break() -> list:
    return list(DEFAULT_TIE_BREAK)


def default_quotas() -> dict:
    return dict(DEFAULT_QUOTAS)


def default_thresholds() -> dict:
    return copy.deepcopy(DEFAULT_THRESHOLDS)


def share_of(count: int, percent: Decimal | float | int) -> Fraction:
    """`percent` of `count` as an exact fraction; 66.67 and 33.33 mean two and one thirds."""
    percent = Decimal(str(percent))
    ratio = _THIRDS.get(percent.quantize(Decimal("0.01")), Fraction(percent) / 100)
    return ratio * count


class YearSettings(ChoiceLabels, models.Model):
    """The rules of one cluster-year, created with the defaults of domain rules §3 the
    first time they are read."""

    class CrossScoring(models.TextChoices):
        ALL = "all", _("Mọi đơn vị chấm chéo lẫn nhau")
        PANEL = "panel", _("Tổ chấm gồm Cụm trưởng và Cụm phó")
        MATRIX = "matrix", _("Theo phân công cụ thể")

    class Aggregation(models.TextChoices):
        MEAN = "mean", _("Trung bình cộng")
        TRIMMED_MEAN = "trimmed_mean", _("Trung bình sau khi bỏ điểm cao nhất và thấp nhất")
        MEDIAN = "median", _("Trung vị")
        PANEL_ADJUSTED = "panel_adjusted", _("Điểm tự chấm do tổ chấm điều chỉnh")

    cluster_year = models.OneToOneField(ClusterYear, on_delete=models.CASCADE, related_name="settings", verbose_name=_("năm thi đua"))
    cross_scoring = models.CharField(_("cách chấm chéo"), max_length=10, choices=CrossScoring.choices, default=CrossScoring.ALL)
    aggregation = models.CharField(_("cách tổng hợp điểm"), max_length=20, choices=Aggregation.choices, default=Aggregation.MEAN)
    tie_break = models.JSONField(_("thứ tự xét khi bằng điểm"), default=default_tie_break)
    quorum_percent = models.DecimalField(
        _("tỷ lệ có mặt tối thiểu (%)"), max_digits=5, decimal_places=2, default=DEFAULT_QUORUM_PERCENT
    )
    quotas = models.JSONField(_("số lượng đề nghị khen thưởng"), default=default_quotas)
    thresholds = models.JSONField(_("tỷ lệ phiếu tối thiểu"), default=default_thresholds)
    document_symbol = models.CharField(
        _("ký hiệu văn bản của cụm"), max_length=20, default=DEFAULT_DOCUMENT_SYMBOL, help_text=_("Ví dụ: Số 91/KH-CTĐ")
    )
    covenant_type_code = models.CharField(_("ký hiệu loại văn bản giao ước"), max_length=10, default=DEFAULT_COVENANT_TYPE_CODE)
    # off: a unit submitting without the evidence some criteria require is warned and asked to confirm; on: refused
    evidence_required = models.BooleanField(
        _("bắt buộc minh chứng trước khi gửi"), default=False,
        help_text=_("Không cho nộp bảng tự chấm điểm khi còn tiêu chí bắt buộc minh chứng chưa có minh chứng"),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(quorum_percent__gt=0) & Q(quorum_percent__lte=100), name="year_settings_quorum_range"),
        ]
        verbose_name = _("quy định năm thi đua")
        verbose_name_plural = _("quy định năm thi đua")

    def __str__(self) -> str:
        return f"{self.cluster_year}: {self._meta.verbose_name}"

    def quorum_count(self, members: int) -> int:
        """How many member units must be present: the smallest count reaching the quorum."""
        share = share_of(members, self.quorum_percent)
        return -(-share.numerator // share.denominator)  # ceiling


# --- launch, registration, covenant ------------------------------------------------------
class Launch(models.Model):
    """The launch of the year's emulation movement (phát động): title, goals and the
    ordered content items, written by the secretariat and published to the members."""

    cluster_year = models.OneToOneField(ClusterYear, on_delete=models.CASCADE, related_name="launch", verbose_name=_("năm thi đua"))
    title = models.CharField(_("tiêu đề"), max_length=300)
    goals = models.TextField(_("mục tiêu"), blank=True)
    items = models.JSONField(_("nội dung thi đua"), default=list, help_text=_("Danh sách các nội dung, theo thứ tự"))
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("người công bố")
    )

    class Meta:
        verbose_name = _("phát động thi đua")
        verbose_name_plural = _("phát động thi đua")

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Registration(models.Model):
    """A member unit's registration for the year (đăng ký thi đua): the awards it aims
    for (codes of cycle/data/award_kinds.yaml) and its commitments."""

    cluster_year = models.ForeignKey(ClusterYear, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("năm thi đua"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("đơn vị"))
    titles = models.JSONField(_("danh hiệu, hình thức khen thưởng đăng ký"), default=list)
    commitments = models.TextField(_("cam kết"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("người gửi")
    )
    submitted_at = models.DateTimeField(_("gửi lúc"))

    class Meta:
        ordering = ["cluster_year_id", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["cluster_year", "unit"], name="registration_one_per_unit_year")]
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")

    def __str__(self) -> str:
        return f"{self.unit} — {self.cluster_year.year}"


class Covenant(models.Model):
    """The year's emulation covenant (giao ước thi đua). Its text is built from the
    launch items when the year enters the covenant phase; the secretariat may edit it
    until the first signature; it is frozen when every member unit has signed."""

    cluster_year = models.OneToOneField(ClusterYear, on_delete=models.CASCADE, related_name="covenant", verbose_name=_("năm thi đua"))
    text = models.TextField(_("nội dung giao ước"))
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("người cập nhật")
    )
    frozen_at = models.DateTimeField(_("hoàn tất ký lúc"), null=True, blank=True)
    # the number given by the registry of the leader unit once the covenant is frozen
    issued_document = models.OneToOneField(
        "documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("số văn bản")
    )

    class Meta:
        verbose_name = _("giao ước thi đua")
        verbose_name_plural = _("giao ước thi đua")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.cluster_year}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class CovenantSignature(models.Model):
    """A member unit's signature of the covenant, made in ThiDua by the unit's head."""

    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="signatures", verbose_name=_("giao ước"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="covenant_signatures", verbose_name=_("đơn vị"))
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người ký"))
    signed_at = models.DateTimeField(_("ký lúc"))

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["covenant", "unit"], name="covenant_one_signature_per_unit")]
        verbose_name = _("chữ ký giao ước")
        verbose_name_plural = _("chữ ký giao ước")

    def __str__(self) -> str:
        return f"{self.unit} — {self.signed_at:%d/%m/%Y}"


class ConferencePlan(models.Model):
    """The leader unit's plan for the year-end conference (Kế hoạch, "01/KH-CTĐ"),
    numbered through the documents registry when it is issued."""

    cluster_year = models.OneToOneField(
        ClusterYear, on_delete=models.CASCADE, related_name="conference_plan", verbose_name=_("năm thi đua")
    )
    issued_document = models.OneToOneField(
        "documents.IssuedDocument", on_delete=models.PROTECT, related_name="+", verbose_name=_("số văn bản")
    )
    issuer_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị ban hành"))
    date = models.DateField(_("ngày ban hành"))
    conference_date = models.DateField(_("ngày tổ chức hội nghị"), null=True, blank=True)
    conference_place = models.CharField(_("địa điểm hội nghị"), max_length=300, blank=True)
    reports_due = models.DateField(_("hạn gửi báo cáo và bảng tự chấm điểm"), null=True, blank=True)
    # what a real plan also says (issue 10): the hour, the delegates' registration deadline,
    # the funding and whom to contact; empty on plans issued before they were asked for
    conference_time = models.TimeField(_("giờ khai mạc"), null=True, blank=True)
    registration_due = models.DateField(_("hạn đăng ký đại biểu"), null=True, blank=True)
    funding = models.TextField(_("kinh phí"), blank=True)
    contact = models.CharField(_("đầu mối liên hệ"), max_length=300, blank=True)
    signer = models.CharField(_("người ký"), max_length=150, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    issued_at = models.DateTimeField(_("ban hành lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("kế hoạch tổ chức hội nghị tổng kết")
        verbose_name_plural = _("kế hoạch tổ chức hội nghị tổng kết")

    def __str__(self) -> str:
        return f"{self.issued_document} — {self.cluster_year}"


class ReminderSent(models.Model):
    """A deadline reminder e-mailed to a person, so that running the reminders twice on
    one day sends nothing the second time."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    cluster_year = models.ForeignKey(ClusterYear, on_delete=models.CASCADE, related_name="+")
    task = models.CharField(max_length=40)
    due = models.DateField()
    sent_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "cluster_year", "task", "sent_on"], name="reminder_once_per_day"),
        ]
        verbose_name = _("nhắc việc đã gửi")
        verbose_name_plural = _("nhắc việc đã gửi")

    def __str__(self) -> str:
        return f"{self.task} → {self.user_id} ({self.sent_on:%d/%m/%Y})"


# --- who issues the cluster's documents (decision 0026) -------------------------------------------
class DocumentIssuerSetting(ChoiceLabels, models.Model):
    """Who issues one type of the cluster's documents (cycle.issuer.DOC_TYPES): the leader
    unit (default), the cluster itself (its own header, the year's "CTĐ" symbol, numbered
    in the leader unit's register), the organizer (numbered by the organizer's văn thư,
    outside ThiDua) or, for minutes, the host unit; whether the signature reads "TM. <the
    cluster>"; and a symbol replacing the issuer's own. `year` empty: every year of the
    cluster without a row of its own."""

    class IssuedBy(models.TextChoices):
        LEADER = "leader", _("Đơn vị Cụm trưởng")
        CLUSTER = "cluster", _("Cụm thi đua")
        ORGANIZER = "organizer", _("Cơ quan tổ chức cụm")
        HOST = "host", _("Đơn vị đăng cai hội nghị")

    cluster = models.ForeignKey("org.Cluster", on_delete=models.CASCADE, related_name="+", verbose_name=_("cụm thi đua"))
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True, help_text=_("Để trống: áp dụng cho mọi năm"))
    doc_type = models.CharField(_("loại văn bản"), max_length=20)
    issued_by = models.CharField(_("cơ quan ban hành"), max_length=10, choices=IssuedBy.choices, default=IssuedBy.LEADER)
    on_behalf = models.BooleanField(_("ký “TM.” Cụm thi đua"), default=True)
    symbol = models.CharField(_("ký hiệu thay thế"), max_length=20, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year", "doc_type"], condition=Q(year__isnull=False),
                                    name="document_issuer_setting_year_unique"),
            models.UniqueConstraint(fields=["cluster", "doc_type"], condition=Q(year__isnull=True),
                                    name="document_issuer_setting_all_years_unique"),
        ]
        verbose_name = _("cơ quan ban hành văn bản")
        verbose_name_plural = _("cơ quan ban hành văn bản")

    def __str__(self) -> str:
        return f"{self.cluster_id} {self.year or '*'} {self.doc_type}: {self.issued_by}"


class NumberedDocument(models.Model):
    """The number a further document of the year got (cycle.documents_more, the
    conference's documents, a poll's vote-counting minutes): which document (`kind`, and
    `key` for one of many, e.g. the poll) and its entry in the issuer's register."""

    cluster_year = models.ForeignKey(ClusterYear, on_delete=models.CASCADE, related_name="+", verbose_name=_("năm thi đua"))
    kind = models.CharField(_("văn bản"), max_length=40)
    key = models.CharField(_("khóa"), max_length=20, blank=True)
    issued_document = models.OneToOneField(
        "documents.IssuedDocument", on_delete=models.PROTECT, related_name="+", verbose_name=_("số văn bản")
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cluster_year", "kind", "key"], name="numbered_document_unique")]
        verbose_name = _("văn bản đã cấp số")
        verbose_name_plural = _("văn bản đã cấp số")

    def __str__(self) -> str:
        return f"{self.cluster_year} {self.kind}{self.key and '-' + self.key}"

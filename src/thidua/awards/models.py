"""The award registry and what eligibility reads: a unit's yearly rating (mức độ hoàn thành
nhiệm vụ), its discipline records, the organizer's decisions (Quyết định) with the awards
they confer, and the organizer's choice to carry a predecessor's years over to a successor.
Award kinds are the catalogue's codes (thidua.cycle.awards), not rows: the catalogue is data
versioned with the law, the registry stores the code it was given under."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.choices import ChoiceLabels
from thidua.org.models import Organizer, Unit


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    COMPLETED = "completed", _("Hoàn thành nhiệm vụ")
    NOT_COMPLETED = "not_completed", _("Không hoàn thành nhiệm vụ")


#: best first: a rule asking for "good" is met by "excellent" too
RATING_ORDER = {Rating.EXCELLENT: 3, Rating.GOOD: 2, Rating.COMPLETED: 1, Rating.NOT_COMPLETED: 0}
RATING_SHORT = {Rating.EXCELLENT: "HTXSNV", Rating.GOOD: "HTTNV", Rating.COMPLETED: "HTNV", Rating.NOT_COMPLETED: "KHTNV"}


class UnitRating(ChoiceLabels, models.Model):
    """A unit's task-completion rating for a year, as its managing body assessed it and the
    organizer entered it."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("đơn vị"))
    year = models.PositiveSmallIntegerField(_("năm"))
    rating = models.CharField(_("mức độ hoàn thành nhiệm vụ"), max_length=20, choices=Rating.choices)
    note = models.TextField(_("ghi chú"), blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["unit_id", "-year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unit_rating_once_per_year")]
        verbose_name = _("xếp loại hằng năm")
        verbose_name_plural = _("xếp loại hằng năm")

    def __str__(self) -> str:
        return f"{self.unit} — {self.year}: {RATING_SHORT.get(self.rating, self.rating)}"


class DisciplineRecord(ChoiceLabels, models.Model):
    """A discipline imposed in a year on the unit as a collective or on its head: the
    award rules "no discipline" fail on it."""

    class Subject(models.TextChoices):
        COLLECTIVE = "collective", _("Tập thể đơn vị")
        HEAD = "head", _("Người đứng đầu")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="discipline_records", verbose_name=_("đơn vị"))
    year = models.PositiveSmallIntegerField(_("năm"))
    subject = models.CharField(_("đối tượng"), max_length=20, choices=Subject.choices)
    note = models.TextField(_("nội dung"), blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        ordering = ["unit_id", "-year", "pk"]
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")

    def __str__(self) -> str:
        return f"{self.unit} — {self.year}: {self.get_subject_display()}"


def _signed_copy_path(instance, filename: str) -> str:
    # a random name: the path says nothing about the organizer or the decision
    return f"awards/decisions/{uuid.uuid4().hex}.pdf"


class Decision(ChoiceLabels, models.Model):
    """An organizer's decision (Quyết định) conferring awards for a year evaluated."""

    class Kind(models.TextChoices):
        AWARD = "award", _("Quyết định khen thưởng")
        ANNULMENT = "annulment", _("Quyết định hủy bỏ khen thưởng")

    organizer = models.ForeignKey(
        Organizer, on_delete=models.PROTECT, related_name="award_decisions", verbose_name=_("cơ quan ra quyết định")
    )
    number = models.CharField(_("số quyết định"), max_length=60)
    date = models.DateField(_("ngày ký"))
    signer = models.CharField(_("người ký"), max_length=200)
    year = models.PositiveSmallIntegerField(_("năm thi đua"))
    kind = models.CharField(_("loại quyết định"), max_length=20, choices=Kind.choices, default=Kind.AWARD)
    illustrative = models.BooleanField(_("số liệu minh họa"), default=False, help_text=_("Dữ liệu trình diễn, số quyết định không có thật"))
    imported = models.BooleanField(_("nhập từ sổ khen thưởng cũ"), default=False)
    note = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    #: the Ministry's signed PDF, when recorded from it (a random path; served only through
    #: views_decisions.decision_signed_copy), with what its digital signatures' check found
    signed_copy = models.FileField(_("bản đã ký"), upload_to=_signed_copy_path, max_length=200, blank=True)
    signed_copy_sha256 = models.CharField(_("mã SHA-256 của bản đã ký"), max_length=64, blank=True)
    signed_copy_verdict = models.CharField(_("kết quả kiểm tra chữ ký số"), max_length=20, blank=True)
    signed_copy_signatures = models.JSONField(_("các chữ ký của bản đã ký"), default=list, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        # api-v1: a number used twice by an organizer in a year is refused (409)
        constraints = [models.UniqueConstraint(fields=["organizer", "year", "number"], name="decision_number_once")]
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")

    def __str__(self) -> str:
        return f"{self.number} ({self.date:%d/%m/%Y})"


class Award(models.Model):
    """An award conferred on a unit by a decision. A revoked award stays in the registry
    (shown as revoked) and stops counting for later eligibility."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="awards", verbose_name=_("đơn vị"))
    award = models.CharField(_("danh hiệu, hình thức"), max_length=40)
    year = models.PositiveSmallIntegerField(_("năm thi đua"))
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="awards", verbose_name=_("quyết định"))
    override_reason = models.TextField(_("lý do khen dù chưa đạt điều kiện"), blank=True)
    #: the checks that failed when the award was decided (what the override reason answers)
    failed_checks = models.JSONField(_("điều kiện chưa đạt khi quyết định"), default=list, blank=True)
    revoked = models.BooleanField(_("đã hủy bỏ"), default=False)
    revoked_reason = models.TextField(_("lý do hủy bỏ"), blank=True)
    revoked_basis = models.CharField(_("căn cứ hủy bỏ"), max_length=300, blank=True)
    revoked_at = models.DateTimeField(_("hủy bỏ lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "unit__name", "award"]
        constraints = [models.UniqueConstraint(fields=["decision", "unit", "award"], name="award_once_per_decision")]
        indexes = [models.Index(fields=["unit", "year"], name="award_unit_year")]
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")

    def __str__(self) -> str:
        return f"{self.award} {self.year}: {self.unit}"


class LineageCarryOver(models.Model):
    """The organizer's decision that a successor counts a predecessor's years (ratings and
    awards) in consecutive-year checks. Without one the successor's count restarts (domain
    rules §4: the default)."""

    successor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="carried_over_from", verbose_name=_("đơn vị kế thừa"))
    predecessor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="carried_over_to", verbose_name=_("đơn vị tiền thân"))
    organizer = models.ForeignKey(Organizer, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan quyết định"))
    reason = models.TextField(_("lý do"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["successor", "predecessor"], name="carry_over_once_per_pair")]
        verbose_name = _("kế thừa thành tích")
        verbose_name_plural = _("kế thừa thành tích")

    def __str__(self) -> str:
        return f"{self.predecessor_id} → {self.successor_id}"


class RuleAdjustment(models.Model):
    """An organizer's adjustment, for one year evaluated, of a rule's parameters over the
    catalogue's defaults (cycle/data/award_kinds.yaml): e.g. the years of HTXSNV needed, the
    window of an earlier award, a quota. Eligibility reads it for the units in that
    organizer's clusters that year and says so in the check's basis."""

    organizer = models.ForeignKey(Organizer, on_delete=models.CASCADE, related_name="+", verbose_name=_("cơ quan tổ chức"))
    year = models.PositiveSmallIntegerField(_("năm thi đua"))
    award = models.CharField(_("danh hiệu, hình thức"), max_length=40)
    rule = models.CharField(_("điều kiện"), max_length=30)
    params = models.JSONField(_("tham số"), default=dict)
    reason = models.TextField(_("lý do điều chỉnh"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["organizer_id", "-year", "award", "rule"]
        constraints = [models.UniqueConstraint(fields=["organizer", "year", "award", "rule"], name="rule_adjustment_once")]
        verbose_name = _("điều chỉnh điều kiện khen thưởng")
        verbose_name_plural = _("điều chỉnh điều kiện khen thưởng")

    def __str__(self) -> str:
        return f"{self.organizer_id} {self.year} {self.award}.{self.rule}: {self.params}"


from .dossier_models import AchievementReport, Dossier, DossierEvent  # noqa: E402,F401  (the dossier, by subject)

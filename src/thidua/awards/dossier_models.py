"""The cluster's proposal dossier (hồ sơ đề nghị khen thưởng) of a year, sent by the leader
unit to the organizer (the Ministry), its history of moves, and each proposed unit's
achievement report (báo cáo thành tích). Imported by models.py (one app, one models module
for Django); kept apart by subject."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.choices import ChoiceLabels
from thidua.org.models import ClusterYear, Unit


class Dossier(ChoiceLabels, models.Model):
    """One per cluster-year. `proposals` is the snapshot of the year's closed nomination
    polls taken when the leader built it: [{unit, unit_name, award, poll, votes, percent}]."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Đang lập")
        SUBMITTED = "submitted", _("Đã gửi, chờ xem xét")
        RETURNED = "returned", _("Bị trả lại để bổ sung")
        ACCEPTED = "accepted", _("Đã tiếp nhận")
        DECIDED = "decided", _("Đã có quyết định khen thưởng")

    cluster_year = models.OneToOneField(ClusterYear, on_delete=models.CASCADE, related_name="award_dossier", verbose_name=_("năm thi đua"))
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, default=State.DRAFT)
    proposals = models.JSONField(_("các đơn vị đề nghị"), default=list, blank=True)
    returned_reason = models.TextField(_("lý do trả lại"), blank=True)
    built_at = models.DateTimeField(_("lập lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ đề nghị khen thưởng")
        verbose_name_plural = _("hồ sơ đề nghị khen thưởng")

    def __str__(self) -> str:
        return f"{self.cluster_year}: {self.state}"

    @property
    def editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)

    def proposed_unit_ids(self) -> list[int]:
        seen: list[int] = []
        for p in self.proposals:
            if p["unit"] not in seen:
                seen.append(p["unit"])
        return seen


class DossierEvent(ChoiceLabels, models.Model):
    """A move of a dossier (built, rebuilt, submitted, resubmitted, returned with the
    organizer's reason, accepted, decided), shown to the members as its history."""

    class Action(models.TextChoices):
        BUILD = "build", _("Lập hồ sơ")
        REBUILD = "rebuild", _("Lập lại hồ sơ")
        SUBMIT = "submit", _("Gửi hồ sơ")
        RESUBMIT = "resubmit", _("Gửi lại hồ sơ")
        RETURN = "return", _("Trả lại hồ sơ")
        ACCEPT = "accept", _("Tiếp nhận hồ sơ")
        DECIDE = "decide", _("Có quyết định khen thưởng")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("việc"), max_length=20, choices=Action.choices)
    from_state = models.CharField(_("từ trạng thái"), max_length=20, blank=True)
    to_state = models.CharField(_("sang trạng thái"), max_length=20)
    reason = models.TextField(_("lý do"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        ordering = ["dossier_id", "at", "pk"]
        verbose_name = _("diễn biến hồ sơ")
        verbose_name_plural = _("diễn biến hồ sơ")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.action}"


class AchievementReport(ChoiceLabels, models.Model):
    """A proposed unit's achievement report for the dossier: sections [{title, text}]
    prefilled from the template of the legal period in force for the year (awards/data/
    report_templates.yaml) and the unit's year; the unit's officer writes, its head confirms."""

    class State(models.TextChoices):
        MISSING = "missing", _("Chưa viết")
        DRAFT = "draft", _("Đang viết")
        CONFIRMED = "confirmed", _("Thủ trưởng đã xác nhận")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="achievement_reports", verbose_name=_("đơn vị"))
    award = models.CharField(_("đề nghị tặng"), max_length=40)
    template = models.CharField(_("mẫu"), max_length=40)
    sections = models.JSONField(_("nội dung"), default=list)
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, default=State.MISSING)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    written_at = models.DateTimeField(_("viết lúc"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)

    class Meta:
        ordering = ["dossier_id", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["dossier", "unit"], name="achievement_report_once_per_unit")]
        verbose_name = _("báo cáo thành tích")
        verbose_name_plural = _("báo cáo thành tích")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.unit}"

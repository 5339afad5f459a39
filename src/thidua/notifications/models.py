"""A notification tells one person of one event that concerns them (rows are per recipient,
so reading and marking read never touch anyone else's). What each person wants by e-mail is
`NotificationPreference`, one row per person and kind, only where they changed the
default of `Kind`; in the product every kind is always shown."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.choices import ChoiceLabels


class Kind(models.TextChoices):
    TASK_ASSIGNED = "task_assigned", _("Việc được giao")
    TASK_DUE = "task_due", _("Việc sắp đến hạn")
    SCORE_QUERY = "score_query", _("Đề nghị giải trình và trả lời về điểm")
    COMMENT = "comment", _("Ý kiến góp ý")  # no event yet: kept for the comments to come
    PHASE_CHANGED = "phase_changed", _("Năm thi đua chuyển giai đoạn")
    POLL_OPENED = "poll_opened", _("Biểu quyết đang mở")
    DOSSIER_RETURNED = "dossier_returned", _("Hồ sơ bị trả lại")
    DELEGATE_CHANGED = "delegate_changed", _("Thay đổi người biểu quyết của đơn vị")
    DOSSIER_SUBMITTED = "dossier_submitted", _("Hồ sơ đề nghị khen thưởng được gửi")
    DOSSIER_ACCEPTED = "dossier_accepted", _("Hồ sơ đề nghị khen thưởng được tiếp nhận")
    DOSSIER_DECIDED = "dossier_decided", _("Có quyết định khen thưởng")


#: Whether a kind is e-mailed to someone who has not said otherwise. Everything that asks
#: something of the person, or that they must not miss, is; comments would be too chatty.
EMAIL_DEFAULTS: dict[str, bool] = {
    Kind.TASK_ASSIGNED: True,
    Kind.TASK_DUE: True,
    Kind.SCORE_QUERY: True,
    Kind.COMMENT: False,
    Kind.PHASE_CHANGED: True,
    Kind.POLL_OPENED: True,
    Kind.DOSSIER_RETURNED: True,
    Kind.DELEGATE_CHANGED: True,
    # the organizer's officers have a dossier to review; the members learn where theirs stands
    Kind.DOSSIER_SUBMITTED: True,
    Kind.DOSSIER_ACCEPTED: True,
    Kind.DOSSIER_DECIDED: True,
}


class Notification(ChoiceLabels, models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("người nhận"),
        db_index=False,  # the two indexes below start with it
    )
    kind = models.CharField(_("loại"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"), blank=True)
    #: A path inside ThiDua ("/cum/7/nam/2026/"); the centre only ever redirects to local paths.
    link = models.CharField(_("liên kết"), max_length=500, blank=True)
    cluster_year = models.ForeignKey(
        "org.ClusterYear", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("năm thi đua")
    )
    organizer = models.ForeignKey(
        "org.Organizer", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("cơ quan tổ chức")
    )
    #: Same key, same person: made once (a daily reminder run twice tells once).
    dedupe_key = models.CharField(max_length=200, blank=True, default="")
    created = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created", "-id"]
        indexes = [
            # the centre's list, newest first
            models.Index(fields=["recipient", "-created", "-id"], name="notification_recipient_list"),
            # the badge on every page: COUNT of a user's unread rows, from this small index alone
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], condition=~Q(dedupe_key=""), name="notification_dedupe_once"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(ChoiceLabels, models.Model):
    """One person's choice for one kind, stored only once they change the default."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("người dùng"))
    kind = models.CharField(_("loại"), max_length=32, choices=Kind.choices)
    email = models.BooleanField(_("nhận thư điện tử"))

    class Meta:
        verbose_name = _("cách nhận thông báo")
        verbose_name_plural = _("cách nhận thông báo")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.email}"

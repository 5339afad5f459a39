"""Writes of the notifications app. `notify` is what other apps call, inside the
transaction of the event it tells of: the rows roll back with the event, and the e-mail is
queued only once it commits (`core.mail.queue_mail`).

Marking read and the preferences are a person's own business about their own rows: they
are not recorded in the audit trail, which records acts on a cluster's emulation (decision
0010)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import override

from thidua.core.errors import InvalidInput, NotFound
from thidua.core.mail import queue_mail

from .models import EMAIL_DEFAULTS, Kind, Notification, NotificationPreference

TITLE_MAX = 200


@dataclass
class Notified:
    """What `notify` did: the rows it made and to whom it queued an e-mail."""

    created: list[Notification] = field(default_factory=list)
    emailed: list = field(default_factory=list)  # users


def is_local_path(link: str) -> bool:
    """A path of this site ("/cum/7/nam/2026/"), never another host ("//x", "/\\x", "https://x")."""
    return link.startswith("/") and url_has_allowed_host_and_scheme(link, allowed_hosts=None) and not link.startswith(("//", "/\\"))


def email_wanted(users: list, kind: str) -> set[int]:
    """The ids of `users` who want `kind` by e-mail (their choice, else the kind's default)."""
    chosen = dict(NotificationPreference.objects.filter(user__in=[u.pk for u in users], kind=kind).values_list("user_id", "email"))
    default = EMAIL_DEFAULTS.get(kind, True)
    return {u.pk for u in users if chosen.get(u.pk, default)}


def _mail_text(user, title: str, body: str, link: str, base_url: str) -> tuple[str, str]:
    base = (base_url or getattr(settings, "THIDUA_BASE_URL", "")).rstrip("/")
    with override("vi"):  # the e-mail speaks Vietnamese, as the stored notification does
        lines = [_("Kính gửi {name},").format(name=user.full_name or user.get_username()), "", body or title]
        if link:
            lines += ["", _("Xem tại: {url}").format(url=f"{base}{link}")]
        lines += [
            "",
            _("Thư này được gửi tự động từ ThiDua; vui lòng không trả lời thư này."),
            _("Chọn những thông báo nhận qua thư điện tử tại: {url}").format(url=f"{base}/thong-bao/cai-dat/"),
        ]
        return _("[ThiDua] {title}").format(title=title), "\n".join(lines)


def notify(
    *,
    recipients: Iterable,
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    cluster_year=None,
    organizer=None,
    dedupe_key: str | None = None,
    base_url: str = "",
) -> Notified:
    """Tell `recipients` (users) of an event: one row each (one INSERT), active users only,
    each person once; with `dedupe_key`, nobody who already has a notification with that
    key gets another. One e-mail per person who wants `kind` by e-mail and has an address,
    queued after the commit. Call it inside the transaction of the event. `cluster_year`
    and `organizer` (rows or ids) say what it concerns."""
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    if link and not is_local_path(link):
        raise ValueError("a notification links to a path inside ThiDua")
    people = {u.pk: u for u in recipients if u is not None and u.is_active}
    if not people:
        return Notified()
    key = (dedupe_key or "")[:200]
    with transaction.atomic():
        if key:
            told = set(Notification.objects.filter(recipient_id__in=list(people), dedupe_key=key).values_list("recipient_id", flat=True))
            people = {pk: u for pk, u in people.items() if pk not in told}
            if not people:
                return Notified()
        title = " ".join(title.split())[:TITLE_MAX]
        rows = [
            Notification(
                recipient_id=pk,
                kind=kind,
                title=title,
                body=body,
                link=link,
                cluster_year_id=getattr(cluster_year, "pk", cluster_year),
                organizer_id=getattr(organizer, "pk", organizer),
                dedupe_key=key,
            )
            for pk in sorted(people)
        ]
        # ignore_conflicts: a concurrent run with the same key loses quietly (and that
        # person's e-mail is queued by the run that won)
        created = Notification.objects.bulk_create(rows, ignore_conflicts=bool(key))
        users = [people[pk] for pk in sorted(people)]
        wanted = email_wanted(users, kind)
        emailed = [u for u in users if u.pk in wanted and u.email]
        for user in emailed:
            subject, text = _mail_text(user, title, body, link, base_url)
            queue_mail(subject, text, [user.email])
    return Notified(created=created, emailed=emailed)


def notification_open(*, actor, notification_id: int) -> Notification:
    """The actor opens one of their notifications: it is marked read (once). Anyone
    else's, or one that does not exist: NotFound."""
    notification = Notification.objects.filter(pk=notification_id, recipient_id=actor.pk).first()
    if notification is None:
        raise NotFound(_("Không tìm thấy thông báo."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notifications_mark_all_read(*, actor) -> int:
    """Every unread notification of the actor, read now; how many."""
    return Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def preferences_set(*, actor, email: dict[str, bool]) -> None:
    """The actor's e-mail choice per kind (a kind not given keeps its current choice). Only
    the choices that differ from the default are stored."""
    unknown = sorted(set(email) - set(Kind.values))
    if unknown:
        raise InvalidInput(_("Loại thông báo không hợp lệ: {kinds}.").format(kinds=", ".join(unknown)), field="email")
    for kind, wanted in email.items():
        if bool(wanted) == EMAIL_DEFAULTS.get(kind, True):
            NotificationPreference.objects.filter(user_id=actor.pk, kind=kind).delete()
        else:
            NotificationPreference.objects.update_or_create(user_id=actor.pk, kind=kind, defaults={"email": bool(wanted)})

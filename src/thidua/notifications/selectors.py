"""Reads: a person sees only their own notifications."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import EMAIL_DEFAULTS, Kind, Notification, NotificationPreference


def notifications_for(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's notifications, newest first (the centre's list; no joins: what the list
    shows is in the row)."""
    rows = Notification.objects.filter(recipient_id=user.pk)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return rows.order_by("-created", "-id")


def unread_count(user) -> int:
    """One COUNT on the partial index of unread rows."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def email_choices(user) -> list[tuple[str, str, bool]]:
    """(kind, label, wants e-mail) for every kind, in the order of Kind."""
    chosen = dict(NotificationPreference.objects.filter(user_id=user.pk).values_list("kind", "email"))
    return [(kind, label, chosen.get(kind, EMAIL_DEFAULTS.get(kind, True))) for kind, label in Kind.choices]

"""The unread count in the navbar of every page (base.html), for signed-in people only.

Lazy and once per request: the template calls `unread_notifications` only where it shows
the badge (a page's HTMX fragments do not), and the first call keeps its answer on the
request, so a page rendering several templates still asks once."""

from __future__ import annotations

from .selectors import unread_count

_ATTR = "_thidua_unread_notifications"


def unread_notifications(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        if not hasattr(request, _ATTR):
            setattr(request, _ATTR, unread_count(user))
        return getattr(request, _ATTR)

    return {"unread_notifications": count}

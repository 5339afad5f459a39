"""Form posts of the notification pages, parsed."""

from __future__ import annotations

from .models import Kind

#: The centre's filter, from the query string: "chua-doc" (unread) or everything.
UNREAD = "chua-doc"


def unread_only(get) -> bool:
    return get.get("loc") == UNREAD


def email_preferences(post) -> dict[str, bool]:
    """Every kind: e-mail wanted when its checkbox ("email_<kind>") was ticked."""
    return {kind: post.get(f"email_{kind}") == "on" for kind in Kind.values}

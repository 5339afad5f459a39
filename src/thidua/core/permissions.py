"""The one way to ask "may this person do this (to this object)?" and to refuse.

`can` asks the rule itself (django-rules), never `user.has_perm`: Django answers yes to every
question for a superuser, who would then self-assess, cross-score or vote for any unit. A
system admin may do what an organizer officer may (api-v1.md), and the rules say so through
their `manages` predicates."""

from __future__ import annotations

import rules
from django.utils.translation import gettext as _

from .errors import Forbidden


def can(user, perm: str, obj=None) -> bool:
    return rules.has_perm(perm, user, obj)


def require(user, perm: str, obj=None, message=None) -> None:
    """Raise Forbidden (403) with `message`, or a generic one, unless `user` may."""
    if not can(user, perm, obj):
        raise Forbidden(message or _("Bạn không có quyền thực hiện thao tác này."))

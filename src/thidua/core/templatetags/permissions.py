"""`{% if user|can:"org.view_audit" %}`: a template asks the rule itself (core.permissions.can),
never `perms`/`user.has_perm`, which also asks Django's model backend and so costs two
permission-table queries on every page for every user the rule refuses."""

from django import template

from thidua.core.permissions import can as _can

register = template.Library()


@register.filter
def can(user, perm: str) -> bool:
    return _can(user, perm)

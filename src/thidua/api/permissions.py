"""Permission classes of the API. They ask the same django-rules permissions as the
services (thidua/*/rules.py), but before the request body is validated, so that a user who
may not act gets 403 whatever they send instead of a list of field errors. The services
check again: they stay the authority."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from thidua.core.permissions import can


class RulePermission(BasePermission):
    """Reads two maps from the view, both keyed by HTTP method:

    - `perms`: a permission that needs no object (e.g. "org.add_unit" for POST);
    - `object_perms`: a permission on the object the view passes to
      `check_object_permissions` (e.g. "org.change_unit" for PATCH).

    Methods that are in neither map are left to the other permission classes."""

    message = _("Bạn không có quyền thực hiện thao tác này.")

    def has_permission(self, request, view) -> bool:
        perm = getattr(view, "perms", {}).get(request.method)
        return perm is None or can(request.user, perm)

    def has_object_permission(self, request, view, obj) -> bool:
        perm = getattr(view, "object_perms", {}).get(request.method)
        return perm is None or can(request.user, perm, obj)

from django.utils.translation import gettext_lazy as _


def restrict_admin_to_superusers(site) -> None:
    """Django's admin is for the system admin only; everyone else works in the product,
    where object-level rules apply."""
    site.site_header = _("Quản trị ThiDua")
    site.site_title = _("Quản trị ThiDua")
    site.has_permission = lambda request: bool(request.user.is_active and request.user.is_superuser)

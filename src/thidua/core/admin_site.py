from django.conf import settings
from django.utils.translation import gettext_lazy as _


def _verified(request) -> bool:
    """The session passed the second step of the sign-in (django-otp's OTPMiddleware sets
    is_verified). Required of the admin whenever two-factor sign-in is (THIDUA_REQUIRE_2FA);
    thidua.accounts.middleware already sends an unverified admin to the second step or the
    enrolment, this is the admin's own lock behind it."""
    if not getattr(settings, "THIDUA_REQUIRE_2FA", True):
        return True
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def restrict_admin_to_superusers(site) -> None:
    """Django's admin is for the system admin only, signed in with the second factor;
    everyone else works in the product, where object-level rules apply."""
    site.site_header = _("Quản trị ThiDua")
    site.site_title = _("Quản trị ThiDua")
    site.has_permission = lambda request: bool(request.user.is_active and request.user.is_superuser and _verified(request))

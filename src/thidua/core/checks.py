"""System checks of the kernel's settings (run by `manage.py check`, runserver, migrate):
the audit trail's secret, and (with --deploy) the page policies — the Content-Security-
Policy and the Permissions-Policy must be sent, and the policy must not allow inline script."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

MIN_SECRET_LENGTH = 32
CSP_MIDDLEWARE = "csp.middleware.CSPMiddleware"
PERMISSIONS_MIDDLEWARE = "django_permissions_policy.PermissionsPolicyMiddleware"
UNSAFE = {"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:", "data:"}


@register()
def check_audit_secret(app_configs=None, **kwargs) -> list[Error]:
    """Outside DEBUG the audit trail must be keyed by a real secret: without it events
    cannot be written, and a short one could be guessed and the chain recomputed."""
    if settings.DEBUG:
        return []
    errors = []
    if len(settings.AUDIT_SECRET or "") < MIN_SECRET_LENGTH:
        errors.append(
            Error(
                "AUDIT_SECRET is missing or shorter than 32 characters.",
                hint="Set AUDIT_SECRET in the environment to a long random value kept outside the database (see docs/deploy.md).",
                id="core.E001",
            )
        )
    if any(len(old) < MIN_SECRET_LENGTH for old in getattr(settings, "AUDIT_SECRETS_OLD", [])):
        errors.append(Error("An entry of AUDIT_SECRETS_OLD is shorter than 32 characters.", id="core.E002"))
    return errors


@register(Tags.security, deploy=True)
def page_policies(app_configs, **kwargs):
    problems = []
    if CSP_MIDDLEWARE not in settings.MIDDLEWARE:
        problems.append(
            Warning(f"{CSP_MIDDLEWARE} is not in MIDDLEWARE: pages are sent without a Content-Security-Policy.", id="thidua.W001")
        )
    directives = (getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}).get("DIRECTIVES", {})
    scripts = directives.get("script-src") or directives.get("default-src") or []
    if not scripts or UNSAFE & set(scripts):
        problems.append(
            Warning("CONTENT_SECURITY_POLICY must restrict script-src to the site's own files (no inline script).", id="thidua.W002")
        )
    if PERMISSIONS_MIDDLEWARE not in settings.MIDDLEWARE or not getattr(settings, "PERMISSIONS_POLICY", None):
        problems.append(Warning("Pages are sent without a Permissions-Policy.", id="thidua.W003"))
    return problems

"""Deploy checks (`manage.py check --deploy`) for the page policies: the Content-Security-
Policy and the Permissions-Policy must be sent, and the policy must not allow inline script."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

CSP_MIDDLEWARE = "csp.middleware.CSPMiddleware"
PERMISSIONS_MIDDLEWARE = "django_permissions_policy.PermissionsPolicyMiddleware"
UNSAFE = {"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:", "data:"}


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

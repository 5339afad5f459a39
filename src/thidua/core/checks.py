"""System checks of the kernel's settings (run by `manage.py check`, runserver, migrate)."""

from django.conf import settings
from django.core.checks import Error, register

MIN_SECRET_LENGTH = 32


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

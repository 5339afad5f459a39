"""`manage.py check --deploy` refuses a deployment whose ballots could not be sealed: the
sealing secret must be set, at least 32 characters, outside DEBUG (production settings
already refuse to start without it; this says so in the deploy check as well)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register

from .sealing import MIN_SECRET_LENGTH


@register(Tags.security, deploy=True)
def check_ballot_sealing_secret(app_configs=None, **kwargs) -> list[Error]:
    if settings.DEBUG or len(getattr(settings, "BALLOT_SEALING_SECRET", "") or "") >= MIN_SECRET_LENGTH:
        return []
    return [
        Error(
            f"BALLOT_SEALING_SECRET is missing or shorter than {MIN_SECRET_LENGTH} characters.",
            hint="Set it in the environment, outside the database and its backups (docs/voting.md); never change it while a poll is open.",
            id="thidua.voting.E001",
        )
    ]

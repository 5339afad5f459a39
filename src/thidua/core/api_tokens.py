"""API tokens (django-rest-knox): issued at sign-in, listed and revoked by their owner,
all revoked when the password changes.

Only a hash of each token is stored (knox's `digest`); the token itself is shown once, in
the answer to the sign-in. `token_key` — the token's first 15 characters, which knox keeps
in clear to find the row — names a token to its owner in lists and in revocation. A
token expires API_TOKEN_TTL_DAYS after it was issued."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from knox.models import AuthToken

from .audit import audit_record


def _label(token: AuthToken) -> dict:
    return {"key_prefix": token.token_key, "expiry": token.expiry.isoformat() if token.expiry else None}


# --- selectors ------------------------------------------------------------------------------
def api_tokens_of(user) -> QuerySet[AuthToken]:
    """The user's tokens that still work, newest first."""
    return AuthToken.objects.filter(Q(expiry__isnull=True) | Q(expiry__gt=timezone.now()), user=user).order_by("-created")


# --- services -------------------------------------------------------------------------------
@transaction.atomic
def api_token_issue(*, user) -> tuple[AuthToken, str]:
    """A new token for `user` (already authenticated): (the row, the token to show once).
    The user's expired tokens go at the same time."""
    AuthToken.objects.filter(user=user, expiry__lte=timezone.now()).delete()
    token, secret = AuthToken.objects.create(user=user)
    audit_record(
        actor=user,
        action="api_token.issue",
        object_type="knox.authtoken",
        object_id=token.token_key,
        object_label=user.get_username(),
        after=_label(token),
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor, token: AuthToken, reason: str = "") -> None:
    """Revoke one token of the actor's own (the view finds it among api_tokens_of(actor))."""
    label = _label(token)
    token.delete()
    audit_record(
        actor=actor,
        action="api_token.revoke",
        object_type="knox.authtoken",
        object_id=label["key_prefix"],
        object_label=actor.get_username(),
        before=label,
        reason=reason,
    )


def api_tokens_revoke_all(*, user) -> int:
    """Delete every token of `user`; how many. For services that record their own event
    (a password change), inside their transaction."""
    deleted, _by_model = AuthToken.objects.filter(user=user).delete()
    return deleted

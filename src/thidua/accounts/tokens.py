"""The one-time links of invitations and password resets: Django's password-reset tokens
(an HMAC under SECRET_KEY of the account's id, password hash, last sign-in, e-mail address
and the time it was made), nothing stored. A link stops working as soon as any of these
changes — the password is set (so it works once), the address is edited, a newer
invitation resets the unusable password — or the account is deactivated, or its time runs
out. See docs/decisions/0010-account-links-are-stateless-tokens.md."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int

VALID, EXPIRED, INVALID = "valid", "expired", "invalid"


class LinkTokenGenerator(PasswordResetTokenGenerator):
    """A password-reset token that also dies with the account's deactivation, and that says
    why it is refused (expired or not valid), so that the page can tell the person."""

    def __init__(self, key_salt: str, timeout_setting: str, unit_seconds: int = 1):
        super().__init__()
        self.key_salt = key_salt
        self.timeout_setting = timeout_setting
        self.unit_seconds = unit_seconds

    @property
    def timeout_seconds(self) -> int:
        return int(getattr(settings, self.timeout_setting)) * self.unit_seconds

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{int(bool(user.is_active))}"

    def state(self, user, token: str | None) -> str:
        if not (user and token):
            return INVALID
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return INVALID
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token):
                break
        else:
            return INVALID
        if self._num_seconds(self._now()) - ts > self.timeout_seconds:
            return EXPIRED
        return VALID

    def check_token(self, user, token) -> bool:
        return self.state(user, token) == VALID


invitation_tokens = LinkTokenGenerator("thidua.accounts.invitation", "ACCOUNT_INVITATION_DAYS", 24 * 60 * 60)
reset_tokens = LinkTokenGenerator("thidua.accounts.password_reset", "PASSWORD_RESET_TIMEOUT")

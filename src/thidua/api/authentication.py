"""Token authentication of the API: django-rest-knox (only a hash of each token is kept,
and tokens expire), hardened against malformed headers.

knox decodes the header as UTF-8 and looks the token's first characters up in the
database: a header with bytes that are not UTF-8 would be a 500, and one with a NUL
character a database error on PostgreSQL. Our tokens are lowercase hexadecimal, so
anything else is simply a wrong token (401)."""

import re

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.settings import knox_settings
from rest_framework import exceptions

_TOKEN = re.compile(rb"[0-9a-f]{%d}" % knox_settings.AUTH_TOKEN_CHARACTER_LENGTH)


class TokenAuthentication(KnoxTokenAuthentication):
    def authenticate_credentials(self, token: bytes):
        if not _TOKEN.fullmatch(token):
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ hoặc đã hết hạn."))
        try:
            return super().authenticate_credentials(token)
        except exceptions.AuthenticationFailed:
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ hoặc đã hết hạn.")) from None

    def _cleanup_token(self, auth_token) -> bool:
        """Drop this token if it has expired. knox also reads every other token of the user
        on every request to sweep expired ones; that sweep happens when a token is issued
        (core.api_tokens), so a request — a ballot's included — pays one read, not two."""
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False

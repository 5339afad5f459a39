"""Serializers of sign-in and of the user's API tokens."""

from rest_framework import serializers

from .common import CharField


class TokenRequestSerializer(serializers.Serializer):
    username = CharField(max_length=150)
    password = CharField(trim_whitespace=False, max_length=4096, style={"input_type": "password"})
    otp = CharField(
        required=False,
        allow_blank=True,
        max_length=32,
        help_text=(
            "For a person with two-factor sign-in on: the 6-digit code of their authenticator app, or one of their "
            "one-time recovery codes. Without it (or with a wrong one) the answer is 400 with an `otp` message; "
            "after repeated wrong codes, 429 for a while. Ignored for everyone else."
        ),
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True, help_text="Send it as `Authorization: Token <token>`. Shown only once.")
    expiry = serializers.DateTimeField(read_only=True, allow_null=True, help_text="When the token stops working.")
    key_prefix = serializers.CharField(read_only=True, help_text="The token's first characters: its name in /auth/tokens/.")


class ApiTokenSerializer(serializers.Serializer):
    """One of the user's tokens, without the secret."""

    key_prefix = serializers.CharField(source="token_key", help_text="The token's first characters (not enough to use it).")
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField(allow_null=True)
    current = serializers.SerializerMethodField(help_text="Whether this request was made with this token.")

    def get_current(self, token) -> bool:
        used = getattr(self.context.get("request"), "auth", None)
        return getattr(used, "digest", None) == token.digest

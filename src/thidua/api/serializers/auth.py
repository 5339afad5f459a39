"""Serializers of sign-in."""

from rest_framework import serializers

from .common import CharField


class TokenRequestSerializer(serializers.Serializer):
    username = CharField(max_length=150)
    password = CharField(trim_whitespace=False, max_length=4096, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True, help_text="Send it as `Authorization: Token <token>`.")

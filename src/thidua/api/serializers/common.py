"""Fields and response shapes shared by every part of the API.

Django REST framework's Vietnamese catalogue misses several of the messages a client of
this API meets most (an unknown id, a wrong choice, a non-number, a text too long), so the
fields below carry their own, in Vietnamese like the rest of the product's messages."""

import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

# The largest id a client may send: past it the database would fail on the number itself
# (bigint) instead of answering "no such row".
MAX_ID = 2**63 - 1
NULL = _("Trường này không được để trống.")
# An integer written in ASCII digits. Python's int() also reads other scripts' digits
# ("١٢" is 12) and str.isdigit() accepts more still ("²", "𝟗"), which int() then refuses:
# an id or a number in a request is ASCII or it is not a number.
ASCII_INTEGER = re.compile(r"[+-]?[0-9]+", re.ASCII)


def ascii_int(value) -> int | None:
    """`value` (a JSON number or a string of ASCII digits) as an int, else None; bools and
    floats are not integers here (the database would take `true` and 1.5 for 1)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and ASCII_INTEGER.fullmatch(value.strip()):
        return int(value.strip())
    return None


class IdField(serializers.PrimaryKeyRelatedField):
    """A foreign key given by id. `not_found` is the message for an id with no row, e.g.
    _("Không có đơn vị mã {pk_value}.")."""

    def __init__(self, *, not_found=None, **kwargs):
        messages = {
            "does_not_exist": not_found or _("Không có đối tượng mã {pk_value}."),
            "incorrect_type": _("Mã không hợp lệ: cần một số nguyên."),
            "null": NULL,
        }
        kwargs["error_messages"] = messages | kwargs.get("error_messages", {})
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        number = ascii_int(data)
        if number is None:
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 0 < number <= MAX_ID:
            self.fail("does_not_exist", pk_value=number)
        return super().to_internal_value(number)


class CharField(serializers.CharField):
    default_error_messages = {
        "max_length": _("Tối đa {max_length} ký tự."),
        "invalid": _("Cần một chuỗi ký tự."),
        "null": NULL,
    }


class ChoiceField(serializers.ChoiceField):
    default_error_messages = {"invalid_choice": _("“{input}” không phải là giá trị hợp lệ."), "null": NULL}


class IntegerField(serializers.IntegerField):
    default_error_messages = {
        "null": NULL,
        "invalid": _("Cần một số nguyên."),
        "max_value": _("Giá trị không được lớn hơn {max_value}."),
        "min_value": _("Giá trị không được nhỏ hơn {min_value}."),
        "max_string_length": _("Giá trị quá dài."),
    }

    def to_internal_value(self, data):
        # DRF takes "١٢" for 12 and 1.0 or "1.0" for 1; only ASCII digits are a number here.
        if isinstance(data, str) and len(data) <= self.MAX_STRING_LENGTH and not ASCII_INTEGER.fullmatch(data.strip()):
            self.fail("invalid")
        return super().to_internal_value(data)


class ListField(serializers.ListField):
    default_error_messages = {"not_a_list": _("Cần một danh sách, không phải {input_type}."), "null": NULL}

    def run_child_validation(self, data):
        # DRF answers {"0": [...], "3": [...]} for bad items; the contract's 400 is a list of
        # messages per field, and the messages name the bad value themselves.
        try:
            return super().run_child_validation(data)
        except serializers.ValidationError as exc:
            detail = exc.detail
            if isinstance(detail, dict):
                detail = list(dict.fromkeys(str(m) for messages in detail.values() for m in _messages(messages)))
            raise serializers.ValidationError(detail) from exc


def _messages(detail) -> list:
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in _messages(value)]
    if isinstance(detail, list):
        return [m for value in detail for m in _messages(value)]
    return [detail]


def id_query_param(help_text: str) -> IntegerField:
    """An optional id in the query string (?unit=3)."""
    return IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text=help_text)


class DetailSerializer(serializers.Serializer):
    """The body of every error but 400."""

    detail = serializers.CharField()


def _detail(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=DetailSerializer, description=description)


BAD_REQUEST = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description='Invalid input: {"<field>": ["message", ...]}; messages that belong to no field are under "non_field_errors".',
)
UNAUTHORIZED = _detail("No credentials, or a wrong token.")
FORBIDDEN = _detail("The user may not do this.")
NOT_FOUND = _detail("Unknown, or not visible to this user.")
CONFLICT = _detail("The request is valid but the current state forbids it.")
TOO_MANY = _detail("Too many failed sign-ins from this address for this user name, or too many requests: try again later.")

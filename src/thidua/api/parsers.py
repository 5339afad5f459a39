"""The API's only parser: JSON, with limits.

Bodies of any shape reach the views, so the limits are checked here once, before any view
or service sees the data:
- size: DRF reads a JSON body straight from the socket, past Django's
  DATA_UPLOAD_MAX_MEMORY_SIZE, so the parser enforces it itself (413);
- depth: Python's json module recurses, and a body of 100,000 "[" was a RecursionError
  (500), even before authentication on the token endpoint; what it does accept is walked
  without recursion and refused past MAX_DEPTH levels (no request of the contract needs
  more than 5);
- text the database cannot store: PostgreSQL refuses NUL characters in text and lone
  UTF-16 surrogates are not UTF-8, both a 500 when saved (a serializer's CharField
  refuses NUL, but keys, lists of text and the bodies services read themselves had no
  such guard); refused anywhere in the body, under the top-level field that holds it;
- numbers: NaN, Infinity and numbers too large for a float (1e400 is Infinity) are not
  numbers to the contract."""

import json
import math
import re

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError, ValidationError

MAX_DEPTH = 32
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("Dữ liệu gửi lên quá lớn.")
    default_code = "too_large"


def _not_a_number(name: str):
    raise ValueError(name)


def check_value(data) -> None:
    """Refuse `data` (parsed JSON) when it nests deeper than MAX_DEPTH (ParseError), or
    holds a string the database cannot store or a number that is not finite (400 under
    the top-level field that holds it, as a serializer would have said)."""
    root = "non_field_errors"
    stack = [(value, 2, key) for key, value in data.items()] if isinstance(data, dict) else [(data, 1, root)]
    if isinstance(data, dict):
        stack.extend((key, 1, root) for key in data)
    while stack:
        value, depth, field = stack.pop()
        if isinstance(value, str):
            if _UNSTORABLE.search(value):
                raise ValidationError({field: [_("Văn bản không được chứa ký tự NUL hoặc ký tự Unicode không hợp lệ.")]})
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise ValidationError({field: [_("Số không hợp lệ (NaN hoặc vô cùng).")]})
        elif isinstance(value, (list, dict)):
            if depth > MAX_DEPTH:
                raise ParseError(_("Dữ liệu lồng nhau quá sâu (tối đa {n} cấp).").format(n=MAX_DEPTH))
            if isinstance(value, dict):
                stack.extend((key, depth, field) for key in value)
                value = value.values()
            stack.extend((item, depth + 1, field) for item in value)


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(raw) > limit:
            raise RequestTooLarge()
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(raw.decode(encoding), parse_constant=_not_a_number)
        except RecursionError:
            raise ParseError(_("Dữ liệu lồng nhau quá sâu (tối đa {n} cấp).").format(n=MAX_DEPTH)) from None
        except (ValueError, LookupError):  # bad JSON, bad bytes, an unknown charset, a 5,000-digit number
            raise ParseError(_("Dữ liệu gửi lên không phải JSON hợp lệ.")) from None
        check_value(data)
        return data

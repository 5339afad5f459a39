"""The API's error shapes (docs: shared/design/api-v1.md, "Conventions"):
400 {"field": ["message"]}, 401/403/404/409/413 {"detail": "..."}. Domain errors raised by
services are turned into these here, so that bad input never becomes a 500; errors raised
outside DRF's views (an unknown path, a crash) are turned into JSON by
thidua.api.middleware."""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import IntegrityError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import ParseError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from thidua.core.errors import DomainError, InvalidInput


def exception_handler(exc, context):
    if isinstance(exc, InvalidInput):
        return Response(exc.errors, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DomainError):
        return Response({"detail": str(exc.message)}, status=exc.status)
    if isinstance(exc, IntegrityError):
        return Response({"detail": _("Dữ liệu vừa bị thay đổi bởi một thao tác khác; vui lòng thử lại.")}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ParseError):
        # A body that is not JSON (or breaks the parser's limits) belongs to no field.
        return Response({"non_field_errors": [str(exc.detail)]}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, (RequestDataTooBig, TooManyFieldsSent)):
        return Response({"detail": _("Dữ liệu gửi lên quá lớn.")}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    return drf_exception_handler(exc, context)

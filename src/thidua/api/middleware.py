"""Errors under /api/ are JSON, whatever raised them.

DRF's exception handler (thidua.api.errors) covers what happens inside an API view; this
covers the rest: an unknown path (Django's 404 page), a body Django itself refuses (400),
and a crash (500) — each answered as {"detail": "..."} with the same status. It also
refuses a NUL character in the query string up front: PostgreSQL cannot compare text
with one (`?q=%00` was a 500)."""

from django.http import JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def _message(status: int) -> str:
    messages = {
        400: _("Yêu cầu không hợp lệ."),
        403: _("Bạn không có quyền thực hiện thao tác này."),
        404: _("Không tìm thấy địa chỉ này trong API."),
        405: _("Phương thức không được hỗ trợ."),
        413: _("Dữ liệu gửi lên quá lớn."),
    }
    if status in messages:
        return messages[status]
    if status >= 500:
        return _("Lỗi máy chủ; sự cố đã được ghi lại. Vui lòng thử lại sau.")
    return _("Yêu cầu không được chấp nhận.")


def _is_json(response) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


class ApiErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        bad = [key for key, values in request.GET.lists() if any("\x00" in text for text in (key, *values))]
        if bad:
            field = bad[0] if "\x00" not in bad[0] else "non_field_errors"
            return JsonResponse({field: [_("Không được chứa ký tự NUL.")]}, status=400, json_dumps_params={"ensure_ascii": False})
        response = self.get_response(request)
        if response.status_code >= 400 and not _is_json(response):
            status = response.status_code
            detail = _message(status)
            if status == 400:
                return JsonResponse({"non_field_errors": [detail]}, status=400, json_dumps_params={"ensure_ascii": False})
            converted = JsonResponse({"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})
            if "Allow" in response:
                converted["Allow"] = response["Allow"]
            return converted
        return response

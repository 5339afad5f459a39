"""HTTP helpers every app's views share: the refusal page and private downloads.

Every file the product hands out (documents, spreadsheets, evidence, ballot lists) belongs to
someone's cluster: it must never sit in a shared cache or the browser's disk cache, hence
`Cache-Control: private, no-store` on every download, and an ASCII-safe attachment name."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
JSON = "application/json"


def forbidden(request, message=None) -> HttpResponse:
    return render(request, "core/forbidden.html", {"message": message or _("Bạn không có quyền truy cập trang này.")}, status=403)


def private(response: HttpResponse) -> HttpResponse:
    """Mark a response as private to the signed-in user: never cached."""
    response["Cache-Control"] = "private, no-store"
    return response


def download(content: bytes | str, filename: str, content_type: str) -> HttpResponse:
    """A private attachment download."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return private(response)

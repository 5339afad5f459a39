"""HTTP helpers every app's views share: the refusal page and private downloads.

Every file the product hands out (documents, spreadsheets, evidence, ballot lists) belongs to
someone's cluster: it must never sit in a shared cache or the browser's disk cache, hence
`Cache-Control: private, no-store` on every download.

Every file the product makes is named by one scheme (`export_name`): the cluster, the year
and what the file is, readable and without database ids — `Cum-thi-dua-so-3_2026_Xep-hang.xlsx`
for any client, and the Vietnamese name (`Cụm thi đua số 3_2026_Xếp hạng.xlsx`) in
`filename*=UTF-8''…` (RFC 6266) for the browsers that read it, which is all of today's."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

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


@dataclass(frozen=True)
class FileName:
    """A download's name: `ascii` for filename="…", `readable` (Vietnamese) for filename*."""

    ascii: str
    readable: str

    def __str__(self) -> str:
        return self.readable

    def header(self) -> str:
        return f"attachment; filename=\"{self.ascii}\"; filename*=UTF-8''{quote(self.readable, safe='')}"


MAX_PART = 60  # characters of one part (a long poll title), so that names stay usable


def ascii_slug(text: str) -> str:
    """'Cụm thi đua số 3' -> 'Cum-thi-dua-so-3': diacritics dropped, đ as d, anything else
    but letters and digits a single hyphen."""
    text = str(text).replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:MAX_PART].strip("-")


def _readable(text: str) -> str:
    """The Vietnamese part as typed, without what file systems refuse (/ \\ : * ? " < > |,
    control characters) or leading dots."""
    text = unicodedata.normalize("NFC", str(text))
    text = re.sub(r"\s*:\s*", " - ", text)  # "Bầu Cụm trưởng: vòng 2" reads on
    text = re.sub(r'[\x00-\x1f\x7f/\\*?"<>|]+', " ", text)
    return re.sub(r"\s+", " ", text).strip(" .-")[:MAX_PART].strip()


def export_name(*parts, ext: str) -> FileName:
    """The one naming scheme of downloads: parts (the cluster's name, the year, what the
    file is, a poll's title…) joined by "_", e.g. export_name("Cụm thi đua số 3", 2026,
    "Xếp hạng", ext="xlsx") -> Cum-thi-dua-so-3_2026_Xep-hang.xlsx / Cụm thi đua số 3_2026_Xếp hạng.xlsx.
    Empty parts are left out; never a database id."""
    ascii_parts = [p for p in (ascii_slug(part) for part in parts) if p]
    readable_parts = [p for p in (_readable(part) for part in parts) if p]
    return FileName(ascii="_".join(ascii_parts) + f".{ext}", readable="_".join(readable_parts) + f".{ext}")


def download(content: bytes | str, filename: str | FileName, content_type: str) -> HttpResponse:
    """A private attachment download; name it with `export_name` (a plain str is kept for
    names that are not ours, e.g. an uploaded file's)."""
    response = HttpResponse(content, content_type=content_type)
    if isinstance(filename, FileName):
        response["Content-Disposition"] = filename.header()
    else:
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return private(response)

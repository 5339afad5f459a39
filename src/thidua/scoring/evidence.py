"""Evidence files (minh chứng): what is accepted, judged by the file's CONTENT, never by
its name or the type the browser claims, and how big it may be.

Accepted: PDF, PNG, JPEG, Word .docx and Excel .xlsx (the two are ZIP files holding
[Content_Types].xml and a word/ or xl/ folder). The limit is the setting
SCORING_EVIDENCE_MAX_BYTES (20 MB by default); an upload announcing a larger body is
refused before it is read (SizeLimitUploadHandler)."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
import zipfile

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from thidua.core.errors import InvalidInput

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ACCEPT = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,application/pdf,image/png,image/jpeg"
# The extension a file is stored and served under, by its detected type, and the other
# spellings of it that a person's file name may keep.
EXTENSIONS = {"pdf": ".pdf", "png": ".png", "jpeg": ".jpg", "docx": ".docx", "xlsx": ".xlsx"}
_SAME_EXTENSIONS = {"jpeg": {".jpg", ".jpeg", ".jpe"}}


def max_bytes() -> int:
    return int(getattr(settings, "SCORING_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def too_big_message(limit: int | None = None) -> str:
    return _("Tệp minh chứng vượt quá dung lượng cho phép ({limit}).").format(limit=filesizeformat(limit or max_bytes()))


def detect_type(fileobj) -> str | None:
    """'pdf', 'png', 'jpeg', 'docx', 'xlsx' from the first bytes (and, for ZIP files, the
    list of their members), or None. Leaves the file positioned at its start."""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head == b"\x89PNG\r\n\x1a\n":
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(fileobj) as archive:
                infos = archive.infolist()
                if len(infos) > MAX_ZIP_MEMBERS:
                    return None
                names = {info.filename for info in infos}
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return None
        finally:
            fileobj.seek(0)
        if "[Content_Types].xml" not in names:
            return None
        if any(name.startswith("word/") for name in names):
            return "docx"
        if any(name.startswith("xl/") for name in names):
            return "xlsx"
    return None


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_name(name: str | None) -> str:
    """The person's file name without any folder, control characters or excess length."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = os.path.basename(name.replace("\\", "/"))
    name = _CONTROL.sub("", name).strip().strip(".") or "minh-chung"
    if len(name) > 200:
        stem, ext = os.path.splitext(name)
        name = stem[: 200 - len(ext[:20])] + ext[:20]
    return name


def download_name(name: str | None, file_type: str) -> str:
    """The name a file is served under: the person's (cleaned) name with the extension of
    its detected type, so that a PDF uploaded as "report.html" is saved as "report.pdf",
    never opened as a web page by whoever downloads it."""
    name = clean_name(name)
    stem, ext = os.path.splitext(name)
    if ext.lower() in _SAME_EXTENSIONS.get(file_type, {EXTENSIONS[file_type]}):
        return name
    return (stem or name or "minh-chung") + EXTENSIONS[file_type]


def check_and_hash(uploaded) -> tuple[str, str, int]:
    """(file type, sha256 hex, size) of an uploaded file, or InvalidInput with the reason."""
    limit = max_bytes()
    size = uploaded.size
    if size is None or size > limit:
        raise InvalidInput(too_big_message(limit), field="file")
    if size == 0:
        raise InvalidInput(_("Tệp minh chứng rỗng."), field="file")
    file_type = detect_type(uploaded)
    if file_type is None:
        raise InvalidInput(
            _(
                "Tệp “{name}” không phải là PDF, ảnh PNG/JPEG, Word (.docx) hay Excel (.xlsx): "
                "loại tệp được xác định theo nội dung, không theo tên."
            ).format(name=clean_name(uploaded.name)),
            field="file",
        )
    digest = hashlib.sha256()
    read = 0
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        read += len(chunk)
        if read > limit:
            raise InvalidInput(too_big_message(limit), field="file")
        digest.update(chunk)
    uploaded.seek(0)
    return file_type, digest.hexdigest(), read


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops storing an upload as soon as the request announces, or turns out to have, a
    body larger than the evidence limit (plus room for the form's other fields): nothing
    of a 2 GB upload is written to disk or kept in memory. The rest of the body is read
    and dropped, so that the browser gets the answer (a reset connection would show it
    an error page instead). The form's fields before the file (the CSRF token) are kept;
    the view sees no file and `too_big`, and answers with the limit."""

    MARGIN = 64 * 1024

    def __init__(self, request=None, limit: int | None = None):
        super().__init__(request)
        self.limit = limit or max_bytes()
        self.read = 0
        self.too_big = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > self.limit + self.MARGIN:
            self.too_big = True
        return None

    def receive_data_chunk(self, raw_data, start):
        self.read += len(raw_data)
        if self.too_big or self.read > self.limit:
            self.too_big = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None

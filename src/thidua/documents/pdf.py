"""Render a `Document` to PDF (for publishing and signing) with WeasyPrint, from the same
HTML that the preview shows, so that the .docx, the preview and the PDF come from one
document model. WeasyPrint needs the system's Pango library (Debian: libpango-1.0-0,
libpangoft2-1.0-0); it is imported only here, so that the rest of ThiDua runs without it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from thidua.core.errors import Conflict

from .document import Document
from .html import render_html


def render_pdf(document: Document) -> bytes:
    try:
        from weasyprint import HTML
    except OSError as exc:  # the Python package is installed, Pango is not
        raise Conflict(_("Máy chủ chưa cài thư viện Pango nên chưa xuất được PDF; hãy tải bản .docx.")) from exc
    return HTML(string=render_html(document)).write_pdf()

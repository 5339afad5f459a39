"""Render a `Document` to PDF (for publishing and signing) with WeasyPrint, from the same
HTML that the preview shows, so that the .docx, the preview and the PDF come from one
document model. WeasyPrint needs the system's Pango library (Debian: libpango-1.0-0,
libpangoft2-1.0-0); it is imported only here, so that the rest of ThiDua runs without it.

The font: the HTML asks for "Times New Roman", then "Liberation Serif" (Debian's
fonts-liberation: Times metrics, Vietnamese glyphs). Without either, fontconfig picks
another serif with other metrics and the motto or a unit's name wraps (and fonts-liberation
1.07 lacks the stacked Vietnamese letters, which then come from DejaVu): Debian's
fonts-liberation2 is the declared dependency (docs/deploy.md); tests/documents/
test_pdf_everywhere.py reads the fonts a PDF embeds."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from thidua.core.errors import Conflict

from .document import Document
from .html import render_html
from .rendered import rendered


def _weasyprint_html():
    try:
        from weasyprint import HTML
    except OSError as exc:  # the Python package is installed, Pango is not
        raise Conflict(_("Máy chủ chưa cài thư viện Pango nên chưa xuất được PDF; hãy tải bản .docx.")) from exc
    return HTML


def render_layout(document: Document):
    """WeasyPrint's laid-out document (pages and boxes): `signing` reads where the
    signature's space landed; `write_pdf()` gives the bytes."""
    return _weasyprint_html()(string=render_html(document)).render()


def render_pdf(document: Document) -> bytes:
    return rendered("pdf", document, lambda d: render_layout(d).write_pdf())


def pdf_download(document: Document, filename):
    """A document as a private PDF download (pages and API alike): never cached. Like
    `docx.docx_download`; the caller has checked that the user may see the document."""
    from thidua.core.http import PDF, download

    return download(render_pdf(document), filename, PDF)


def pdf_filename(docx_filename):
    """The PDF's name from the .docx's (a core.http.FileName or a plain name):
    Cum-thi-dua-so-3_2026_Ke-hoach….docx → ….pdf."""
    from thidua.core.http import FileName

    def swap(name: str) -> str:
        return re.sub(r"\.docx$", "", name) + ".pdf"

    if isinstance(docx_filename, FileName):
        return FileName(ascii=swap(docx_filename.ascii), readable=swap(docx_filename.readable))
    return swap(docx_filename)

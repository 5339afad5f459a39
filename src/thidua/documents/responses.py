"""One response for a document in the format a page asks for: the HTML preview, the
.docx or the PDF (the domain apps' document pages call it after their permission checks)."""

from __future__ import annotations

from django.http import Http404

from .docx import docx_download
from .html import preview_response
from .pdf import pdf_download, pdf_filename

FORMATS = ("preview", "docx", "pdf")


def document_response(document, fmt: str, docx_name):
    """`docx_name` is the .docx's core.http.export_name; the PDF's follows from it."""
    if fmt == "docx":
        return docx_download(document, docx_name)
    if fmt == "pdf":
        return pdf_download(document, pdf_filename(docx_name))
    if fmt == "preview":
        return preview_response(document)
    raise Http404("Unknown format")

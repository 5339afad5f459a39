"""One response for a document in the format a page asks for: the HTML preview, the
.docx or the PDF (the domain apps' document pages call it after their permission checks)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_GET

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


def format_views(serve):
    """The preview, .docx and PDF views of one document: `serve(request, **url kwargs,
    fmt=…)` checks the permission and answers (with `document_response`). Instead of three
    near-identical view functions per document:

        plan_preview, plan_docx, plan_pdf = format_views(_plan_file)"""

    def view_for(fmt: str):
        @login_required
        @require_GET
        def view(request, **kwargs):
            return serve(request, fmt=fmt, **kwargs)

        view.__name__ = view.__qualname__ = f"{getattr(serve, '__name__', 'document').lstrip('_')}_{fmt}"
        return view

    return tuple(view_for(fmt) for fmt in FORMATS)

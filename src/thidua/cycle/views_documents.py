"""The year's further documents (cycle.documents_more): the regulation, the work
programme, the letter asking for comments and the year-end report, each as an HTML
preview, a .docx and a PDF, for whoever may see the year (others: 404 for a year they
cannot see, 403 otherwise)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from thidua.documents.responses import document_response

from .documents_more import DOCUMENTS
from .views import _viewable


def _serve(request, pk: int, year: int, kind: str, fmt: str):
    cluster_year, refused = _viewable(request, pk, year)
    if refused:
        return refused
    spec = DOCUMENTS.get(kind)
    if spec is None:
        raise Http404(_("Không có loại văn bản này."))
    return document_response(spec.build(cluster_year), fmt, spec.filename(cluster_year))


@login_required
@require_GET
def year_document_preview(request, pk: int, year: int, kind: str):
    return _serve(request, pk, year, kind, "preview")


@login_required
@require_GET
def year_document_docx(request, pk: int, year: int, kind: str):
    return _serve(request, pk, year, kind, "docx")


@login_required
@require_GET
def year_document_pdf(request, pk: int, year: int, kind: str):
    return _serve(request, pk, year, kind, "pdf")


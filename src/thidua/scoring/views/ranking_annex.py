"""The ranking annex (scoring.documents_annex) as an HTML preview, a .docx and a PDF,
under the ranking page's own checks (who may see the ranking, and from which phase)."""

from __future__ import annotations

from thidua.documents.responses import document_response, format_views

from ..documents_annex import annex_filename, ranking_annex_document
from .base import year_or_404
from .ranking import _ranking_or_refusal


def _serve(request, pk: int, year: int, fmt: str):
    cluster_year = year_or_404(request, pk, year)
    _result, refusal = _ranking_or_refusal(request, cluster_year)
    if refusal:
        return refusal
    return document_response(ranking_annex_document(cluster_year), fmt, annex_filename(cluster_year))


# the preview, .docx and PDF of each document (documents.responses.format_views)
ranking_annex_preview, ranking_annex_docx, ranking_annex_pdf = format_views(_serve)

"""The scoring pages, one module per subject: the criteria table, self-assessment, evidence,
cross-scoring, query threads, the ranking.

Thin: parse the request (forms.py), call a selector or a service, shape the output
(presenters.py), render. A year the user may not see is 404; a page the user may not open
is 403; a refusal of the phase or the state is shown with 409; invalid input re-renders the
form with every message (400) and saves nothing. Downloads are private (core.http)."""

from .criteria import criteria, criteria_export
from .cross_scoring import assignments, cross_home, cross_sheet, cross_submit
from .evidence import evidence_delete, evidence_download, evidence_upload
from .queries import query_ask, query_reply, reply_file_download
from .ranking import ranking, ranking_export, unit_totals
from .ranking_annex import ranking_annex_docx, ranking_annex_pdf, ranking_annex_preview
from .self_assessment import preview, self_home, self_sheet, self_submit, sheet_reopen

__all__ = [
    "assignments", "criteria", "criteria_export", "cross_home", "cross_sheet", "cross_submit", "evidence_delete",
    "evidence_download", "evidence_upload", "preview", "query_ask", "query_reply", "ranking",
    "ranking_annex_docx", "ranking_annex_pdf", "ranking_annex_preview",
    "ranking_export", "reply_file_download", "self_home", "self_sheet", "self_submit", "sheet_reopen", "unit_totals",
]  # fmt: skip

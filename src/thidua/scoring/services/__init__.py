"""Every write of the scoring app. Each service checks the actor's permission (403), the
phase (cycle.phases.require_phase, 409) and the state (409), validates the whole input
with arithmetic.py / table_io.py (400, every problem listed), writes inside one
transaction with an audit event, and saves nothing when anything is wrong.

By subject: `criteria` (the criteria table), `entries` (a sheet's entries, shared by both
kinds of sheet), `self_assessment`, `evidence`, `cross_scoring` (and the assignments),
`queries` (requests to explain and their replies); `common` holds what several share.
Reads are in scoring/selectors/.

The names below are re-exported so that `from thidua.scoring import services;
services.self_sheet_save(...)` keeps working; new code may import from the submodules."""

from .common import NOTE_MAX, QUERY_MAX, REASON_MAX, EvidenceMissing
from .criteria import (
    criteria_table_copy_from_previous,
    criteria_table_export_xlsx,
    criteria_table_freeze,
    criteria_table_import_sample,
    criteria_table_import_xlsx,
    criteria_table_replace,
    criteria_table_require,
)
from .cross_scoring import cross_sheet_save, cross_sheet_submit, scoring_assignments_set
from .evidence import evidence_delete, evidence_upload
from .queries import REPLY_FILES_MAX, score_query_ask, score_query_reply
from .self_assessment import missing_evidence, missing_evidence_message, self_sheet_save, self_sheet_submit, sheet_reopen

__all__ = [
    "NOTE_MAX",
    "QUERY_MAX",
    "REASON_MAX",
    "REPLY_FILES_MAX",
    "EvidenceMissing",
    "criteria_table_copy_from_previous",
    "criteria_table_export_xlsx",
    "criteria_table_freeze",
    "criteria_table_import_sample",
    "criteria_table_import_xlsx",
    "criteria_table_replace",
    "criteria_table_require",
    "cross_sheet_save",
    "cross_sheet_submit",
    "evidence_delete",
    "evidence_upload",
    "missing_evidence",
    "missing_evidence_message",
    "score_query_ask",
    "score_query_reply",
    "scoring_assignments_set",
    "self_sheet_save",
    "self_sheet_submit",
    "sheet_reopen",
]

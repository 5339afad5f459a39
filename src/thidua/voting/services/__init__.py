"""Every write of the conference and the vote, by subject: `conference` (details, check-in,
documents' numbers), `polls` (drafts, opening, run-offs), `ballots` (casting), `closing`
(unsealing, counting, publishing, an election's and a nomination's effects), `paper`
(the counting committee's figures); naming delegates is in voting/delegates.py. Each
function checks the actor's permission (voting/rules.py), the year's phase
(cycle.phases: "edit_conference", "prepare_polls", "vote") and the input
(voting/validation.py), writes in one transaction with its audit event, and raises a
domain error (400 InvalidInput, 403 Forbidden, 409 Conflict) with a Vietnamese message.
Reads are in voting/selectors/; whether a person may vote now, in voting/eligibility.py.

Secrecy (docs/voting.md): `ballot_cast` writes the participation (who voted) and the
ballot sealed (encrypted, voting/sealing.py) in one transaction; `poll_close` opens the
sealed ballots and writes them in clear, all at once and in receipt order, so that nothing
in the database (transaction ids, physical order, dump order) follows the order of voting.
The audit event says "unit X voted in poll P" and nothing about the choices; nothing here
logs a ballot.

The names below are re-exported so that `from thidua.voting import services;
services.poll_open(...)` keeps working; new code may import from the submodules."""

from thidua.cycle.services import year_settings_get
from thidua.org.services import cluster_year_set_members

from ..eligibility import ALREADY_VOTED
from ..rules import can
from ..selectors import (
    chain_positions,
    member_ids,
    poll_chain,
    poll_defaults,
    present_ids,
    published_ballots,
    quorum_required,
    ranking_order,
    voting_delegate_of,
)
from ..validation import MAX_LINE, MAX_LIST, ballot_validate, departs_from_ranking
from .ballots import ballot_cast
from .closing import compute_outcome, poll_close
from .common import CODE_DIGITS, RECEIPT_ALPHABET, RECEIPT_LENGTH, new_checkin_code, new_receipt
from .conference import (
    CHECKIN_MAX_WRONG,
    CHECKIN_WINDOW,
    CONFERENCE_TEXT,
    checkin,
    conference_document_issue,
    conference_locked,
    conference_new_code,
    conference_of,
    conference_update,
    may_number_document,
    present_recount,
)
from .paper import paper_tally_save
from .polls import POLL_FIELDS, poll_create, poll_delete, poll_open, poll_snapshot, poll_update, runoff_create

__all__ = [
    "ALREADY_VOTED",
    "CHECKIN_MAX_WRONG",
    "CHECKIN_WINDOW",
    "CODE_DIGITS",
    "CONFERENCE_TEXT",
    "MAX_LINE",
    "MAX_LIST",
    "POLL_FIELDS",
    "RECEIPT_ALPHABET",
    "RECEIPT_LENGTH",
    "ballot_cast",
    "ballot_validate",
    "can",
    "chain_positions",
    "checkin",
    "cluster_year_set_members",
    "compute_outcome",
    "conference_document_issue",
    "conference_locked",
    "conference_new_code",
    "conference_of",
    "conference_update",
    "departs_from_ranking",
    "may_number_document",
    "member_ids",
    "new_checkin_code",
    "new_receipt",
    "paper_tally_save",
    "poll_chain",
    "poll_close",
    "poll_create",
    "poll_defaults",
    "poll_delete",
    "poll_open",
    "poll_snapshot",
    "poll_update",
    "present_ids",
    "present_recount",
    "published_ballots",
    "quorum_required",
    "ranking_order",
    "runoff_create",
    "voting_delegate_of",
    "year_settings_get",
]

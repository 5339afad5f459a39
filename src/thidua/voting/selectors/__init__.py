"""Reads of the conference and the vote, scoped to what the user may see. While a poll is
open only its turnout is read here — never a running tally, never who voted when.

By subject: `electorate` (members, presence, quorum count, delegates), `attendance` (the
conference's quorum and check-in list), `polls` (reading polls for a user, frozen columns
left unread), `results` (turnout, result lines, ballots, receipts), `chains` (the ranking
as the vote uses it, a new poll's defaults, run-off chains). The names below are
re-exported so that `from thidua.voting import selectors; selectors.poll_for(...)` keeps
working; new code may import from the submodules."""

from .attendance import ATTENDANCE_PAGE, AttendanceRow, Quorum, attendance, attendance_page, attendance_row, quorum
from .chains import (
    chain_positions,
    earlier_positions,
    elected_positions,
    not_nominable,
    poll_chain,
    poll_defaults,
    proposals_of,
    ranking_order,
    ranking_proposal,
    runoff_of,
)
from .electorate import counted_attendance, electorate_of, member_ids, next_year_roles, present_ids, quorum_required, voting_delegate_of
from .polls import (
    FROZEN_COLUMNS,
    JSONArrayHas,
    JSONArrayLength,
    JSONObjectEntry,
    can_vote_now,
    frozen_length,
    hide_votes_of_open_polls,
    open_polls_for,
    poll_for,
    poll_for_casting,
    polls_listed,
    polls_of,
)
from .results import ResultLine, Turnout, ballots_of, candidate_units, published_ballots, receipt_lookup, result_lines, turnout

__all__ = [
    "ATTENDANCE_PAGE",
    "FROZEN_COLUMNS",
    "AttendanceRow",
    "JSONArrayHas",
    "JSONArrayLength",
    "JSONObjectEntry",
    "Quorum",
    "ResultLine",
    "Turnout",
    "attendance",
    "attendance_page",
    "attendance_row",
    "ballots_of",
    "can_vote_now",
    "candidate_units",
    "chain_positions",
    "counted_attendance",
    "earlier_positions",
    "elected_positions",
    "electorate_of",
    "frozen_length",
    "hide_votes_of_open_polls",
    "member_ids",
    "next_year_roles",
    "not_nominable",
    "open_polls_for",
    "poll_chain",
    "poll_defaults",
    "poll_for",
    "poll_for_casting",
    "polls_listed",
    "polls_of",
    "present_ids",
    "proposals_of",
    "published_ballots",
    "quorum",
    "quorum_required",
    "ranking_order",
    "ranking_proposal",
    "receipt_lookup",
    "result_lines",
    "runoff_of",
    "turnout",
    "voting_delegate_of",
]

"""The pages of the conference and the vote, one module per subject: the conference
(details, check-in and live quorum), the delegates, the documents (invitation and minutes,
the vote-counting minutes, the published ballot list), the polls (secretariat: create from
the ranking, edit, open, close, run-off, paper entry), the delegate's phone ballot, the
room screen and receipt look-up. `base.py` holds what they share.

Thin: parse (forms.py), call a selector or a service, shape (presenters.py), render.
Unknown or invisible: 404; not allowed: 403; refused by the state (phase, poll not open,
already voted): 409. Downloads are private (core.http)."""

from .ballots import ballot
from .conference import conference, conference_checkin, conference_documents, conference_new_code, conference_quorum
from .delegates import conference_delegate, conference_delegate_confirm
from .documents import (
    ballots_json,
    conference_digital_sign,
    conference_number,
    conference_signed_pdf,
    counting_minutes_docx,
    counting_minutes_number,
    counting_minutes_pdf,
    counting_minutes_preview,
    counting_minutes_sign,
    invitation_docx,
    invitation_pdf,
    invitation_preview,
    minutes_docx,
    minutes_pdf,
    minutes_preview,
)
from .documents_more import (
    conference_document_docx,
    conference_document_number,
    conference_document_pdf,
    conference_document_preview,
    conference_document_sign,
)
from .polls import poll_close, poll_delete, poll_detail, poll_edit, poll_open, poll_paper, poll_runoff, polls
from .room import receipt_lookup, room_screen, room_screen_status

__all__ = [
    "ballot",
    "ballots_json",
    "conference",
    "conference_checkin",
    "conference_delegate",
    "conference_delegate_confirm",
    "conference_digital_sign",
    "conference_document_docx",
    "conference_document_number",
    "conference_document_pdf",
    "conference_document_preview",
    "conference_document_sign",
    "conference_documents",
    "conference_new_code",
    "conference_number",
    "conference_quorum",
    "conference_signed_pdf",
    "counting_minutes_docx",
    "counting_minutes_number",
    "counting_minutes_pdf",
    "counting_minutes_preview",
    "counting_minutes_sign",
    "invitation_docx",
    "invitation_pdf",
    "invitation_preview",
    "minutes_docx",
    "minutes_pdf",
    "minutes_preview",
    "poll_close",
    "poll_delete",
    "poll_detail",
    "poll_edit",
    "poll_open",
    "poll_paper",
    "poll_runoff",
    "polls",
    "receipt_lookup",
    "room_screen",
    "room_screen_status",
]  # fmt: skip

"""Casting a ballot: the participation (who voted), the ballot sealed (what was voted,
encrypted: voting/sealing.py) and the audit event "unit X voted in poll P" without the
choices, in one transaction (docs/voting.md).

The path is short on purpose (≤ 10 statements per cast, the request included): the poll
row, read once (selectors.poll_for_casting), carries everything the cast needs — its
state, candidates, and from the roll and electorate frozen when it opened only the
unit's own entry — so nothing else is read; its state is read again under a share lock; the
participation's unique constraint, not a savepoint or a prior check, refuses a second
ballot for a unit; the unit's name comes from the frozen electorate."""

from __future__ import annotations

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from thidua.core.errors import Conflict
from thidua.org.models import Unit

from .. import sealing, tally
from ..eligibility import ALREADY_VOTED, own_entry, vote_refusal
from ..models import Participation, Poll, SealedBallot
from ..validation import ballot_validate
from .common import audit, new_receipt

STATE = "SELECT state FROM voting_poll WHERE id = %s"
STATE_SHARED = STATE + " FOR SHARE"


def _poll_state_locked_shared(poll_id: int) -> str:
    """The poll's state, read again with the row locked in share mode: many casts go on at
    once, while closing (which locks it exclusively) waits for them and then sees every
    ballot. Only the state can change once a poll is open (its roll, candidates and
    electorate are frozen), so the rest of the row is not read again. SQLite has one
    writer at a time anyway (transactions begin IMMEDIATE)."""
    sql = STATE_SHARED if connection.vendor == "postgresql" else STATE
    with connection.cursor() as cursor:  # plain SQL: a cast pays for no query compilation it does not need
        cursor.execute(sql, [poll_id])
        row = cursor.fetchone()
    if row is None:
        raise Conflict(_("Biểu quyết không còn tồn tại."))
    return row[0]


def _is_second_ballot(exc: IntegrityError) -> bool:
    text = str(exc)
    return "participation_one_per_unit" in text or "voting_participation.poll_id" in text


def _candidate_ids(poll: Poll) -> list[int]:
    if poll.candidate_ids:  # frozen when the poll opened
        return list(poll.candidate_ids)
    return list(poll.candidates.order_by("order", "pk").values_list("unit_id", flat=True))  # opened before they were frozen


def ballot_cast(*, actor, poll: Poll, choices=None, answers=None) -> str | None:
    """Cast the actor's unit's ballot; returns its receipt (None when the poll publishes
    ballots without receipts: the receipt then stays inside the sealed ballot, where it
    only orders the ballots at the close). One transaction: the participation (unique per
    poll and unit — a second attempt, however concurrent, fails there), the ballot sealed
    (receipt and choices encrypted; nothing else), and the audit event "unit X voted in
    poll P" without the choices. Refusals: eligibility.vote_refusal (403, then 409), the
    ballot's content (400), a second ballot for the unit (409)."""
    cluster_year = poll.cluster_year
    unit_id = actor.unit_id
    try:
        with transaction.atomic():
            if _poll_state_locked_shared(poll.pk) != poll.state:  # opened or closed since it was read: read it all again
                poll = Poll.objects.get(pk=poll.pk)
                poll.cluster_year = cluster_year  # already loaded with its cluster (the live rules of an unfrozen poll need it)
            refusal = vote_refusal(actor, poll, check_voted=False)
            if refusal is not None:
                raise refusal.error
            candidate_ids = _candidate_ids(poll)
            content = ballot_validate(poll, candidate_ids, choices, answers)
            # No savepoint: if the unit has voted, this insert fails (at once, or when the
            # concurrent cast commits) and the whole transaction rolls back, ballot included.
            Participation.objects.create(poll=poll, unit_id=unit_id, delegate=actor)
            receipt = new_receipt()  # 40 random bits: a repeat within one poll is checked at the close
            entry = tally.canonical_entry(poll.method, receipt, content)
            nonce, ciphertext = sealing.seal(poll_id=poll.pk, salt=poll.seal_salt, entry=entry, candidates=len(candidate_ids))
            SealedBallot.objects.create(poll=poll, nonce=nonce, ciphertext=ciphertext)
            unit_name = (own_entry(poll, unit_id)[1] or {}).get("name")
            if unit_name is None:  # a poll opened before the electorate was frozen
                unit_name = Unit.objects.filter(pk=unit_id).values_list("name", flat=True).first() or str(unit_id)
            audit(
                actor, "poll.vote", poll, cluster_year, object_label=f"{unit_name} đã bỏ phiếu: {poll.title}"[:300], after={"unit": unit_id}
            )
    except IntegrityError as exc:
        if _is_second_ballot(exc):
            raise Conflict(ALREADY_VOTED) from None
        raise
    return receipt if poll.publish_receipts else None

"""Secrecy (voting.md §2): the schema holds no path from a ballot to its voter; the audit
trail and the logs never contain choices; ballots are never listed in insertion order."""

from __future__ import annotations

import json
import logging
import uuid

import pytest
from django.db import connection, models

from thidua.core.models import AuditEvent
from thidua.voting.models import Ballot, Participation, Poll


def test_the_ballot_table_holds_nothing_but_a_random_id_the_poll_a_receipt_and_the_choices():
    fields = {f.name: f for f in Ballot._meta.get_fields()}
    assert set(fields) == {"id", "poll", "receipt", "choices"}
    relations = [f for f in Ballot._meta.get_fields() if f.is_relation]
    assert [(f.name, f.related_model) for f in relations] == [("poll", Poll)]
    assert not any(isinstance(f, (models.ManyToManyField, models.OneToOneField)) for f in relations)
    assert not any(isinstance(f, (models.DateField, models.DateTimeField, models.TimeField, models.DurationField))
                   for f in Ballot._meta.concrete_fields)
    pk = Ballot._meta.pk
    assert isinstance(pk, models.UUIDField) and not isinstance(pk, (models.AutoField, models.BigAutoField))
    assert pk.default().version == 4  # random, not time-ordered (versions 1, 6, 7)
    assert Ballot._meta.ordering == ["receipt"]
    # No other model points at a ballot either (a reverse path would link it too).
    assert not list(Ballot._meta.related_objects)


def test_participation_says_who_voted_but_nothing_about_when_or_what():
    names = {f.name for f in Participation._meta.concrete_fields}
    assert names == {"id", "poll", "unit", "delegate"}
    assert not any(isinstance(f, (models.DateField, models.DateTimeField)) for f in Participation._meta.concrete_fields)
    unique = [c for c in Participation._meta.constraints if isinstance(c, models.UniqueConstraint)]
    assert [tuple(c.fields) for c in unique] == [("poll", "unit")]


@pytest.mark.django_db
def test_the_database_table_has_no_other_column():
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, Ballot._meta.db_table)}
    assert columns == {"id", "poll_id", "receipt", "choices"}


def in_order(ids) -> bool:
    """Ids that rise (or fall) in the order they were made would tell the order of the votes."""
    return ids in (sorted(ids), sorted(ids, reverse=True))


def test_ballot_ids_are_random_not_sequential():
    ids = [Ballot._meta.pk.default() for _ in range(50)]
    assert all(isinstance(i, uuid.UUID) and i.version == 4 for i in ids)
    assert not in_order(ids)  # 50 random ids come out in order with odds 2/50!
    # The check bites: rising ids (a sequence, a time-ordered uuid) and falling ones are caught.
    assert in_order([uuid.UUID(int=n) for n in range(50)]) and in_order([uuid.UUID(int=n) for n in range(50, 0, -1)])


def test_the_audit_trail_and_the_logs_never_hold_the_choices(electorate, caplog, settings):
    e = electorate
    poll = e.poll(kind="flag", title="Suy tôn Cờ thi đua", candidates=e.units[:4], method="approval", max_choices=2, seats=2,
                  threshold={"base": "members", "percent": 70, "strict": False})
    settings.DEBUG = True
    connection.force_debug_cursor = True  # SQL logged with its parameters, as with DEBUG on
    receipts = []
    try:
        with caplog.at_level(logging.DEBUG), caplog.at_level(logging.DEBUG, logger="django.db.backends"):
            for i in range(len(e.units)):
                receipts.append(e.cast(poll, i, choices=[e.units[i % 4].pk, e.units[(i + 1) % 4].pk]))
            e.close(poll)  # opens the sealed ballots and writes them in clear
    finally:
        connection.force_debug_cursor = False
    logged = "\n".join(f"{r.getMessage()} {getattr(r, 'sql', '')} {getattr(r, 'params', '')}" for r in caplog.records)
    assert "voting_participation" in logged  # the SQL was indeed logged…
    assert "SQL on voting_sealedballot redacted" in logged  # …but not the sealed ballots'…
    assert "SQL on voting_ballot redacted" in logged  # …nor the clear ones written at the close
    for receipt in receipts:
        assert receipt not in logged
    ballots = list(Ballot.objects.filter(poll=poll))
    assert len(ballots) == len(e.units)
    for ballot in ballots:
        assert json.dumps(ballot.choices) not in logged
    events = AuditEvent.objects.filter(action="poll.vote", object_id=str(poll.pk))
    assert events.count() == len(e.units)
    for event in events:
        assert set(event.after) == {"unit"}
        text = json.dumps([event.before, event.after, event.object_label, event.reason], ensure_ascii=False)
        assert "choices" not in text and not any(r in text for r in receipts)


def test_ballots_are_listed_by_receipt(electorate):
    e = electorate
    poll = e.poll(candidates=e.units[:2], method="approval", max_choices=1, seats=1)
    for i in range(6):
        e.cast(poll, i, choices=[e.units[0].pk])
    e.close(poll)
    receipts = list(Ballot.objects.filter(poll=poll).values_list("receipt", flat=True))
    assert len(receipts) == 6 and receipts == sorted(receipts)
    assert "ORDER BY" in str(Ballot.objects.filter(poll=poll).query)

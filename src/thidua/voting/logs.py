"""Keeping ballots out of the logs (voting.md §2: "Request logs must not contain ballot
bodies"). Django logs every SQL statement with its parameters on "django.db.backends" at
DEBUG level when DEBUG is on; a statement that writes or reads the ballot table would carry
a ballot's choices and receipt (at the close), or a sealed ballot (at the cast: useless
without the sealing secret, but in the order of voting). This filter, attached to that
logger in VotingConfig.ready(), replaces such a record's parameters before any handler
sees it."""

from __future__ import annotations

import logging

BALLOT_TABLE = "voting_ballot"
TABLES = (BALLOT_TABLE, "voting_sealedballot")


class RedactBallots(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        sql = getattr(record, "sql", None)
        text = sql if isinstance(sql, str) else ""
        table = next((t for t in TABLES if t in text or t in str(record.msg)), None)
        if table is None:
            return True
        redacted = f"(SQL on {table} redacted: ballots are secret)"
        record.sql = redacted
        record.params = ()
        record.msg = "(%.3f) %s"
        record.args = (getattr(record, "duration", 0.0) or 0.0, redacted)
        return True

"""Keeping ballots out of the logs (voting.md §2: "Request logs must not contain ballot
bodies"). Django logs every SQL statement with its parameters on "django.db.backends" at
DEBUG level when DEBUG is on; a statement that writes or reads the ballot table would carry
a ballot's choices and receipt. This filter, attached to that logger in
VotingConfig.ready(), replaces such a record's parameters before any handler sees it."""

from __future__ import annotations

import logging

BALLOT_TABLE = "voting_ballot"


class RedactBallots(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        sql = getattr(record, "sql", None)
        text = sql if isinstance(sql, str) else ""
        if BALLOT_TABLE not in text and BALLOT_TABLE not in str(record.msg):
            return True
        redacted = f"(SQL on {BALLOT_TABLE} redacted: ballots are secret)"
        record.sql = redacted
        record.params = ()
        record.msg = "(%.3f) %s"
        record.args = (getattr(record, "duration", 0.0) or 0.0, redacted)
        return True

"""The attacker who holds only the database (or a dump of it) tries to link ballots to
voters (voting.md "Sealed ballots"). PostgreSQL only: `xmin`, `ctid` and dump order are
PostgreSQL's.

Thirty units cast one after another, each in its own transaction as a request would, in a
random order; every unit's ballot is unique (a distinct set of approvals) so that a guess
can be checked. After the close the attacker lines the voters up by every order the
database keeps of the voting (participation `xmin` and `ctid`, the audit trail's "voted"
events) and the ballots by every order it keeps of them (`xmin`, `ctid`, a `SELECT`
without `ORDER BY`, `pg_dump`, the random ids), and also joins each participation to the ballot of nearest `xmin`.

Before the ballots were sealed (the code up to issue 7) the ballot row was inserted in the
same transaction as the participation row: consecutive `xmin`s, the heap and the dump in
voting order — every attack but the random ids linked 30 of 30 (run against that code,
this test failed: "participation xmin ~ ballot ctid: links 30/30", "nearest xmin join:
links 30/30", "audit 'voted' events ~ pg_dump: links 30/30"…). Now the clear ballots
are all written by the closing transaction in receipt order, which is random with respect
to the voting order: a line-up matches like a random permutation (one fixed point
expected; 8 or more happens with probability about 1e-5), and every ballot has the same
`xmin`, so the nearest-`xmin` join picks one ballot for everyone."""

from __future__ import annotations

import itertools
import json
import random
import shutil
import subprocess

import pytest
from django.db import connection

from thidua.core.models import AuditEvent
from thidua.voting import services
from thidua.voting.models import Participation, Poll

from .conftest import build_electorate
from .test_concurrency import pg  # noqa: F401  (the PostgreSQL fixture)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

VOTERS = 30
CHANCE = 8  # a uniformly random line-up of 30 matches 8 or more with probability ~1e-5


def _rows(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _choices(value) -> list[int]:
    return sorted(json.loads(value) if isinstance(value, str) else value)  # a raw cursor may give jsonb as text


def _ballots_in_dump_order(poll_id: int) -> list[list[int]]:
    """`pg_dump --data-only -t voting_ballot`, as a backup would write it."""
    s = connection.settings_dict
    args = ["pg_dump", "--data-only", "-t", "voting_ballot", "-d", s["NAME"], "-h", s["HOST"] or "127.0.0.1", "-U", s["USER"] or "postgres"]
    if s.get("PORT"):
        args += ["-p", str(s["PORT"])]
    out = subprocess.run(args, capture_output=True, text=True, check=True, timeout=120).stdout
    copy = itertools.dropwhile(lambda line: not line.startswith("COPY "), out.splitlines())
    lines = itertools.takewhile(lambda line: line != "\\.", copy)
    header = next(lines)
    columns = [c.strip() for c in header[header.index("(") + 1 : header.index(")")].split(",")]
    ballots = []
    for line in lines:
        row = dict(zip(columns, line.split("\t"), strict=True))
        if int(row["poll_id"]) == poll_id:
            ballots.append(sorted(json.loads(row["choices"])))
    return ballots


@pytest.mark.usefixtures("pg")
def test_the_database_does_not_link_ballots_to_voters():
    e = build_electorate(VOTERS, number="66")
    e.check_in()
    candidates = e.units[:10]
    poll = e.poll(
        kind="flag",
        title="Suy tôn Cờ thi đua",
        candidates=candidates,
        method="approval",
        max_choices=3,
        seats=3,
        threshold={"base": "members", "percent": 50, "strict": False},
    )
    subsets = [list(s) for k in (1, 2, 3) for s in itertools.combinations([u.pk for u in candidates], k)]
    rng = random.Random(7)
    truth = dict(zip(e.units, rng.sample(subsets, VOTERS), strict=True))  # unit -> its (unique) approvals
    order = rng.sample(range(VOTERS), VOTERS)
    for i in order:  # one transaction per cast, like the requests of the room
        services.ballot_cast(actor=e.heads[i], poll=Poll.objects.get(pk=poll.pk), choices=truth[e.units[i]])

    # While the poll is open the database holds no choices in clear.
    assert not _rows("SELECT 1 FROM voting_ballot WHERE poll_id = %s", [poll.pk])
    sealed = _rows("SELECT nonce, ciphertext FROM voting_sealedballot WHERE poll_id = %s", [poll.pk])
    assert len(sealed) == VOTERS
    raw = b"".join(bytes(n) + bytes(c) for n, c in sealed)
    for choices in truth.values():
        assert json.dumps(sorted(choices), separators=(",", ":")).encode() not in raw
    assert b"choices" not in raw and b"receipt" not in raw
    assert len({len(bytes(c)) for _n, c in sealed}) == 1  # padded: the length says nothing either

    e.close(Poll.objects.get(pk=poll.pk))
    assert not _rows("SELECT 1 FROM voting_sealedballot WHERE poll_id = %s", [poll.pk])

    # The attacker's view: voters in each order the database kept of the voting…
    voters_by = {
        "participation xmin": [
            u for (u,) in _rows("SELECT unit_id FROM voting_participation WHERE poll_id = %s ORDER BY xmin::text::bigint", [poll.pk])
        ],
        "participation ctid": [u for (u,) in _rows("SELECT unit_id FROM voting_participation WHERE poll_id = %s ORDER BY ctid", [poll.pk])],
        "audit 'voted' events": [
            ev.after["unit"] for ev in AuditEvent.objects.filter(action="poll.vote", object_id=str(poll.pk)).order_by("seq")
        ],
    }
    assert all(sorted(v) == sorted(u.pk for u in e.units) for v in voters_by.values())
    # …and ballots in each order it kept of them.
    ballots_by = {
        "ballot xmin, ctid": [
            _choices(c)
            for (c,) in _rows("SELECT choices FROM voting_ballot WHERE poll_id = %s ORDER BY xmin::text::bigint, ctid", [poll.pk])
        ],
        "ballot ctid": [_choices(c) for (c,) in _rows("SELECT choices FROM voting_ballot WHERE poll_id = %s ORDER BY ctid", [poll.pk])],
        "SELECT without ORDER BY": [_choices(c) for (c,) in _rows("SELECT choices FROM voting_ballot WHERE poll_id = %s", [poll.pk])],
        "ballot id": [_choices(c) for (c,) in _rows("SELECT choices FROM voting_ballot WHERE poll_id = %s ORDER BY id", [poll.pk])],
    }
    if shutil.which("pg_dump"):
        ballots_by["pg_dump"] = _ballots_in_dump_order(poll.pk)
    choices_of = {u.pk: sorted(c) for u, c in truth.items()}
    assert all(len(b) == VOTERS and sorted(map(tuple, b)) == sorted(map(tuple, choices_of.values())) for b in ballots_by.values())

    linked = {}
    for (vname, voters), (bname, ballots) in itertools.product(voters_by.items(), ballots_by.items()):
        linked[f"{vname} ~ {bname}"] = sum(choices_of[u] == b for u, b in zip(voters, ballots, strict=True))
    # The join on transaction ids: each voter's participation goes with the ballot whose
    # xmin is nearest (the first in the heap among equally near ones).
    ballots = [
        (int(x), _choices(c)) for x, c in _rows("SELECT xmin::text, choices FROM voting_ballot WHERE poll_id = %s ORDER BY ctid", [poll.pk])
    ]
    joined = 0
    for xmin, unit_id in _rows("SELECT xmin::text::bigint, unit_id FROM voting_participation WHERE poll_id = %s", [poll.pk]):
        nearest = min(ballots, key=lambda b, x=xmin: abs(b[0] - x))  # min keeps the first of equals
        joined += nearest[1] == choices_of[unit_id]
    linked["nearest xmin join"] = joined

    assert Participation.objects.filter(poll=poll).count() == VOTERS
    assert max(linked.values()) < CHANCE, {k: f"links {v}/{VOTERS}" for k, v in linked.items()}

"""Bench data for the vote's pages (bench/generate.py writes it, bench/run.py reads it):
an organizer of its own, "Bộ thử tải biểu quyết" (BTTV), whose officer `bench.bttv` views
three cluster-years of 2026 in the conference phase, every member checked in, each with
one closed approval poll in which every member voted:

- K: 500 member units (the conference page with 500 members), 500 ballots;
- B: 10,000 member units, 10,000 ballots (the poll page with 10,000 ballots);
- S: 20 member units, 20 ballots (the small counterpart of both, for the query counts).

Rows are written with bulk_create as in bench/ballots.py (no services, no audit events);
the year's conference comes from voting.year_rows.conference_create, as a year's creation
makes it, and the polls are created, opened and closed through the services, so their
roll, electorate, results and digest are the real ones.
"""

from __future__ import annotations

import random

ORGANIZER = "BTTV"
OFFICER = "bench.bttv"
YEAR = 2026
SIZES = {"K": 500, "B": 10_000, "S": 20}


def present() -> bool:
    from thidua.org.models import Organizer

    return Organizer.objects.filter(symbol=ORGANIZER).exists()


def _year(organizer, officer, tag: str, n: int, password: str):
    from thidua.org.models import Cluster, ClusterYear, Membership, Phase, Role, Unit
    from thidua.org.text import fold
    from thidua.voting.models import CheckIn, Conference
    from thidua.voting.year_rows import conference_create

    cluster = Cluster.objects.create(organizer=organizer, number=tag, name=f"Cụm thử tải biểu quyết {tag} ({n} đơn vị)")
    cy = ClusterYear.objects.create(cluster=cluster, year=YEAR, phase=Phase.CONFERENCE, member_count=n)  # as the service keeps it
    names = [f"Đơn vị thử tải {tag}-{i:05d}" for i in range(n)]
    units = Unit.objects.bulk_create([
        Unit(name=name, symbol="DV", kind=Unit.Kind.OTHER, managed_by=organizer, search_name=fold(name)) for name in names
    ], batch_size=2000)
    roles = {0: Role.LEADER, 1: Role.DEPUTY1, 2: Role.DEPUTY2}
    Membership.objects.bulk_create([
        Membership(cluster_year=cy, unit=u, role=roles.get(i, Role.MEMBER), organizer=organizer, year=YEAR, sort_name=u.name)
        for i, u in enumerate(units)
    ], batch_size=2000)
    conference = conference_create(actor=officer, cluster_year=cy)
    CheckIn.objects.bulk_create([CheckIn(conference=conference, unit=u) for u in units], batch_size=2000)
    Conference.objects.filter(pk=conference.pk).update(present_count=n)  # as the check-ins keep it
    return cy, units


def _closed_poll(officer, cy, units, seed: int):
    """Open a poll through the services, write one sealed ballot per member unit as the
    casts store them, and close it through the services (which unseal and count them)."""
    from thidua.voting import sealing, services, tally
    from thidua.voting.models import Participation, Poll, SealedBallot

    candidates = units[1:6]
    poll = services.poll_create(actor=officer, cluster_year=cy, data={
        "kind": "merit", "title": f"Thử tải: {len(units)} phiếu", "method": "approval", "max_choices": 2, "seats": 2,
        "threshold": {"base": "members", "percent": 30, "strict": False}, "candidates": candidates,
    })
    poll = services.poll_open(actor=officer, poll=poll)
    rng = random.Random(seed)
    ids = [c.pk for c in candidates]
    receipts: set[str] = set()
    while len(receipts) < len(units):
        receipts.add(services.new_receipt())
    Participation.objects.bulk_create([Participation(poll=poll, unit=u, delegate=officer) for u in units], batch_size=5000)
    sealed = [sealing.seal(poll_id=poll.pk, salt=poll.seal_salt, candidates=len(ids),
                           entry=tally.canonical_entry(poll.method, r, sorted(rng.sample(ids, rng.choice([0, 1, 2, 2])))))
              for r in sorted(receipts)]
    SealedBallot.objects.bulk_create([SealedBallot(poll=poll, nonce=nonce, ciphertext=c) for nonce, c in sealed], batch_size=5000)
    return services.poll_close(actor=officer, poll=Poll.objects.get(pk=poll.pk))


def generate(password: str) -> None:
    from django.db import transaction

    from thidua.org.models import Organizer, User

    with transaction.atomic():
        organizer = Organizer.objects.create(name="Bộ thử tải biểu quyết", symbol=ORGANIZER)
        officer = User.objects.create(username=OFFICER, full_name="Cán bộ thử tải biểu quyết", organizer=organizer,
                                      is_organizer_officer=True, password=password)
        for seed, (tag, n) in enumerate(SIZES.items(), start=1):
            cy, units = _year(organizer, officer, tag, n, password)
            _closed_poll(officer, cy, units, seed)


def objects() -> dict:
    """The officer, the three years and their polls, for bench/run.py."""
    from thidua.org.models import ClusterYear, User
    from thidua.voting.models import Poll

    years = {cy.cluster.number: cy for cy in ClusterYear.objects.filter(cluster__organizer__symbol=ORGANIZER).select_related("cluster")}
    polls = {tag: Poll.objects.get(cluster_year=cy) for tag, cy in years.items()}
    return {"voting_officer": User.objects.get(username=OFFICER), "years": years, "polls": polls}

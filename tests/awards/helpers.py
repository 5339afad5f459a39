"""Rows the awards tests build directly (fast, unaudited) — tests of a service call it."""

import datetime as dt
from decimal import Decimal

from thidua.awards.models import Award, Decision, UnitRating
from thidua.voting.models import Poll, Proposal


def rate(unit, ratings: dict[int, str]):
    for year, rating in ratings.items():
        UnitRating.objects.update_or_create(unit=unit, year=year, defaults={"rating": rating})


def proposal(cluster_year, unit, kind="flag", votes=8, percent="80.00", state="closed"):
    poll = Poll.objects.create(cluster_year=cluster_year, kind=kind, title=f"Biểu quyết {kind}", method="approval", state=state)
    return Proposal.objects.create(cluster_year=cluster_year, kind=kind, unit=unit, poll=poll, votes=votes, percent=Decimal(percent))


def award(unit, code, year, organizer, *, number=None, revoked=False, date=None):
    decision = Decision.objects.create(
        organizer=organizer,
        number=number or f"{code}-{year}-{unit.pk}/QĐ",
        date=date or dt.date(year + 1, 1, 15),
        signer="Thứ trưởng",
        year=year,
    )
    return Award.objects.create(unit=unit, award=code, year=year, decision=decision, revoked=revoked)

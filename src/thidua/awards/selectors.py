"""Reads of the awards app. A unit's registry, ratings and eligibility are readable by
whoever may see the unit (every signed-in person, as the unit itself)."""

from __future__ import annotations

from dataclasses import dataclass

from thidua.org.models import ClusterYear, Membership, Unit
from thidua.org.selectors import unit_all_predecessors

from .models import Award, UnitRating


@dataclass
class RegistryLine:
    award: Award
    via_predecessor: bool

    @property
    def unit(self) -> Unit:
        return self.award.unit


def unit_awards(unit: Unit, *, include_predecessors: bool = False, lineage: list[Unit] | None = None) -> list[RegistryLine]:
    """The unit's awards, newest first; with `include_predecessors`, its predecessors' too
    (through every merger, one query for the lineage), each marked `via_predecessor`.
    Revoked awards are listed (marked), as the registry keeps them."""
    ids = [unit.pk]
    if include_predecessors:
        lineage = unit_all_predecessors(unit) if lineage is None else lineage
        ids += [u.pk for u in lineage]
    rows = (
        Award.objects.filter(unit_id__in=ids)
        .select_related("unit", "decision", "decision__organizer")
        .order_by("-year", "-decision__date", "award", "unit__name", "pk")
    )
    return [RegistryLine(a, a.unit_id != unit.pk) for a in rows]


def unit_rating(unit: Unit, year: int) -> UnitRating | None:
    return UnitRating.objects.filter(unit=unit, year=year).first()


def cluster_members(cluster_year: ClusterYear) -> list[Unit]:
    """The year's member units by name (for the ratings page)."""
    ids = Membership.objects.filter(cluster_year=cluster_year).values("unit_id")
    return list(Unit.objects.filter(pk__in=ids).order_by("name", "pk"))


def ratings_of(units: list[Unit], year: int) -> dict[int, UnitRating]:
    return {r.unit_id: r for r in UnitRating.objects.filter(unit__in=units, year=year)}


def decision_or_404(pk: int):
    """A decision with its organizer (decisions are readable by every signed-in person)."""
    from django.shortcuts import get_object_or_404

    from .models import Decision

    return get_object_or_404(Decision.objects.select_related("organizer", "recorded_by"), pk=pk)


def decisions_of(organizer_id: int | None = None, year: int | None = None):
    from django.db.models import Count, Q

    from .models import Decision

    qs = Decision.objects.select_related("organizer").annotate(
        n_awards=Count("awards"), n_revoked=Count("awards", filter=Q(awards__revoked=True))
    )
    if organizer_id:
        qs = qs.filter(organizer_id=organizer_id)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "-date", "-pk")


def decision_candidates(organizer_id: int, year: int) -> tuple[list[Unit], list[tuple[int, str]]]:
    """(the units in the organizer's clusters that year, by name; the closed nomination
    polls' proposals not decided yet, as (unit id, award code) — the rows a new decision
    starts from)."""
    from thidua.voting.models import Proposal

    from .eligibility import POLL_AWARD

    ids = Membership.objects.filter(organizer_id=organizer_id, year=year).values("unit_id")
    units = list(Unit.objects.filter(pk__in=ids).order_by("name", "pk"))
    proposals = Proposal.objects.filter(
        cluster_year__cluster__organizer_id=organizer_id, cluster_year__year=year, poll__state="closed"
    ).order_by("kind", "rank", "unit__name")
    decided = set(Award.objects.filter(year=year, revoked=False).values_list("unit_id", "award"))
    rows = [(p.unit_id, POLL_AWARD[p.kind]) for p in proposals if p.kind in POLL_AWARD]
    return units, [r for r in rows if r not in decided]

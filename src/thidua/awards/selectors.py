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

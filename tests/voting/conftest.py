"""Fixtures of the voting tests: a cluster-year in the conference phase with `n` member
units, each with a head (who is also its delegate) and an officer; the first unit leads."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.factories import ClusterFactory, ClusterYearFactory, OrganizerFactory, UnitFactory, UserFactory, add_member
from tests.scoring.helpers import SMALL_TABLE, entries
from thidua.org.models import Cluster, ClusterYear, Organizer, Phase, Role, Unit, User
from thidua.scoring import services as scoring
from thidua.voting import services
from thidua.voting.models import Poll


@dataclass
class Electorate:
    organizer: Organizer
    cluster: Cluster
    cluster_year: ClusterYear
    units: list[Unit]
    heads: list[User]
    officers: list[User]
    organizer_officer: User

    @property
    def leader_officer(self) -> User:
        return self.officers[0]

    def head_of(self, unit: Unit) -> User:
        return self.heads[self.units.index(unit)]

    def check_in(self, units=None) -> None:
        for unit in self.units if units is None else units:
            services.checkin(actor=self.organizer_officer, cluster_year=self.cluster_year, unit=unit)

    def poll(self, *, candidates=None, open_it: bool = True, **data) -> Poll:
        data.setdefault("kind", "other")
        data.setdefault("title", "Biểu quyết thử nghiệm")
        data["candidates"] = candidates if candidates is not None else self.units[:3]
        poll = services.poll_create(actor=self.leader_officer, cluster_year=self.cluster_year, data=data)
        if open_it:
            poll = services.poll_open(actor=self.leader_officer, poll=poll)
        return poll

    def cast(self, poll: Poll, voter_index: int, choices=None, answers=None) -> str:
        return services.ballot_cast(actor=self.heads[voter_index], poll=poll, choices=choices, answers=answers)

    def close(self, poll: Poll) -> Poll:
        return services.poll_close(actor=self.leader_officer, poll=poll)


def build_electorate(n: int = 10, *, year: int = 2026, phase: str = Phase.CONFERENCE, number: str = "7") -> Electorate:
    organizer = OrganizerFactory()
    cluster = ClusterFactory(organizer=organizer, number=number, name=f"Cụm thi đua số {number}")
    cluster_year = ClusterYearFactory(cluster=cluster, year=year, phase=phase)
    units, heads, officers = [], [], []
    for i in range(n):
        unit = UnitFactory(name=f"Sở Ngoại vụ thử nghiệm {number}-{i + 1:02d}", managed_by=organizer)
        add_member(cluster_year, unit, Role.LEADER if i == 0 else (Role.DEPUTY1 if i == 1 else Role.MEMBER))
        units.append(unit)
        heads.append(UserFactory(username=f"head{number}_{i}", unit=unit, is_unit_head=True, is_delegate=True))
        officers.append(UserFactory(username=f"officer{number}_{i}", unit=unit, is_unit_officer=True))
    officer = UserFactory(username=f"org{number}", organizer=organizer, is_organizer_officer=True)
    return Electorate(organizer, cluster, cluster_year, units, heads, officers, officer)


@pytest.fixture
def electorate(db) -> Electorate:
    """Ten member units, all checked in."""
    e = build_electorate(10)
    e.check_in()
    return e


def rank_units(e: Electorate, order: list[Unit]) -> None:
    """Give the year a real ranking through the scoring services, `order` best first: the
    criteria table, then one submitted cross sheet per unit (by the next unit of the list,
    whom the default "everyone scores everyone" assigns), its I.1 points falling with the
    place. The phases are stepped directly (the phase service's hooks are not the point)
    and the year is put back in its phase."""
    cy = e.cluster_year
    phase = cy.phase
    _set_phase(cy, Phase.PREPARING)
    scoring.criteria_table_replace(actor=e.organizer_officer, cluster_year=cy, data=SMALL_TABLE)
    scoring.criteria_table_freeze(actor=e.organizer_officer, cluster_year=cy)
    _set_phase(cy, Phase.CROSS_SCORING)
    for place, unit in enumerate(order):
        scorer = order[(place + 1) % len(order)]
        actor = e.officers[e.units.index(scorer)]
        scoring.cross_sheet_save(actor=actor, cluster_year=cy, unit=unit, scorer=scorer, entries=entries(I_1=10 - place, I_2=5))
        scoring.cross_sheet_submit(actor=actor, cluster_year=cy, unit=unit, scorer=scorer)
    _set_phase(cy, phase)


def _set_phase(cluster_year: ClusterYear, phase: str) -> None:
    ClusterYear.objects.filter(pk=cluster_year.pk).update(phase=phase)
    cluster_year.refresh_from_db()

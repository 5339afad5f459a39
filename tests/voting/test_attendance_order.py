"""The attendance lists the leader, the deputies, then the members by name, a page at a
time — read from an index on the membership's copy of its unit's name (`sort_name`), which
the services keep: written with the year's members, following a renaming."""

import pytest

from tests.factories import ClusterFactory, OrganizerFactory, UnitFactory, UserFactory
from thidua.org import services as org
from thidua.org.models import ClusterYear, Membership, Role
from thidua.voting import selectors, services

pytestmark = pytest.mark.django_db

def year_of(n_members: int):
    organizer = OrganizerFactory()
    officer = UserFactory(organizer=organizer, is_organizer_officer=True)
    cluster = ClusterFactory(organizer=organizer)
    # the leadership's names sort after and among the members': they still come first
    leader = UnitFactory(name="Sở Ngoại vụ tỉnh Yên Bái", managed_by=organizer)
    deputy = UnitFactory(name="Sở Ngoại vụ thử 030b", managed_by=organizer)
    members = [UnitFactory(name=f"Sở Ngoại vụ thử {i:03d}", managed_by=organizer) for i in range(n_members)]
    org.cluster_year_set_members(actor=officer, cluster=cluster, year=2026,
                                 members=[(leader, Role.LEADER), (deputy, Role.DEPUTY1)] + [(u, Role.MEMBER) for u in reversed(members)])
    cluster_year = ClusterYear.objects.get(cluster=cluster, year=2026)
    return officer, cluster_year, leader, deputy, members


def listed(cluster_year, page: int) -> list[str]:
    conference = services.conference_of(cluster_year)
    _page, rows = selectors.attendance_page(cluster_year, conference, page)
    return [row.unit.name for row in rows]


def test_the_leader_and_deputies_first_then_the_members_by_name_across_pages():
    _officer, cy, leader, deputy, members = year_of(60)
    first, second = listed(cy, 1), listed(cy, 2)
    assert first[:2] == [leader.name, deputy.name]  # whatever their names
    assert first[2:] + second == sorted(u.name for u in members)
    assert len(first) == selectors.ATTENDANCE_PAGE and len(second) == 12


def test_the_members_carry_their_units_name_and_follow_a_renaming():
    officer, cy, _leader, _deputy, members = year_of(3)
    rows = Membership.objects.filter(cluster_year=cy).select_related("unit")
    assert len(rows) == 5 and all(m.sort_name == m.unit.name for m in rows)
    org.unit_update(actor=officer, unit=members[0], data={"name": "Sở Ngoại vụ thử 999"})
    assert Membership.objects.get(cluster_year=cy, unit=members[0]).sort_name == "Sở Ngoại vụ thử 999"
    assert listed(cy, 1)[2:] == ["Sở Ngoại vụ thử 001", "Sở Ngoại vụ thử 002", "Sở Ngoại vụ thử 999"]

"""One order of a year's members (org.ROLE_ORDER), used by the cycle's and scoring's lists."""

import pytest

from tests.factories import ClusterYearFactory, UnitFactory, add_member
from thidua.cycle.selectors import members_of
from thidua.org.models import Role
from thidua.scoring.selectors.year import years_members

pytestmark = pytest.mark.django_db


def test_leader_then_deputies_then_members_by_name_in_every_app():
    cy = ClusterYearFactory()
    for name, role in [("Sở Z", Role.MEMBER), ("Sở B", Role.DEPUTY2), ("Sở A", Role.MEMBER), ("Sở Y", Role.LEADER), ("Sở X", Role.DEPUTY1)]:
        add_member(cy, UnitFactory(name=name), role)
    expected = ["Sở Y", "Sở X", "Sở B", "Sở A", "Sở Z"]
    assert [m.unit.name for m in members_of(cy)] == expected
    assert [m.unit.name for m in years_members([cy.pk])[cy.pk]] == expected


def test_the_organisation_pages_and_the_api_list_the_leader_first(world, client_for, api_for):
    from django.urls import reverse

    from thidua.org.selectors import cluster_year_get, year_members

    # in the world the leader's, deputy's and member's codes sort "deputy1" < "leader" < "member"
    cy = world.cluster_year
    expected = [world.leader_unit.name, world.deputy_unit.name, world.member_unit.name]
    assert [m.unit.name for m in year_members(cy)] == expected
    assert [m.unit.name for m in cluster_year_get(world.cluster, cy.year).members] == expected
    html = client_for(world.organizer_officer).get(reverse("cluster_detail", args=[world.cluster.pk]) + f"?nam={cy.year}").content.decode()
    positions = [html.index(name) for name in expected]
    assert positions == sorted(positions)
    body = api_for(world.organizer_officer).get(f"/api/v1/clusters/{world.cluster.pk}/years/{cy.year}/").json()
    assert [m["role"] for m in body["members"]][:2] == ["leader", "deputy1"]

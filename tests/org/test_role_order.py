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

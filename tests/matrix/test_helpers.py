"""The matrices' checks can fail: the row counts see a write, and the name the leak check
looks for is really shown to those who may see Bộ A's cluster."""

from django.urls import reverse

from tests.factories import UnitFactory
from tests.matrix.helpers import SECRET, table_counts


def test_table_counts_see_a_new_row(world):
    before = table_counts()
    UnitFactory(name="Sở Ngoại vụ tỉnh Cao Bằng", managed_by=world.organizer)
    assert table_counts() != before


def test_the_secret_is_shown_to_those_who_may_see_it(world, client_for, api_for):
    # Were it escaped or spelled otherwise, the leak check would pass whatever leaked.
    assert SECRET in client_for(world.organizer_officer).get(reverse("cluster_list")).content.decode()
    assert SECRET in api_for(world.member_officer).get("/api/v1/clusters/").content.decode()

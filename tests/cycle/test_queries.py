"""List pages of the year cost a fixed number of queries: the same with 3 members as
with 20 (registrations, covenant signatures, the workspace, the API lists)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UnitFactory, UserFactory, add_member
from thidua.cycle.models import CovenantSignature, Registration
from thidua.org.models import Phase, Role

from .conftest import covenant_phase, set_phase

pytestmark = pytest.mark.django_db


def grow(world, n: int) -> None:
    """Add members (up to `n` in all), each registered and signed, like the first ones."""
    covenant = world.cluster_year.covenant
    for i in range(n - 3):
        unit = UnitFactory(name=f"Sở Ngoại vụ tỉnh Thử nghiệm {i:02d}", managed_by=world.organizer)
        add_member(world.cluster_year, unit, Role.MEMBER)
        head = UserFactory(unit=unit, is_unit_head=True)
        officer = UserFactory(unit=unit, is_unit_officer=True)
        Registration.objects.create(cluster_year=world.cluster_year, unit=unit, titles=["labour_excellent"], commitments="Cam kết",
                                    submitted_by=officer, submitted_at=timezone.now())
        CovenantSignature.objects.create(covenant=covenant, unit=unit, signed_by=head, signed_at=timezone.now())


def setup_year(world):
    covenant = covenant_phase(world)
    Registration.objects.create(cluster_year=world.cluster_year, unit=world.member_unit, titles=["labour_excellent"],
                                submitted_by=world.member_officer, submitted_at=timezone.now())
    CovenantSignature.objects.create(covenant=covenant, unit=world.member_unit, signed_by=world.member_head, signed_at=timezone.now())


PAGES = ["cluster_year_detail", "cycle_registrations", "cycle_covenant", "cycle_launch", "cycle_settings", "cycle_plan"]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("user", ["leader_officer", "member_head", "organizer_officer"])
def test_pages_cost_the_same_with_3_or_20_members(world, client_for, count_queries, name, user):
    setup_year(world)
    client = client_for(getattr(world, user))
    address = reverse(name, args=[world.cluster.pk, 2026])
    client.get(address)  # warm up: the settings row is created on first read
    small = count_queries(lambda: client.get(address))
    grow(world, 20)
    large_response = client.get(address)
    if name == "cycle_covenant":
        assert "18/20 đơn vị đã ký" in large_response.content.decode()  # 17 added, all signed, and Hà Tĩnh
    assert count_queries(lambda: client.get(address)) == small


@pytest.mark.parametrize("path", ["registrations/", "covenant/", "settings/"])
def test_api_lists_cost_the_same_with_3_or_20_members(world, api_for, count_queries, path):
    setup_year(world)
    client = api_for(world.member_officer)
    address = f"/api/v1/clusters/{world.cluster.pk}/years/2026/{path}"
    client.get(address)
    small = count_queries(lambda: client.get(address))
    grow(world, 20)
    assert count_queries(lambda: client.get(address)) == small


def test_the_dashboard_tasks_cost_the_same_whatever_the_size(world, client_for, count_queries):
    setup_year(world)
    set_phase(world, Phase.COVENANT)
    client = client_for(world.leader_head)
    client.get(reverse("dashboard"))
    small = count_queries(lambda: client.get(reverse("dashboard")))
    grow(world, 20)
    assert count_queries(lambda: client.get(reverse("dashboard"))) == small

"""The list pages read a fixed number of queries, however many rows they show: the same
count with 3 rows as with 30."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ClusterFactory, ClusterYearFactory, UnitFactory, add_member, current_province
from thidua.core.audit import audit_record
from thidua.org.models import Role


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content.decode()[:1000]
    return len(ctx.captured_queries)


def same_count_for_3_and_30(client, url: str, add_rows) -> None:
    """add_rows(n) adds n more rows to what `url` lists."""
    count_queries(client, url)  # warm up (sessions, content types)
    add_rows(3)
    with_3 = count_queries(client, url)
    add_rows(27)
    with_30 = count_queries(client, url)
    assert with_3 == with_30, f"{with_3} queries with 3 rows, {with_30} with 30"


def test_cluster_list(world, client_for):
    def add_rows(n):
        for _ in range(n):
            cluster = ClusterFactory(organizer=world.organizer)
            for year in (2025, 2026):
                cy = ClusterYearFactory(cluster=cluster, year=year)
                add_member(cy, UnitFactory(managed_by=world.organizer), Role.LEADER)
                add_member(cy, UnitFactory(managed_by=world.organizer), Role.MEMBER)

    same_count_for_3_and_30(client_for(world.organizer_officer), reverse("cluster_list"), add_rows)


def test_cluster_list_for_unit_staff(world, client_for):
    def add_rows(n):
        for _ in range(n):
            add_member(ClusterYearFactory(cluster=ClusterFactory(organizer=world.organizer), year=2026), UnitFactory(), Role.LEADER)

    same_count_for_3_and_30(client_for(world.member_officer), reverse("cluster_list"), add_rows)


def test_organizer_dashboard(world, client_for):
    def add_rows(n):
        for _ in range(n):
            add_member(ClusterYearFactory(cluster=ClusterFactory(organizer=world.organizer), year=2026), UnitFactory(), Role.LEADER)

    same_count_for_3_and_30(client_for(world.organizer_officer), reverse("dashboard"), add_rows)


def test_unit_list(world, client_for):
    provinces = [current_province("Quảng Trị"), current_province("Thành phố Huế"), None]

    def add_rows(n):
        for i in range(n):
            UnitFactory(name=f"Sở Ngoại vụ đếm truy vấn {i}", province=provinces[i % 3])

    same_count_for_3_and_30(client_for(world.member_officer), reverse("unit_list") + "?q=dem+truy+van", add_rows)


@pytest.mark.parametrize("user", ["admin", "organizer_officer"])
def test_audit_list(world, client_for, user):
    def add_rows(n):
        for i in range(n):
            units = [UnitFactory(managed_by=world.organizer) for _ in range(2)]
            members = [{"unit": units[0].pk, "role": "leader"}, {"unit": units[1].pk, "role": "member"}]
            audit_record(actor=world.organizer_officer, action="cluster_year.set_members", obj=world.cluster_year,
                         before={"members": members[:1]}, after={"members": members},
                         organizer_id=world.organizer.pk, cluster_id=world.cluster.pk)
            audit_record(actor=world.organizer_officer, action="unit.update", obj=units[0],
                         before={"name": f"Cũ {i}", "province_id": current_province("Thành phố Huế").pk, "predecessors": []},
                         after={"name": f"Mới {i}", "province_id": current_province("Quảng Trị").pk, "predecessors": [units[1].pk],
                                "managed_by_id": world.organizer.pk},
                         organizer_id=world.organizer.pk)

    same_count_for_3_and_30(client_for(getattr(world, user)), reverse("audit_list"), add_rows)


def test_cluster_detail_with_many_years_and_members(world, client_for):
    years = iter(range(2000, 2026))

    def add_rows(n):
        # n rows of members, spread over years of up to five members
        while n > 0:
            cy = ClusterYearFactory(cluster=world.cluster, year=next(years))
            take = min(n, 5)
            for j in range(take):
                add_member(cy, UnitFactory(managed_by=world.organizer), Role.LEADER if j == 0 else Role.DEPUTY1 if j == 1 else Role.MEMBER)
            n -= take

    same_count_for_3_and_30(client_for(world.member_officer), reverse("cluster_detail", args=[world.cluster.pk]), add_rows)


def test_cluster_year_members_page(world, client_for):
    def add_rows(n):
        for _ in range(n):
            add_member(world.cluster_year, UnitFactory(managed_by=world.organizer), Role.MEMBER)

    same_count_for_3_and_30(client_for(world.organizer_officer), reverse("cluster_year_members", args=[world.cluster.pk, 2026]), add_rows)

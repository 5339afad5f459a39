"""The cluster page shows each year's awards of that year's members (org.panels' cluster
panel, contributed by awards): a unit's award of a year it was not a member is not the
cluster's; a revoked award stays, marked."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import ClusterYearFactory, UnitFactory, add_member
from thidua.org.models import Role

from .helpers import award

pytestmark = pytest.mark.django_db


def test_the_cluster_page_lists_each_years_awards(world, client_for):
    earlier = ClusterYearFactory(cluster=world.cluster, year=2017)
    add_member(earlier, world.member_unit, Role.MEMBER)
    stranger = UnitFactory(name="Sở Ngoại vụ tỉnh Ngoài Cụm")
    award(world.member_unit, "flag_ministry", 2017, world.organizer, number="5/QĐ-BA", date=dt.date(2017, 12, 20))
    award(world.deputy_unit, "merit_minister", 2026, world.organizer, number="6/QĐ-BA", date=dt.date(2027, 1, 9), revoked=True)
    award(world.deputy_unit, "merit_minister", 2017, world.organizer, number="7/QĐ-BA", date=dt.date(2017, 12, 20))  # not a member in 2017
    award(stranger, "flag_ministry", 2026, world.organizer, number="8/QĐ-BA", date=dt.date(2027, 1, 9))
    html = client_for(world.member_officer).get(reverse("cluster_detail", args=[world.cluster.pk])).content.decode()
    panel = html.split('id="cluster-awards-heading"')[1]
    assert "Khen thưởng qua các năm" in html.split('id="cluster-awards-heading"')[1][:200]
    y2026, y2017 = panel.split("2017", 1)
    assert world.deputy_unit.name in y2026 and "đã hủy bỏ" in y2026 and "6/QĐ-BA" in y2026
    assert world.member_unit.name in y2017 and "Cờ thi đua cấp Bộ, ngành, tỉnh" in y2017 and "5/QĐ-BA" in y2017
    assert "7/QĐ-BA" not in panel and "8/QĐ-BA" not in panel and stranger.name not in panel
    assert reverse("awards_year_awards", args=[world.cluster.pk, 2017]) in panel


def test_a_cluster_without_awards_says_so(world, client_for):
    html = client_for(world.member_officer).get(reverse("cluster_detail", args=[world.cluster.pk])).content.decode()
    assert "Chưa có khen thưởng nào trong sổ." in html.split('id="cluster-awards-heading"')[1]

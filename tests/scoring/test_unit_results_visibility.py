"""A unit's results (score and rank) on its page follow the ranking's rule: only those
who may see that cluster-year's ranking (its members, its organizer) see them. Seeing the
organizer's clusters — which a unit of another of its clusters does — is not enough."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import ClusterFactory, ClusterYearFactory, UnitFactory, add_member

from .helpers import scored_year

pytestmark = pytest.mark.django_db


def _outsider_in_another_cluster_of_the_organizer(world):
    """The other organizer's unit also sits in a second cluster of Bộ A that year: it sees
    Bộ A's clusters, but not Cụm 1's ranking."""
    second = ClusterYearFactory(cluster=ClusterFactory(organizer=world.organizer, number="2", name="Cụm thi đua số 2"), year=2026)
    add_member(second, world.outside_unit)
    add_member(second, UnitFactory(managed_by=world.organizer))
    return world.outside_officer


def _results_shown(page: str, world) -> bool:
    ranking_link = reverse("scoring_ranking", args=[world.cluster.pk, 2026])
    return ranking_link in page or "1/3" in page


def test_outsider_sees_no_score_or_rank_on_the_unit_page(world, client_for, api_for):
    scored_year(world)
    outsider = _outsider_in_another_cluster_of_the_organizer(world)
    ranking_api = reverse("api-ranking", args=[world.cluster.pk, 2026])
    assert api_for(outsider).get(ranking_api).status_code in (403, 404)  # the rule the page must follow

    client = client_for(outsider)
    for name in ("unit_detail", "scoring_unit_totals"):
        response = client.get(reverse(name, args=[world.member_unit.pk]))
        assert response.status_code == 200
        page = response.content.decode()
        assert not _results_shown(page, world), name
        assert "Chưa có kết quả xếp hạng" in page


@pytest.mark.parametrize("who", ["member_officer", "deputy_officer", "organizer_officer"])
def test_who_may_see_the_ranking_sees_the_results(world, client_for, api_for, who):
    scored_year(world)
    _outsider_in_another_cluster_of_the_organizer(world)
    user = getattr(world, who)
    assert api_for(user).get(reverse("api-ranking", args=[world.cluster.pk, 2026])).status_code == 200
    for name in ("unit_detail", "scoring_unit_totals"):
        page = client_for(user).get(reverse(name, args=[world.member_unit.pk])).content.decode()
        assert _results_shown(page, world), name

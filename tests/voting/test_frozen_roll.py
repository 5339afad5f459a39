"""The electorate is frozen while a poll of the year is open (voting.md): the membership of
the cluster-year cannot change — refused in the org service through the
`membership_changing` hook, so that the page, the API and any other caller obey."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from thidua.core.errors import Conflict
from thidua.org.models import Membership, Role
from thidua.org.services import cluster_year_set_members

from .conftest import build_electorate

pytestmark = pytest.mark.django_db


def roll(e) -> set[tuple[int, str]]:
    return set(Membership.objects.filter(cluster_year=e.cluster_year).values_list("unit_id", "role"))


@pytest.fixture
def e():
    e = build_electorate(4)
    e.check_in()
    return e


def without_last(e) -> list[tuple]:
    return [(u, Role.LEADER if i == 0 else Role.MEMBER) for i, u in enumerate(e.units[:3])]


def test_the_service_refuses_while_a_poll_is_open_and_allows_after(e):
    before = roll(e)
    poll = e.poll(candidates=e.units[:2], method="single", max_choices=1, seats=1)
    with pytest.raises(Conflict) as err:
        cluster_year_set_members(actor=e.organizer_officer, cluster=e.cluster, year=e.cluster_year.year, members=without_last(e))
    assert poll.title in str(err.value.message)
    assert roll(e) == before
    e.close(poll)
    cluster_year_set_members(actor=e.organizer_officer, cluster=e.cluster, year=e.cluster_year.year, members=without_last(e))
    assert len(roll(e)) == 3


def test_the_api_answers_409(e, api_for):
    before = roll(e)
    e.poll(candidates=e.units[:2], method="single", max_choices=1, seats=1)
    body = {"members": [{"unit": u.pk, "role": r} for u, r in without_last(e)]}
    response = api_for(e.organizer_officer).put(f"/api/v1/clusters/{e.cluster.pk}/years/{e.cluster_year.year}/", body, format="json")
    assert response.status_code == 409 and "biểu quyết" in response.json()["detail"]
    assert roll(e) == before


def test_the_page_answers_409_with_the_reason(e, client_for):
    before = roll(e)
    e.poll(candidates=e.units[:2], method="single", max_choices=1, seats=1)
    data = {"unit": [u.pk for u, _r in without_last(e)], "role": [r for _u, r in without_last(e)], "reason": "Sáp nhập"}
    response = client_for(e.organizer_officer).post(reverse("cluster_year_members", args=[e.cluster.pk, e.cluster_year.year]), data)
    assert response.status_code == 409
    assert "danh sách đơn vị được bỏ phiếu đã chốt" in response.content.decode()
    assert roll(e) == before


def test_the_admin_cannot_edit_memberships_behind_the_service():
    """Django's admin lists no membership or delegate: the only way in is the services."""
    from thidua.voting.models import Delegate, DelegateNomination

    for model in (Membership, Delegate, DelegateNomination):
        assert model not in admin.site._registry

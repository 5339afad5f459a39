"""The tasks of every unit of a year, and a head's dashboard, cost the same number of
queries for 5 member units as for 50 (tasks are computed from state, in a fixed number of
queries per app, whatever the number of units)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.scoring.helpers import SMALL_TABLE
from thidua.cycle.tasks import year_tasks
from thidua.org.models import ClusterYear, Phase
from thidua.scoring import services as scoring

from .conftest import build_electorate

pytestmark = pytest.mark.django_db


def live_conference(n: int, number: str):
    """n units at the conference: all but the last checked in, two polls open."""
    e = build_electorate(n, number=number)
    e.check_in(e.units[:-1])
    e.poll(title="Bầu Cụm trưởng năm 2027", method="single")
    e.poll(title="Bầu Cụm phó năm 2027", method="single")
    return e


def count(fn) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    return len(ctx.captured_queries), result


def dashboard(user):
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.parametrize("phase", [Phase.LAUNCHED, Phase.IN_PROGRESS, Phase.RANKING, Phase.CONFERENCE])
def test_a_years_tasks_cost_the_same_for_5_and_50_units(phase):
    small, large = live_conference(5, "5"), live_conference(50, "50")
    for e in (small, large):
        ClusterYear.objects.filter(pk=e.cluster_year.pk).update(phase=phase)
        e.cluster_year.refresh_from_db()
    n_small, found_small = count(lambda: year_tasks(small.cluster_year))
    n_large, found_large = count(lambda: year_tasks(large.cluster_year))
    assert n_small == n_large
    assert len(found_small) == 5 and len(found_large) == 50
    if phase == Phase.CONFERENCE:
        assert [t.key for t in found_large[large.units[-1].pk]][:1] == ["checkin"]
        assert sum(1 for ts in found_large.values() for t in ts if t.key.startswith("vote:")) == 49 * 2


def test_cross_scoring_tasks_cost_the_same_for_5_and_50_units():
    years = []
    for n, number in ((5, "5"), (50, "50")):
        e = build_electorate(n, number=number, phase=Phase.PREPARING)
        scoring.criteria_table_replace(actor=e.organizer_officer, cluster_year=e.cluster_year, data=SMALL_TABLE)
        scoring.criteria_table_freeze(actor=e.organizer_officer, cluster_year=e.cluster_year)
        ClusterYear.objects.filter(pk=e.cluster_year.pk).update(phase=Phase.CROSS_SCORING)
        e.cluster_year.refresh_from_db()
        years.append(e.cluster_year)
    (n_small, _small), (n_large, large) = count(lambda: year_tasks(years[0])), count(lambda: year_tasks(years[1]))
    assert n_small == n_large
    assert {len(ts) for ts in large.values()} >= {1}


def test_a_heads_dashboard_at_the_live_conference_costs_the_same_for_5_and_50_units():
    small, large = live_conference(5, "5"), live_conference(50, "50")
    dashboard(small.heads[1])  # warm the caches a first request fills (sessions, content types)
    n_small, html_small = dashboard(small.heads[1])
    n_large, html_large = dashboard(large.heads[1])
    assert n_small == n_large
    for html in (html_small, html_large):
        assert "Bỏ phiếu ngay: Bầu Cụm trưởng năm 2027" in html and "Bỏ phiếu ngay: Bầu Cụm phó năm 2027" in html
        assert "Hiện không có việc nào" not in html

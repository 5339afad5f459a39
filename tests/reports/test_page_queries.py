"""What the report page costs in SQL statements: the same whatever the number of comments
and of units that commented, and no statement twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.cycle.conftest import set_phase
from tests.scoring.test_page_queries import assert_no_repeats, statements
from thidua.reports import services

pytestmark = pytest.mark.django_db


def test_the_report_page_costs_the_same_for_more_comments(world, client_for):
    # in progress: from the ranking on, the voting and awards navigation items each ask
    # cycle.view_year (a repeat that is theirs, not this page's)
    set_phase(world, "in_progress")
    services.report_start(actor=world.leader_officer, cluster_year=world.cluster_year)
    services.report_circulate(actor=world.leader_officer, cluster_year=world.cluster_year,
                              comments_until=timezone.localdate() + dt.timedelta(3))  # fmt: skip
    path = reverse("reports_report", args=[world.cluster.pk, 2026])
    client = client_for(world.leader_officer)
    services.report_comment(actor=world.member_officer, cluster_year=world.cluster_year, section="", text="Một")
    few = statements(client, path)
    for i in range(4):
        services.report_comment(actor=world.deputy_officer, cluster_year=world.cluster_year, section="dac-diem", text=f"Góp ý {i}")
    many = statements(client, path)
    assert len(many) == len(few)
    assert_no_repeats(many)

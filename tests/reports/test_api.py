"""The API's summary report (api-v1.md, "The information channel"): the report's shape for
members and the organizer, 404 outside scope, a comment 201 while circulated and 409
otherwise, 400 on bad input with nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.cycle.conftest import set_phase
from thidua.org.models import Phase
from thidua.reports import services
from thidua.reports.models import ReportComment

pytestmark = pytest.mark.django_db


def url(world, tail=""):
    return f"/api/v1/clusters/{world.cluster.pk}/years/2026/report/{tail}"


def circulate(world):
    set_phase(world, Phase.RANKING)
    services.report_start(actor=world.leader_officer, cluster_year=world.cluster_year)
    services.report_circulate(actor=world.leader_officer, cluster_year=world.cluster_year,
                              comments_until=timezone.localdate() + dt.timedelta(3))  # fmt: skip


def test_an_empty_report_reads(world, api_for):
    answer = api_for(world.member_head).get(url(world))
    assert answer.status_code == 200
    assert answer.json() == {"versions": [], "current": None, "comments": [], "comments_until": None, "drafter": None, "not_commented": []}


def test_the_report_with_a_comment_as_the_contract_says(world, api_for):
    circulate(world)
    posted = api_for(world.member_officer).post(url(world, "comments/"), {"section": "dac-diem", "text": "Bổ sung số liệu."}, format="json")
    assert posted.status_code == 201, posted.content
    assert posted.json()["state"] == "open" and posted.json()["unit"] == world.member_unit.pk
    data = api_for(world.organizer_officer).get(url(world)).json()
    assert [(v["number"], v["state"]) for v in data["versions"]] == [(1, "circulated")]
    assert data["current"]["sections"][0]["key"] == "dac-diem" and set(data["current"]["sections"][0]) == {"key", "title", "text"}
    [comment] = data["comments"]
    assert {k: comment[k] for k in ("id", "unit", "section", "text", "state", "reply")} == {
        "id": posted.json()["id"], "unit": world.member_unit.pk, "section": "dac-diem", "text": "Bổ sung số liệu.", "state": "open",
        "reply": ""}  # fmt: skip
    assert data["comments_until"] == (timezone.localdate() + dt.timedelta(3)).isoformat()
    assert data["not_commented"] == [world.deputy_unit.pk]  # the drafter (leader) is not asked


def test_a_comment_when_not_circulated_is_409(world, api_for):
    set_phase(world, Phase.RANKING)
    services.report_start(actor=world.leader_officer, cluster_year=world.cluster_year)
    answer = api_for(world.member_officer).post(url(world, "comments/"), {"section": "", "text": "Góp ý"}, format="json")
    assert answer.status_code == 409 and "lấy ý kiến" in answer.json()["detail"]
    assert not ReportComment.objects.exists()


@pytest.mark.parametrize("payload,field", [({"section": "x", "text": "Góp ý"}, "section"), ({"section": ""}, "text"),
                                           ({"text": "a", "extra": 1}, "extra"), ({"text": "x" * 4001}, "text")])  # fmt: skip
def test_bad_comments_are_400_with_the_field(world, api_for, payload, field):
    circulate(world)
    answer = api_for(world.member_officer).post(url(world, "comments/"), payload, format="json")
    assert answer.status_code == 400 and field in answer.json()
    assert not ReportComment.objects.exists()


def test_outside_the_scope_is_404_and_a_head_may_not_comment(world, api_for):
    circulate(world)
    assert api_for(world.outside_officer).get(url(world)).status_code == 404
    assert api_for(world.other_organizer_officer).post(url(world, "comments/"), {"text": "x"}, format="json").status_code == 404
    assert api_for(world.member_head).post(url(world, "comments/"), {"text": "x"}, format="json").status_code == 403
    assert api_for(None).get(url(world)).status_code == 401
    assert not ReportComment.objects.exists()


def test_the_schema_has_the_two_paths(client):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/clusters/{id}/years/{year}/report/:" in schema and "/api/v1/clusters/{id}/years/{year}/report/comments/:" in schema

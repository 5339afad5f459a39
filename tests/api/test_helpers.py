"""One API helper module (thidua.api.helpers): every app's endpoints find the year, read
the body and refuse the same way, and downloads are private."""

import pytest

from tests.api.helpers import assert_400, assert_detail

pytestmark = pytest.mark.django_db


def year(world, y=2026) -> str:
    return f"/api/v1/clusters/{world.cluster.pk}/years/{y}/"


WRITES = ["covenant/", "criteria/", "conference/"]  # cycle, scoring, voting


def test_a_body_that_is_not_an_object_is_refused_alike_by_every_app(world, api_for):
    client = api_for(world.leader_officer)
    messages = set()
    for path in WRITES:
        response = client.put(year(world) + path, [1, 2], format="json")
        messages.add(tuple(assert_400(response, "non_field_errors", exact=True)["non_field_errors"]))
    assert len(messages) == 1, messages


def test_an_unknown_year_is_404_alike_in_every_app(world, api_for):
    client = api_for(world.leader_officer)
    details = {assert_detail(client.get(year(world, 2031) + path), 404) for path in [*WRITES, "settings/", "ranking/"]}
    assert len(details) == 1, details


def test_the_covenant_docx_is_a_private_download(world, api_for):
    response = api_for(world.member_officer).get(f"/api/v1/clusters/{world.cluster.pk}/years/2026/covenant.docx")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment;")


def test_an_unknown_field_is_refused_under_its_name(world, api_for):
    response = api_for(world.leader_officer).patch(year(world) + "settings/", {"aggregation": "mean", "colour": "red"}, format="json")
    assert assert_400(response, "colour", exact=True)

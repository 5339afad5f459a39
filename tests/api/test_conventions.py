"""Conventions every endpoint keeps (api-v1.md, "Conventions")."""

import pytest
from rest_framework.test import APIClient

from tests.matrix.test_api_matrix import ROWS


@pytest.mark.parametrize("row", ROWS, ids=str)
@pytest.mark.parametrize("who", ["admin", "member_officer", "outside_officer"])
def test_options_never_fails(world, row, who):
    client = APIClient()
    client.force_authenticate(world.users()[who])
    response = client.options(row.url(world))
    assert response.status_code in (200, 404), (row.name, response.status_code, response.content[:300])


@pytest.mark.parametrize("url", ["/api/v1/units/", "/api/v1/users/", "/api/v1/clusters/"])
@pytest.mark.parametrize(
    ("content_type", "data"),
    [("application/json", "{nope"), ("application/json", "[1, 2]"), ("application/json", '"text"'), ("text/plain", "name=x")],
)
def test_malformed_bodies_are_4xx_not_500(world, api_for, url, content_type, data):
    response = api_for(world.admin).generic("POST", url, data, content_type=content_type)
    assert response.status_code in (400, 415), response.content
    assert response.json()


def test_json_in_and_out_with_snake_case_and_iso_dates(world, api_for):
    response = api_for(world.admin).get(f"/api/v1/units/{world.member_unit.pk}/")
    assert response["Content-Type"] == "application/json"
    assert "head_title" in response.json() and "valid_from" in response.json()


def test_method_not_allowed_is_405(world, api_for):
    assert api_for(world.admin).delete(f"/api/v1/units/{world.member_unit.pk}/").status_code == 405
    assert api_for(world.admin).put("/api/v1/units/", {}, format="json").status_code == 405

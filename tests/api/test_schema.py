"""The OpenAPI schema (/api/schema/) and the interactive docs (/api/docs/)."""

import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db

CONTRACT = {
    "/api/v1/auth/token/": {"post"},
    "/api/v1/me/": {"get"},
    "/api/v1/provinces/": {"get"},
    "/api/v1/units/": {"get", "post"},
    "/api/v1/units/{id}/": {"get", "patch"},
    "/api/v1/organizers/": {"get"},
    "/api/v1/users/": {"get", "post"},
    "/api/v1/clusters/": {"get", "post"},
    "/api/v1/clusters/{id}/": {"get"},
    "/api/v1/clusters/{id}/years/{year}/": {"get", "put"},
    "/api/v1/clusters/{id}/years/{year}/phase/": {"post"},
}


def test_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    assert schema["openapi"].startswith("3.")
    for path, methods in CONTRACT.items():
        assert methods <= set(schema["paths"][path]), path


def test_schema_documents_bodies_and_answers(api_for):
    response = api_for(None).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    components = schema["components"]["schemas"]

    def request_schema(path, method):
        ref = schema["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        return components[ref.rsplit("/", 1)[1]]

    def response_schema(path, method, status):
        ref = schema["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]["$ref"]
        return components[ref.rsplit("/", 1)[1]]

    assert set(request_schema("/api/v1/units/", "post")["properties"]) >= {
        "name", "symbol", "kind", "province", "parent_authority", "head_title", "valid_from", "valid_to", "predecessors",
    }
    assert set(request_schema("/api/v1/users/", "post")["properties"]) >= {"username", "password", "full_name", "email", "unit", "roles"}
    assert set(request_schema("/api/v1/clusters/{id}/years/{year}/", "put")["properties"]) >= {"members"}
    assert set(request_schema("/api/v1/clusters/{id}/years/{year}/phase/", "post")["properties"]) >= {"phase", "reason"}
    assert set(response_schema("/api/v1/units/{id}/", "get", "200")["properties"]) >= {"predecessors", "successors", "memberships"}
    assert set(response_schema("/api/v1/clusters/{id}/years/{year}/", "get", "200")["properties"]) >= {
        "cluster", "year", "phase", "members", "deadlines",
    }
    assert set(response_schema("/api/v1/me/", "get", "200")["properties"]) >= {"username", "unit", "roles", "organizer"}
    assert set(response_schema("/api/v1/provinces/", "get", "200")["properties"]) == {"count", "next", "previous", "results"}
    phase = schema["paths"]["/api/v1/clusters/{id}/years/{year}/phase/"]["post"]["responses"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(phase)
    assert "429" in schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]


def test_docs_are_self_hosted(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html.lower()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    scripts_and_styles = [a for a in assets if a.endswith((".js", ".css"))]
    assert any("swagger-ui" in a and a.endswith(".js") for a in scripts_and_styles)
    assert any(a.endswith(".css") for a in scripts_and_styles)
    for asset in scripts_and_styles:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset
    assert not re.search(r"https?://(?!localhost|testserver)", " ".join(assets)), assets
    assert "cdn" not in html.lower()

"""What schemathesis (tools/fuzz_api.py) found where the served answers and the OpenAPI
schema disagreed, or where the schema itself failed to be served."""

import threading
import time

import pytest
from drf_spectacular import plumbing
from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework.test import APIClient

from tests.voting.conftest import build_electorate

pytestmark = pytest.mark.django_db


def schema(api_for) -> dict:
    response = api_for(None).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def resolve(doc: dict, node: dict) -> dict:
    while "$ref" in node:
        node = doc["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def test_an_account_without_email_matches_the_schema(world, api_for):
    # The schema said `format: email`, and "" is not an e-mail address.
    doc = schema(api_for)
    world.organizer_officer.email = ""
    world.organizer_officer.save()
    assert api_for(world.organizer_officer).get("/api/v1/me/").json()["email"] == ""
    for name in ("Me", "User"):
        email = doc["components"]["schemas"][name]["properties"]["email"]
        assert email["type"] == "string" and "format" not in email


def test_the_polls_of_a_year_are_a_list_in_the_answer_and_in_the_schema(api_for):
    # The schema promised a paginated object; the view answers a plain list.
    e = build_electorate(3)
    client = APIClient()
    client.force_authenticate(e.organizer_officer)
    assert client.get(f"/api/v1/clusters/{e.cluster.pk}/years/2026/polls/").json() == []
    doc = schema(api_for)
    answer = doc["paths"]["/api/v1/clusters/{id}/years/{year}/polls/"]["get"]["responses"]["200"]
    assert resolve(doc, answer["content"]["application/json"]["schema"])["type"] == "array"


def test_the_schema_is_served_to_concurrent_requests(monkeypatch):
    # drf-spectacular imports extension targets lazily; two threads importing an absent one
    # at once both failed, the second on the None the first left behind (a 500).
    class AbsentTarget(OpenApiSerializerExtension):
        target_class = "thidua_no_such_module.Serializer"
        optional = True

    real_import = plumbing.import_string

    def slow_import(path):
        if path.startswith("thidua_no_such_module"):
            time.sleep(0.3)  # long enough for the other thread to start importing too
        return real_import(path)

    monkeypatch.setattr(plumbing, "import_string", slow_import)
    statuses: list[int] = []

    def fetch():
        client = APIClient(raise_request_exception=False)
        statuses.append(client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").status_code)

    try:
        threads = [threading.Thread(target=fetch) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        OpenApiSerializerExtension._registry.remove(AbsentTarget)
    assert statuses == [200, 200]


def test_every_operation_documents_400_and_every_body_413(api_for, world):
    # A NUL character in any query string is a 400 (thidua.api.middleware), even on
    # operations whose view never answers 400; schemathesis flagged it as undocumented.
    doc = schema(api_for)
    operations = [(path, method, op) for path, ops in doc["paths"].items() for method, op in ops.items()]
    assert all("400" in op["responses"] for _path, _method, op in operations)
    assert all("413" in op["responses"] for _path, _method, op in operations if "requestBody" in op)
    response = api_for(world.admin).get("/api/v1/me/?x=%00")
    assert response.status_code == 400 and "400" in doc["paths"]["/api/v1/me/"]["get"]["responses"]

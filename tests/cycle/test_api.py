"""The year part of API v1 (api-v1.md, "The year and scoring"): shapes, 400/409 bodies,
and nothing saved on refusal. Who gets which status is in tests/matrix/test_cycle_matrix.py."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.api.helpers import assert_400, assert_detail
from thidua.cycle import services
from thidua.cycle.models import Covenant, CovenantSignature, Launch, Registration, YearSettings
from thidua.org.models import ClusterYear, Phase

from .conftest import ITEMS, covenant_phase, published_launch, set_deadlines, set_phase

pytestmark = pytest.mark.django_db


def base(world, year=2026) -> str:
    return f"/api/v1/clusters/{world.cluster.pk}/years/{year}/"


class TestSettings:
    def test_defaults(self, world, api_for):
        set_deadlines(world, launched=dt.date(2026, 1, 31))
        body = api_for(world.member_delegate).get(base(world) + "settings/").json()
        assert body == {
            "cross_scoring": "all", "aggregation": "mean", "tie_break": ["total", "professional", "penalties"], "quorum_percent": 66.67,
            "quotas": {"flag": 1, "merit": 2},
            "thresholds": {
                "flag": {"base": "members", "percent": 70, "strict": False}, "merit": {"base": "members", "percent": 50, "strict": True},
                "leader": {"base": "members", "percent": 50, "strict": True}, "deputy": {"base": "members", "percent": 50, "strict": True},
            },
            "deadlines": {"launched": "2026-01-31"}, "document_symbol": "CTĐ", "covenant_type_code": "GƯTĐ",
            "evidence_required": False,
        }

    def test_patch_rules_and_deadlines(self, world, api_for):
        response = api_for(world.leader_officer).patch(base(world) + "settings/", {
            "aggregation": "trimmed_mean", "quorum_percent": "75", "thresholds": {"flag": {"percent": 80, "strict": True}},
            "deadlines": {"covenant": "2026-02-28", "launched": "2026-01-31"},
        }, format="json")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["aggregation"] == "trimmed_mean" and body["quorum_percent"] == 75.0
        assert body["thresholds"]["flag"] == {"base": "members", "percent": 80, "strict": True}
        assert body["deadlines"] == {"launched": "2026-01-31", "covenant": "2026-02-28"}

    def test_400_lists_each_field_and_saves_nothing(self, world, api_for):
        response = api_for(world.organizer_officer).patch(base(world) + "settings/", {
            "aggregation": "median", "cross_scoring": "everybody", "deadlines": {"launched": "soon"},
        }, format="json")
        assert_400(response, "cross_scoring", "deadlines", exact=True)
        assert not YearSettings.objects.filter(aggregation="median").exists()

    def test_unknown_fields_and_a_non_object_are_400(self, world, api_for):
        client = api_for(world.organizer_officer)
        assert_400(client.patch(base(world) + "settings/", {"colour": "red"}, format="json"), "colour")
        assert_400(client.patch(base(world) + "settings/", [1, 2], format="json"), "non_field_errors")

    def test_409_once_the_phase_no_longer_allows_it(self, world, api_for):
        set_phase(world, Phase.SELF_ASSESSMENT)
        detail = assert_detail(api_for(world.leader_head).patch(base(world) + "settings/", {"aggregation": "median"}, format="json"), 409)
        assert "Tự chấm điểm" in detail
        assert services.year_settings_get(world.cluster_year).aggregation == "mean"

    def test_english_messages_on_request(self, world, api_for):
        client = api_for(world.member_officer)
        response = client.patch(base(world) + "settings/", {"aggregation": "median"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 403


class TestRegistrations:
    def test_register_then_change_then_list(self, world, api_for):
        set_phase(world, Phase.LAUNCHED)
        set_deadlines(world, launched=timezone.localdate() + dt.timedelta(days=10))
        client = api_for(world.member_officer)
        body = {"unit": world.member_unit.pk, "titles": ["labour_excellent"], "commitments": "Hoàn thành xuất sắc"}
        response = client.post(base(world) + "registrations/", body, format="json")
        assert response.status_code == 201, response.content
        created = response.json()
        assert created["unit"] == world.member_unit.pk and created["titles"] == ["labour_excellent"]
        assert created["submitted_by"] == "member_officer" and created["late"] is False
        response = client.post(base(world) + "registrations/", body | {"titles": ["labour_advanced"]}, format="json")
        assert response.status_code == 200 and response.json()["id"] == created["id"]
        listing = api_for(world.leader_head).get(base(world) + "registrations/").json()
        assert listing["count"] == 1 and listing["results"][0]["titles"] == ["labour_advanced"]
        assert listing["results"][0]["unit_name"] == "Sở Ngoại vụ tỉnh Hà Tĩnh"

    def test_a_registration_after_the_deadline_is_marked_late(self, world, api_for):
        set_phase(world, Phase.COVENANT)
        set_deadlines(world, launched=timezone.localdate() - dt.timedelta(days=1))
        body = {"unit": world.member_unit.pk, "titles": ["labour_excellent"]}
        response = api_for(world.member_officer).post(base(world) + "registrations/", body, format="json")
        assert response.status_code == 201 and response.json()["late"] is True

    @pytest.mark.parametrize(("body", "field"), [
        ({"unit": None, "titles": ["labour_excellent"]}, "unit"),
        ({"unit": 999999, "titles": ["labour_excellent"]}, "unit"),
        ({"unit": "x", "titles": ["labour_excellent"]}, "unit"),
        ({"titles": "labour_excellent"}, "titles"),
        ({"titles": ["world_cup"]}, "titles"),
        ({"titles": []}, "titles"),
        ({"titles": [7]}, "titles"),
    ])
    def test_bad_input_is_400_and_saves_nothing(self, world, api_for, body, field):
        set_phase(world, Phase.LAUNCHED)
        body = {"unit": world.member_unit.pk} | body
        if body["unit"] is None:
            del body["unit"]
        assert_400(api_for(world.member_officer).post(base(world) + "registrations/", body, format="json"), field)
        assert not Registration.objects.exists()

    def test_another_units_registration_is_403(self, world, api_for):
        set_phase(world, Phase.LAUNCHED)
        response = api_for(world.member_officer).post(base(world) + "registrations/",
                                                      {"unit": world.leader_unit.pk, "titles": ["labour_excellent"]}, format="json")
        assert_detail(response, 403)
        assert not Registration.objects.exists()

    def test_outside_its_phases_is_409(self, world, api_for):
        response = api_for(world.member_officer).post(base(world) + "registrations/",
                                                      {"unit": world.member_unit.pk, "titles": ["labour_excellent"]}, format="json")
        assert "đăng ký thi đua" in assert_detail(response, 409)
        assert not Registration.objects.exists()


class TestCovenant:
    def test_shape_and_signing(self, world, api_for):
        covenant_phase(world, text="Giao ước")
        assert api_for(world.member_delegate).get(base(world) + "covenant/").json() == {
            "text": "Giao ước", "frozen": False, "frozen_at": None, "number": None, "signed": 0, "total": 3, "signatures": [],
            "unsigned_units": [world.leader_unit.pk, world.deputy_unit.pk, world.member_unit.pk],
        }
        response = api_for(world.member_head).post(base(world) + "covenant/sign/", {"unit": world.member_unit.pk}, format="json")
        assert response.status_code == 201
        signature = response.json()
        assert signature["unit"] == world.member_unit.pk and signature["signed_by"] == "member_head"
        body = api_for(world.member_officer).get(base(world) + "covenant/").json()
        assert body["signed"] == 1 and [s["unit"] for s in body["signatures"]] == [world.member_unit.pk]
        assert body["signatures"][0]["signed_at"] == signature["signed_at"]

    def test_signing_twice_is_409(self, world, api_for):
        covenant_phase(world)
        client = api_for(world.member_head)
        client.post(base(world) + "covenant/sign/", {"unit": world.member_unit.pk}, format="json")
        assert "đã ký" in assert_detail(client.post(base(world) + "covenant/sign/", {"unit": world.member_unit.pk}, format="json"), 409)
        assert CovenantSignature.objects.count() == 1

    def test_wrong_phase_is_409_and_another_unit_403_and_no_unit_400(self, world, api_for):
        covenant_phase(world)
        client = api_for(world.member_head)
        assert_detail(client.post(base(world) + "covenant/sign/", {"unit": world.leader_unit.pk}, format="json"), 403)
        assert_400(client.post(base(world) + "covenant/sign/", {}, format="json"), "unit")
        set_phase(world, Phase.IN_PROGRESS)
        assert_detail(client.post(base(world) + "covenant/sign/", {"unit": world.member_unit.pk}, format="json"), 409)
        assert not CovenantSignature.objects.exists()

    def test_the_last_signature_freezes(self, world, api_for):
        from tests.factories import UserFactory

        covenant_phase(world)
        for unit in (world.leader_unit, world.deputy_unit, world.member_unit):
            head = UserFactory(unit=unit, is_unit_head=True)
            assert api_for(head).post(base(world) + "covenant/sign/", {"unit": unit.pk}, format="json").status_code == 201
        body = api_for(world.member_officer).get(base(world) + "covenant/").json()
        assert body["frozen"] is True and body["frozen_at"] and body["signed"] == body["total"] == 3

    def test_the_secretariat_replaces_the_text(self, world, api_for):
        covenant_phase(world, text="Gốc")
        response = api_for(world.deputy_officer).put(base(world) + "covenant/", {"text": "Mới"}, format="json")
        assert response.status_code == 200 and response.json()["text"] == "Mới"
        assert_400(api_for(world.deputy_officer).put(base(world) + "covenant/", {"text": ""}, format="json"), "text")
        assert Covenant.objects.get().text == "Mới"


class TestLaunch:
    def test_write_publish_read(self, world, api_for):
        client = api_for(world.leader_officer)
        response = client.put(base(world) + "launch/", {"title": "Phong trào 2026", "items": ITEMS}, format="json")
        assert response.status_code == 200 and response.json()["published"] is False
        assert_detail(api_for(world.member_officer).get(base(world) + "launch/"), 404)  # a draft
        response = client.post(base(world) + "launch/publish/")
        assert response.status_code == 200 and response.json()["published"] is True
        assert ClusterYear.objects.get(pk=world.cluster_year.pk).phase == Phase.LAUNCHED
        body = api_for(world.member_officer).get(base(world) + "launch/").json()
        assert body["items"] == ITEMS and body["title"] == "Phong trào 2026"
        assert_detail(client.post(base(world) + "launch/publish/"), 409)

    def test_bad_input_saves_nothing(self, world, api_for):
        assert_400(api_for(world.leader_officer).put(base(world) + "launch/", {"title": "", "items": ["a"]}, format="json"), "title")
        assert_400(api_for(world.leader_officer).put(base(world) + "launch/", {"title": "x", "items": []}, format="json"), "items")
        assert not Launch.objects.exists()

    def test_entering_the_covenant_phase_through_the_api(self, world, api_for):
        set_phase(world, Phase.LAUNCHED)
        client = api_for(world.leader_officer)
        assert "chưa được công bố" in assert_detail(client.post(base(world) + "phase/", {"phase": "covenant"}, format="json"), 409)
        published_launch(world)
        assert client.post(base(world) + "phase/", {"phase": "covenant"}, format="json").status_code == 200
        assert "1. Thi đua thực hiện tốt các nhiệm vụ chuyên môn." not in Covenant.objects.get().text  # item 2, not 1
        assert "2. Thi đua thực hiện tốt các nhiệm vụ chuyên môn." in Covenant.objects.get().text


class TestMyTasks:
    def test_tasks(self, world, api_for):
        set_phase(world, Phase.LAUNCHED)
        set_deadlines(world, launched=dt.date(2026, 1, 31))
        (task,) = api_for(world.member_officer).get("/api/v1/me/tasks/").json()
        assert task == {
            "key": "register", "text": "Đăng ký thi đua năm 2026 trước 31/01/2026", "title": "Đăng ký thi đua năm 2026",
            "due": "2026-01-31", "url": f"/cum/{world.cluster.pk}/nam/2026/dang-ky/", "cluster": world.cluster.pk,
            "cluster_name": "Cụm thi đua số 1", "year": 2026, "unit": world.member_unit.pk,
        }
        assert api_for(world.organizer_officer).get("/api/v1/me/tasks/").json() == []


def test_the_schema_lists_the_year_endpoints(world, api_for):
    schema = api_for(world.member_officer).get("/api/schema/?format=json").json()
    for path in ("settings/", "registrations/", "covenant/", "covenant/sign/", "covenant.docx", "launch/", "launch/publish/"):
        assert "/api/v1/clusters/{id}/years/{year}/" + path in schema["paths"] or \
            "/api/v1/clusters/{pk}/years/{year}/" + path in schema["paths"], path

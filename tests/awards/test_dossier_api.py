"""The dossier's endpoints (api-v1.md "Awards"): the shapes and status codes of the contract."""

import pytest

from thidua.awards.models import Dossier

from .dossier_helpers import built, confirmed, in_proposals, submitted

pytestmark = pytest.mark.django_db


def url(w, tail=""):
    return f"/api/v1/clusters/{w.cluster.pk}/years/2026/dossier/{tail}"


def test_build_then_read(world, api_for):
    in_proposals(world)
    api = api_for(world.leader_officer)
    assert api.get(url(world)).status_code == 404  # not built yet
    r = api.post(url(world))
    assert r.status_code == 201, r.content
    data = r.json()
    assert set(data) >= {"state", "proposals", "documents", "reports", "returned_reason"}
    assert data["state"] == "draft" and data["returned_reason"] == ""
    p = data["proposals"][0]
    assert (p["unit"], p["award"], p["votes"], p["percent"]) == (world.member_unit.pk, "flag_ministry", 3, 100.0)
    assert set(p["eligibility"]) >= {"unit", "award", "year", "eligible", "checks"}
    assert {"rule", "passed", "detail", "basis"} <= set(p["eligibility"]["checks"][0])
    kinds = [d["kind"] for d in data["documents"]]
    assert kinds[:3] == ["to-trinh", "danh-sach", "bien-ban-hoi-nghi"] and kinds.count("bao-cao-thanh-tich") == 2
    assert all(d["docx"] and d["pdf"] and d["title"] for d in data["documents"])
    assert {(r["unit"], r["state"]) for r in data["reports"]} == {(world.member_unit.pk, "missing"), (world.deputy_unit.pk, "missing")}
    assert any(c["kind"] == "report" and c["blocking"] for c in data["checks"])
    assert api.post(url(world)).status_code == 200  # rebuilt
    member = api_for(world.member_delegate).get(url(world))
    assert member.status_code == 200 and member.json()["state"] == "draft"


def test_build_in_another_phase_is_409(world, api_for):
    r = api_for(world.leader_head).post(url(world))
    assert r.status_code == 409 and "Đề nghị khen thưởng" in r.json()["detail"]
    assert api_for(world.member_officer).post(url(world)).status_code == 403
    assert api_for(world.outside_officer).post(url(world)).status_code == 404


def test_report_read_write_confirm(world, api_for):
    built(world)
    path = url(world, f"reports/{world.member_unit.pk}/")
    r = api_for(world.member_head).get(path)
    assert r.status_code == 200 and r.json()["state"] == "missing" and r.json()["sections"][0]["title"]
    body = {"sections": [{"title": "I. Đặc điểm", "text": "Sở Ngoại vụ …"}]}
    assert api_for(world.deputy_officer).put(path, body, format="json").status_code == 403
    assert api_for(world.member_officer).put(path, {"sections": "x"}, format="json").status_code == 400
    r = api_for(world.member_officer).put(path, body, format="json")
    assert r.status_code == 200 and r.json()["state"] == "draft" and r.json()["sections"] == body["sections"]
    assert api_for(world.member_officer).post(path + "confirm/").status_code == 403
    r = api_for(world.member_head).post(path + "confirm/")
    assert r.status_code == 200 and r.json()["state"] == "confirmed"
    assert api_for(world.member_head).post(path + "confirm/").status_code == 409
    assert api_for(world.member_head).get(url(world, "reports/999999/")).status_code == 404
    assert api_for(world.outside_officer).get(path).status_code == 404


def test_submit_with_an_unconfirmed_report_409_with_reasons(world, api_for):
    built(world)
    r = api_for(world.leader_officer).post(url(world, "submit/"))
    assert r.status_code == 409
    assert "chưa viết báo cáo thành tích" in r.json()["detail"]
    assert Dossier.objects.get().state == "draft"
    assert api_for(world.member_officer).post(url(world, "submit/")).status_code == 403


def test_submit_return_resubmit_accept(world, api_for):
    confirmed(world)
    r = api_for(world.leader_officer).post(url(world, "submit/"))
    assert r.status_code == 200 and r.json()["state"] == "submitted"
    org = api_for(world.organizer_officer)
    assert org.post(url(world, "return/"), {}, format="json").status_code == 400
    assert org.post(url(world, "return/"), {"reason": ""}, format="json").status_code == 400
    assert api_for(world.leader_officer).post(url(world, "return/"), {"reason": "x"}, format="json").status_code == 403
    assert api_for(world.other_organizer_officer).post(url(world, "return/"), {"reason": "x"}, format="json").status_code == 404
    r = org.post(url(world, "return/"), {"reason": "Bổ sung báo cáo"}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "returned" and r.json()["returned_reason"] == "Bổ sung báo cáo"
    assert org.post(url(world, "accept/")).status_code == 409
    assert api_for(world.leader_head).post(url(world, "submit/")).status_code == 200
    r = org.post(url(world, "accept/"))
    assert r.status_code == 200 and r.json()["state"] == "accepted"
    assert [h["action"] for h in r.json()["history"]] == ["build", "submit", "return", "resubmit", "accept"]
    path = url(world, f"reports/{world.member_unit.pk}/")
    assert api_for(world.member_officer).put(path, {"sections": [{"title": "x", "text": ""}]}, format="json").status_code == 409


def test_the_dossier_is_in_the_schema(client, world):
    client.force_login(world.organizer_officer)
    schema = client.get("/api/schema/").content.decode()
    for path in ("dossier/", "dossier/submit/", "dossier/return/", "dossier/accept/", "dossier/reports/{unit_id}/",
                 "dossier/reports/{unit_id}/confirm/"):  # fmt: skip
        assert f"/api/v1/clusters/{{id}}/years/{{year}}/{path}" in schema or f"/years/{{year}}/{path}" in schema, path


def test_submitted_fixture(world, api_for):
    submitted(world)
    assert api_for(world.admin).get(url(world)).json()["state"] == "submitted"

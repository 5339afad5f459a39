"""API v1 "The conference and the vote" end to end: conference, check-in, a poll from
draft to closed, the answers while open (turnout only) and once closed (results, elected,
ballots, digest), errors in the contract's shapes, the schema."""

from __future__ import annotations

import hashlib
import json

import pytest
import yaml
from django.core.management import call_command

from thidua.org.models import ClusterYear, Role
from thidua.voting import services
from thidua.voting.models import Poll

from .conftest import build_electorate

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


def test_a_whole_vote_through_the_api(api_for):
    e = build_electorate(5)
    y = f"{V1}/clusters/{e.cluster.pk}/years/{e.cluster_year.year}"
    leader = api_for(e.leader_officer)
    r = leader.put(f"{y}/conference/", {"date": "2026-12-18", "place": "Thanh Hóa", "host_unit": e.units[0].pk,
                                        "guests": ["Đại diện Vụ Thi đua - Khen thưởng"], "agenda": ["Tổng kết", "Biểu quyết"]},
                   format="json")
    assert r.status_code == 200, r.content
    assert r.json()["place"] == "Thanh Hóa" and r.json()["guests"] == ["Đại diện Vụ Thi đua - Khen thưởng"]
    assert "checkin_code" not in api_for(e.heads[3]).get(f"{y}/conference/").json()
    # Check-in: the secretariat for any member, each delegate for its own unit; twice is harmless.
    for unit in e.units[:2]:
        assert leader.post(f"{y}/conference/checkin/", {"unit": unit.pk}, format="json").status_code == 200
    code = services.conference_of(e.cluster_year).checkin_code
    for i in (2, 3, 3):
        r = api_for(e.heads[i]).post(f"{y}/conference/checkin/", {"unit": e.units[i].pk, "code": code}, format="json")
        assert r.status_code == 200
    assert r.json() == {"present": sorted(u.pk for u in e.units[:4]), "quorum_met": True}
    r = api_for(e.heads[4]).post(f"{y}/conference/checkin/", {"unit": e.units[3].pk}, format="json")
    assert r.status_code == 403 and "detail" in r.json()
    # A poll.
    body = {"kind": "leader", "title": "Bầu Cụm trưởng năm 2027", "method": "single", "max_choices": 1,
            "candidates": [e.units[1].pk, e.units[2].pk], "threshold": {"base": "members", "percent": 50, "strict": True}, "seats": 1}
    r = leader.post(f"{y}/polls/", body, format="json")
    assert r.status_code == 201, r.content
    poll = r.json()
    assert poll["state"] == "draft" and [c["unit"] for c in poll["candidates"]] == [e.units[1].pk, e.units[2].pk]
    assert poll["threshold"] == {"base": "members", "percent": 50.0, "strict": True}
    p = f"{V1}/polls/{poll['id']}"
    assert leader.post(f"{p}/close/").status_code == 409
    assert api_for(e.heads[0]).post(f"{p}/ballots/", {"choices": [e.units[1].pk]}, format="json").status_code == 409
    r = leader.post(f"{p}/open/")
    assert r.status_code == 200 and r.json()["state"] == "open"
    assert leader.patch(f"{p}/", {"title": "Khác"}, format="json").status_code == 409
    # Casting.
    r = api_for(e.heads[0]).post(f"{p}/ballots/", {"choices": [e.units[1].pk, e.units[2].pk]}, format="json")
    assert r.status_code == 400 and "choices" in r.json()
    r = api_for(e.heads[0]).post(f"{p}/ballots/", {"choices": [e.units[4].pk]}, format="json")
    assert r.status_code == 400 and "choices" in r.json()
    receipts = []
    for i, choice in ((0, 1), (1, 1), (2, 2), (3, 1)):
        r = api_for(e.heads[i]).post(f"{p}/ballots/", {"choices": [e.units[choice].pk]}, format="json")
        assert r.status_code == 201 and set(r.json()) == {"receipt"}
        receipts.append(r.json()["receipt"])
    r = api_for(e.heads[0]).post(f"{p}/ballots/", {"choices": [e.units[2].pk]}, format="json")
    assert r.status_code == 409 and r.json() == {"detail": "Đơn vị của bạn đã bỏ phiếu"}
    r = api_for(e.heads[4]).post(f"{p}/ballots/", {"choices": [e.units[2].pk]}, format="json")
    assert r.status_code == 409  # absent when the poll opened: not on the roll
    r = api_for(e.heads[2]).get(f"{p}/")
    assert r.json()["turnout"] == {"voted": 4, "entitled": 5, "present": 4}
    assert "results" not in r.json() and "ballots" not in r.json() and "digest" not in r.json()
    # Closing publishes everything.
    r = leader.post(f"{p}/close/")
    assert r.status_code == 200
    data = api_for(e.heads[2]).get(f"{p}/").json()
    assert data["state"] == "closed"
    assert data["results"] == [
        {"candidate": e.units[1].pk, "votes": 3, "percent": 60.0, "passed": True},
        {"candidate": e.units[2].pk, "votes": 1, "percent": 20.0, "passed": False},
    ]
    assert data["elected"] == [e.units[1].pk]
    assert [b["receipt"] for b in data["ballots"]] == sorted(receipts)
    text = json.dumps(data["ballots"], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == data["digest"]
    assert data["counts"]["ballots_cast"] == 4 and data["runoff"] is None
    # The election set next year's leader, visible in the organisation API.
    r = api_for(e.organizer_officer).get(f"{V1}/clusters/{e.cluster.pk}/years/2027/")
    assert r.status_code == 200
    assert [m["unit"] for m in r.json()["members"] if m["role"] == "leader"] == [e.units[1].pk]
    assert ClusterYear.objects.get(cluster=e.cluster, year=2027).memberships.get(role=Role.LEADER).unit == e.units[1]
    assert api_for(e.heads[4]).post(f"{p}/ballots/", {"choices": []}, format="json").status_code == 409


def test_bad_bodies_are_400_never_500(api_for):
    e = build_electorate(3)
    e.check_in()
    y = f"{V1}/clusters/{e.cluster.pk}/years/{e.cluster_year.year}"
    leader = api_for(e.leader_officer)
    for body in ([], {"kind": "flag"}, {"kind": "nope", "title": "x", "candidates": []},
                 {"kind": "flag", "title": "x", "candidates": [10**20]}, {"kind": "flag", "title": "x", "candidates": ["a"]},
                 {"kind": "flag", "title": "x", "candidates": [e.units[0].pk], "threshold": {"base": "all", "percent": 500}},
                 {"kind": "flag", "title": "x", "candidates": [e.units[0].pk], "max_choices": True}):
        r = leader.post(f"{y}/polls/", body, format="json")
        assert r.status_code == 400, (body, r.content)
    poll = e.poll(candidates=e.units[:2], method="approval", max_choices=1, seats=1)
    voter = api_for(e.heads[0])
    for body in ([], {"choices": "1"}, {"choices": [True]}, {"choices": [1.5]}, {"answers": {}}, {"choices": [], "x": 1}, {}):
        r = voter.post(f"{V1}/polls/{poll.pk}/ballots/", body, format="json")
        assert r.status_code == 400, (body, r.content)
    assert api_for(e.heads[0]).get(f"{V1}/polls/99999999999999999999/").status_code == 404
    r = leader.put(f"{V1}/polls/{poll.pk}/paper-tally/", {"issued": "many"}, format="json")
    assert r.status_code == 409  # an electronic poll takes no paper tally


def test_english_messages_when_asked(api_for):
    e = build_electorate(2)
    e.check_in()
    r = api_for(e.heads[1]).post(f"{V1}/clusters/{e.cluster.pk}/years/2026/polls/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 403 and r.json() == {"detail": "Only the leader unit and the organizer may create polls."}
    poll = e.poll(candidates=e.units[:2], method="single", max_choices=1, seats=1)
    url = f"{V1}/polls/{poll.pk}/ballots/"
    assert api_for(e.heads[0]).post(url, {"choices": [e.units[0].pk]}, format="json").status_code == 201
    r = api_for(e.heads[0]).post(url, {"choices": [e.units[0].pk]}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 409 and r.json() == {"detail": "Your unit has already voted"}


def test_the_schema_documents_the_contract(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    paths = yaml.safe_load(target.read_text())["paths"]
    contract = {
        "/api/v1/clusters/{id}/years/{year}/conference/": {"get", "put"},
        "/api/v1/clusters/{id}/years/{year}/conference/checkin/": {"post"},
        "/api/v1/clusters/{id}/years/{year}/polls/": {"post"},
        "/api/v1/polls/{id}/": {"get"},
        "/api/v1/polls/{id}/open/": {"post"},
        "/api/v1/polls/{id}/close/": {"post"},
        "/api/v1/polls/{id}/ballots/": {"post"},
    }
    for path, methods in contract.items():
        assert methods <= set(paths[path]), path
    assert {"201", "400", "401", "403", "404", "409"} <= set(paths["/api/v1/polls/{id}/ballots/"]["post"]["responses"])


def test_paper_poll_through_the_api(api_for):
    e = build_electorate(4)
    e.check_in()
    poll = e.poll(kind="merit", title="Bằng khen", mode="paper", candidates=e.units[:3], method="approval", max_choices=2, seats=2,
                  threshold={"base": "members", "percent": 50, "strict": True})
    leader = api_for(e.leader_officer)
    figures = {"issued": 4, "returned": 4, "valid": 3, "invalid": 1, "votes": {str(e.units[0].pk): 3, str(e.units[1].pk): 2}}
    r = leader.put(f"{V1}/polls/{poll.pk}/paper-tally/", figures | {"valid": 4}, format="json")
    assert r.status_code == 400 and "valid" in r.json()
    assert leader.put(f"{V1}/polls/{poll.pk}/paper-tally/", figures, format="json").status_code == 200
    data = leader.post(f"{V1}/polls/{poll.pk}/close/").json()
    assert data["elected"] == [e.units[0].pk] and data["digest"] is None and data["ballots"] == []
    assert data["counts"] == {"issued": 4, "returned": 4, "ballots_cast": 4, "valid": 3, "blank": 0, "invalid": 1, "base": 4}
    r = api_for(e.heads[2]).get(f"{V1}/clusters/{e.cluster.pk}/years/2026/conference/proposals/")
    assert [(p["kind"], p["unit"], p["votes"]) for p in r.json()] == [("merit", e.units[0].pk, 3)]
    assert Poll.objects.get(pk=poll.pk).state == "closed"

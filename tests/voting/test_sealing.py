"""Sealed ballots (voting.md "Sealed ballots", docs/voting.md): nothing readable while a
poll is open, opened in receipt order at the close, the sealing secret and its rotation,
the deploy check, ballots published without receipts, the trail's head in the minutes,
and no page showing who voted when while a poll is open."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.core.management import call_command
from django.db import models
from django.urls import reverse

from tests.voting.helpers import text_of
from thidua.core.errors import Conflict
from thidua.core.models import AuditEvent
from thidua.voting import documents, sealing, selectors, tally
from thidua.voting.checks import check_ballot_sealing_secret
from thidua.voting.models import Ballot, Participation, Poll, SealedBallot

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


def _flag_poll(e, **data):
    return e.poll(
        kind="flag",
        title="Suy tôn Cờ thi đua",
        candidates=e.units[:4],
        method="approval",
        max_choices=2,
        seats=2,
        threshold={"base": "members", "percent": 50, "strict": False},
        **data,
    )


# --- what is stored while the poll is open -------------------------------------------------------------
def test_a_sealed_ballot_holds_a_random_id_the_poll_a_ciphertext_and_a_nonce_only():
    assert {f.name for f in SealedBallot._meta.get_fields()} == {"id", "poll", "ciphertext", "nonce"}
    assert not list(SealedBallot._meta.related_objects)
    assert isinstance(SealedBallot._meta.pk, models.UUIDField) and SealedBallot._meta.pk.default().version == 4


def test_while_open_nothing_readable_then_the_close_opens_all_in_receipt_order(electorate):
    e = electorate
    poll = _flag_poll(e)
    assert len(bytes(Poll.objects.get(pk=poll.pk).seal_salt)) == sealing.SALT_BYTES
    votes = {0: [0, 1], 1: [], 2: [2], 3: [0, 3], 4: [1]}
    receipts = {i: e.cast(poll, i, choices=[e.units[c].pk for c in cs]) for i, cs in votes.items()}
    assert not Ballot.objects.filter(poll=poll).exists()
    sealed = list(SealedBallot.objects.filter(poll=poll).values_list("nonce", "ciphertext"))
    assert len(sealed) == 5 and len({bytes(c) for _n, c in sealed}) == 5
    raw = b"".join(bytes(n) + bytes(c) for n, c in sealed)
    assert not any(r.encode() in raw for r in receipts.values()) and b"choices" not in raw
    assert len({len(bytes(c)) for _n, c in sealed}) == 1  # a blank and a two-choice ballot look alike
    # Even the right receipt finds nothing before the close.
    assert selectors.receipt_lookup(Poll.objects.get(pk=poll.pk), receipts[0]) is None
    poll = e.close(Poll.objects.get(pk=poll.pk))
    assert not SealedBallot.objects.filter(poll=poll).exists()
    rows = list(Ballot.objects.filter(poll=poll).values_list("receipt", "choices"))
    assert sorted(rows) == sorted((receipts[i], sorted(e.units[c].pk for c in cs)) for i, cs in votes.items())
    assert poll.results["ballots_cast"] == 5 and poll.results["blank"] == 1
    assert selectors.receipt_lookup(poll, receipts[3]) == {"receipt": receipts[3], "choices": sorted([e.units[0].pk, e.units[3].pk])}


def test_the_close_refuses_when_a_sealed_ballot_is_missing_altered_or_moved(electorate):
    e = electorate
    poll = _flag_poll(e)
    other = _flag_poll(e)
    for i in range(3):
        e.cast(poll, i, choices=[e.units[0].pk])
        e.cast(other, i, choices=[e.units[1].pk])
    victim = SealedBallot.objects.filter(poll=poll).first()
    # Altered: one flipped bit and the ballot does not open.
    ciphertext = bytearray(bytes(victim.ciphertext))
    ciphertext[0] ^= 1
    SealedBallot.objects.filter(pk=victim.pk).update(ciphertext=bytes(ciphertext))
    with pytest.raises(Conflict, match="Không mở được phiếu niêm phong"):
        e.close(poll)
    # Moved from another poll (sealed under that poll's key and id): it does not open here.
    SealedBallot.objects.filter(pk=victim.pk).delete()
    moved = SealedBallot.objects.filter(poll=other).first().pk
    SealedBallot.objects.filter(pk=moved).update(poll=poll)
    with pytest.raises(Conflict, match="Không mở được phiếu niêm phong"):
        e.close(poll)
    # Missing: the count no longer matches the participation (two genuine ballots are left).
    SealedBallot.objects.filter(pk=moved).delete()
    with pytest.raises(Conflict, match=r"Số phiếu \(2\) khác số đơn vị đã bỏ phiếu \(3\)"):
        e.close(poll)
    assert Poll.objects.get(pk=poll.pk).state == "open" and not Ballot.objects.filter(poll=poll).exists()


def test_a_secret_changed_during_a_poll_refuses_the_close_and_never_touches_a_closed_poll(electorate, settings):
    e = electorate
    closed = _flag_poll(e)
    receipt = e.cast(closed, 0, choices=[e.units[1].pk])
    closed = e.close(closed)
    minutes = text_of(documents.counting_minutes_document(closed))
    poll = _flag_poll(e)
    e.cast(poll, 0, choices=[e.units[2].pk])
    original = settings.BALLOT_SEALING_SECRET
    settings.BALLOT_SEALING_SECRET = "another-secret-" + "x" * 40
    with pytest.raises(Conflict, match="BALLOT_SEALING_SECRET"):
        e.close(Poll.objects.get(pk=poll.pk))
    # The closed poll holds clear ballots: the new secret changes nothing there.
    closed = Poll.objects.get(pk=closed.pk)
    assert selectors.receipt_lookup(closed, receipt) == {"receipt": receipt, "choices": [e.units[1].pk]}
    assert tally.digest(selectors.ballots_of(closed)) == closed.digest
    assert text_of(documents.counting_minutes_document(closed)) == minutes
    settings.BALLOT_SEALING_SECRET = original  # the old one back: the poll closes
    assert e.close(Poll.objects.get(pk=poll.pk)).results["ballots_cast"] == 1


# --- the deploy check ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("debug", "secret", "errors"), [(False, "", 1), (False, "s" * 31, 1), (False, "s" * 32, 0), (True, "", 0)])
def test_the_deploy_check_wants_a_sealing_secret_outside_debug(settings, debug, secret, errors):
    settings.DEBUG, settings.BALLOT_SEALING_SECRET = debug, secret
    found = check_ballot_sealing_secret()
    assert [c.id for c in found] == ["thidua.voting.E001"] * errors
    if errors:
        assert "BALLOT_SEALING_SECRET" in found[0].msg


def test_check_deploy_reports_a_missing_sealing_secret(settings):
    settings.DEBUG, settings.BALLOT_SEALING_SECRET = False, ""
    from django.core.management.base import SystemCheckError

    with pytest.raises(SystemCheckError, match=r"thidua\.voting\.E001"):
        call_command("check", "--deploy", "--tag", "security")


# --- ballots published without receipts ---------------------------------------------------------------------
def test_a_poll_without_receipts_publishes_bare_ballots_sorted_by_their_bytes(electorate):
    e = electorate
    poll = _flag_poll(e, publish_receipts=False)
    assert poll.publish_receipts is False
    votes = [[1, 0], [], [2], [0, 1], [3]]
    for i, cs in enumerate(votes):
        assert e.cast(poll, i, choices=[e.units[c].pk for c in cs]) is None  # the delegate gets nothing to show anyone
    poll = e.close(Poll.objects.get(pk=poll.pk))
    published = selectors.ballots_of(poll)
    assert all(set(b) == {"choices"} for b in published)
    # docs/voting.md: each object's canonical bytes give the order; the digest is over the list as published.
    one = [json.dumps(b, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode() for b in published]
    assert one == sorted(one)
    text = json.dumps(published, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == poll.digest
    assert sorted(map(tuple, (b["choices"] for b in published))) == sorted(tuple(sorted(e.units[c].pk for c in cs)) for cs in votes)
    receipts = Ballot.objects.filter(poll=poll).values_list("receipt", flat=True)
    assert all(selectors.receipt_lookup(poll, r) is None for r in receipts)
    assert "không kèm mã biên nhận" in text_of(documents.counting_minutes_document(poll))


def test_the_api_and_the_pages_offer_and_honour_publishing_without_receipts(electorate, api_for, client_for):
    e = electorate
    y = f"{V1}/clusters/{e.cluster.pk}/years/{e.cluster_year.year}"
    leader = api_for(e.leader_officer)
    body = {
        "kind": "other",
        "title": "Xác nhận danh sách",
        "method": "yes_no",
        "max_choices": 2,
        "seats": 2,
        "candidates": [e.units[1].pk, e.units[2].pk],
        "threshold": {"base": "valid", "percent": 50, "strict": True},
    }
    r = leader.post(f"{y}/polls/", {**body, "publish_receipts": "maybe"}, format="json")
    assert r.status_code == 400 and "publish_receipts" in r.json()
    assert leader.post(f"{y}/polls/", body, format="json").json()["publish_receipts"] is True  # the default
    r = leader.post(f"{y}/polls/", {**body, "publish_receipts": False}, format="json")
    assert r.status_code == 201 and r.json()["publish_receipts"] is False
    pid = r.json()["id"]
    assert leader.post(f"{V1}/polls/{pid}/open/").status_code == 200
    ballot_page = client_for(e.heads[3]).get(reverse("voting_ballot", args=[pid])).content.decode()
    assert 'id="no-receipts"' in ballot_page
    r = api_for(e.heads[0]).post(f"{V1}/polls/{pid}/ballots/", {"answers": {str(e.units[1].pk): "yes"}}, format="json")
    assert r.status_code == 201 and r.json() == {"receipt": None}
    cast = client_for(e.heads[1]).post(reverse("voting_ballot", args=[pid]), {"step": "cast", f"a_{e.units[1].pk}": "no"})
    assert cast.status_code == 200 and 'id="cast-done"' in cast.content.decode() and 'id="receipt"' not in cast.content.decode()
    assert leader.post(f"{V1}/polls/{pid}/close/").status_code == 200
    data = api_for(e.heads[4]).get(f"{V1}/polls/{pid}/").json()
    assert len(data["ballots"]) == 2 and all("receipt" not in b for b in data["ballots"])
    assert (
        hashlib.sha256(json.dumps(data["ballots"], sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()).hexdigest()
        == data["digest"]
    )
    # The page form: the box is ticked for a new poll; left unticked, the poll publishes no receipts.
    page = client_for(e.leader_officer).get(reverse("voting_polls", args=[e.cluster.pk, 2026])).content.decode()
    assert 'name="publish_receipts"' in page and 'id="id_publish_receipts" checked' in page


# --- the trail's head in the minutes ------------------------------------------------------------------------
def test_the_minutes_print_the_trails_head_at_the_close_beside_the_digest(electorate):
    e = electorate
    poll = _flag_poll(e)
    for i in range(3):
        e.cast(poll, i, choices=[e.units[0].pk])
    poll = e.close(poll)
    close_event = AuditEvent.objects.get(action="poll.close", object_id=str(poll.pk))
    assert poll.trail_head_at_close == close_event.hash  # the head right after the close's own event
    assert Poll.objects.get(pk=poll.pk).trail_head_at_close == close_event.hash
    text = text_of(documents.counting_minutes_document(poll))
    assert f"Mã băm đầu chuỗi nhật ký khi đóng phiếu: {close_event.hash}." in text and poll.digest in text


# --- who voted when ---------------------------------------------------------------------------------------------
def test_the_audit_browser_hides_who_voted_when_until_the_poll_closes(electorate, client_for):
    e = electorate
    poll = _flag_poll(e)
    e.cast(poll, 3, choices=[e.units[0].pk])
    url = reverse("audit_list") + "?action=poll.vote"
    client = client_for(e.organizer_officer)
    voted = f"{e.units[3].name} đã bỏ phiếu"
    assert voted not in client.get(url).content.decode()
    assert voted not in client.get(reverse("audit_list")).content.decode()
    assert Participation.objects.filter(poll=poll).count() == 1  # recorded, only not shown
    e.close(Poll.objects.get(pk=poll.pk))
    assert voted in client.get(url).content.decode()

"""The ballot path (issue 8): at most 10 SQL statements per cast, the request included —
the poll row read once (its roll, candidates and electorate frozen when it opened), one
permission answer from that row and the user (eligibility.vote_refusal), the inserts
without savepoints (the participation's unique constraint refuses a second ballot), the
audit event's three. Runs on SQLite and, with DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from thidua.core.errors import Conflict, Forbidden
from thidua.org.models import Province
from thidua.org.provinces import load_provinces
from thidua.voting import delegates, eligibility, selectors, services
from thidua.voting.models import Participation, Poll, SealedBallot

from .conftest import build_electorate

pytestmark = pytest.mark.django_db
MAX_STATEMENTS = 10
LIVE_READS = ("org_membership", "voting_delegate", "voting_pollcandidate", "org_unit")


def _poll(e):
    return e.poll(candidates=e.units[:4], method="approval", max_choices=2, seats=2, kind="merit", title="Bằng khen")


def _token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + AuthToken.objects.create(user=user)[1])
    return client


def test_a_cast_through_the_api_takes_at_most_ten_statements_and_reads_nothing_but_the_poll(electorate):
    e = electorate
    poll = _poll(e)
    e.cast(poll, 0, choices=[])  # the cluster's audit chain exists already
    client = _token_client(e.heads[1])
    with CaptureQueriesContext(connection) as queries:
        answer = client.post(f"/api/v1/polls/{poll.pk}/ballots/", {"choices": [e.units[0].pk]}, format="json")
    assert answer.status_code == 201, answer.content
    sql = [q["sql"] for q in queries]
    # token, poll (visible?), then the transaction: its begin and commit are the test's savepoint pair here
    assert len(sql) <= MAX_STATEMENTS, sql
    assert sum(s.startswith("SAVEPOINT") for s in sql) == 1  # the transaction itself: no savepoint inside
    read_from = [s.split(" FROM ", 1)[1].split()[0].strip('"') for s in sql if s.startswith("SELECT")]
    assert not set(read_from) & set(LIVE_READS), read_from  # (the poll's visibility is a subquery of its read)
    assert [s.split()[2].strip('"') for s in sql if s.startswith("INSERT")] == [
        "voting_participation",
        "voting_sealedballot",
        "core_auditevent",
    ]


def test_the_service_alone_takes_six_statements_besides_its_transaction(electorate):
    e = electorate
    poll = _poll(e)
    e.cast(poll, 0, choices=[])
    with CaptureQueriesContext(connection) as queries:
        e.cast(poll, 1, choices=[e.units[0].pk])
    work = [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    assert len(work) == 6, work  # poll (locked), participation, sealed ballot, audit head, event, head


def test_a_second_ballot_is_refused_by_the_database_and_leaves_nothing(electorate):
    e = electorate
    poll = _poll(e)
    e.cast(poll, 3, choices=[e.units[0].pk])
    with pytest.raises(Conflict) as err:
        e.cast(poll, 3, choices=[e.units[1].pk])
    assert str(err.value.message) == "Đơn vị của bạn đã bỏ phiếu"
    assert Participation.objects.filter(poll=poll).count() == SealedBallot.objects.filter(poll=poll).count() == 1


def test_opening_freezes_the_candidates_and_who_votes_for_each_unit(electorate):
    e = electorate
    deputy = e.officers[2]
    deputy.is_delegate = True
    deputy.save()
    delegates.delegate_set(
        actor=e.heads[2],
        cluster_year=e.cluster_year,
        unit=e.units[2],
        user=deputy,
        full_name="Lê Văn Phó",
        authorisation="Giấy ủy quyền số 1/GUQ",
    )
    poll = _poll(e)
    assert poll.candidate_ids == [u.pk for u in e.units[:4]]
    frozen = Poll.objects.get(pk=poll.pk).electorate
    assert set(frozen) == {str(u.pk) for u in e.units}
    assert frozen[str(e.units[2].pk)] == {"name": e.units[2].name, "voters": [deputy.pk], "delegate": "Lê Văn Phó"}
    assert frozen[str(e.units[3].pk)] == {"name": e.units[3].name, "voters": [e.heads[3].pk], "delegate": None}


def test_the_page_and_the_cast_give_the_same_reason(electorate, client_for):
    e = electorate
    deputy = e.officers[2]
    deputy.is_delegate = True
    deputy.save()
    delegates.delegate_set(
        actor=e.heads[2],
        cluster_year=e.cluster_year,
        unit=e.units[2],
        user=deputy,
        full_name="Lê Văn Phó",
        authorisation="Giấy ủy quyền số 1/GUQ",
    )
    poll = Poll.objects.select_related("cluster_year__cluster").get(pk=_poll(e).pk)
    # the head whose unit named someone else: 403 with the delegate's name, on the page and at the cast
    refusal = eligibility.vote_refusal(e.heads[2], poll)
    assert refusal.code == eligibility.NAMED_OTHER and "Lê Văn Phó" in refusal.message
    assert refusal.message in client_for(e.heads[2]).get(reverse("voting_ballot", args=[poll.pk])).content.decode()
    with pytest.raises(Forbidden) as err:
        services.ballot_cast(actor=e.heads[2], poll=poll, choices=[])
    assert err.value.message == refusal.message
    # an officer votes for nothing; a voter who voted is told so
    assert eligibility.vote_refusal(e.officers[4], poll).code == eligibility.NOT_A_VOTER
    assert eligibility.vote_refusal(e.heads[4], poll) is None
    services.ballot_cast(actor=e.heads[4], poll=poll, choices=[])
    assert eligibility.vote_refusal(e.heads[4], poll).message == "Đơn vị của bạn đã bỏ phiếu"
    assert selectors.can_vote_now(deputy, poll) == (True, "")


def test_a_poll_opened_before_the_electorate_was_frozen_still_follows_the_live_rules(electorate):
    e = electorate
    poll = _poll(e)
    Poll.objects.filter(pk=poll.pk).update(electorate=None, candidate_ids=[])  # as the migration leaves an open poll
    poll = Poll.objects.select_related("cluster_year__cluster").get(pk=poll.pk)
    assert eligibility.vote_refusal(e.officers[1], poll).code == eligibility.NOT_A_VOTER
    receipt = services.ballot_cast(actor=e.heads[1], poll=poll, choices=[e.units[0].pk])
    with pytest.raises(Conflict):
        services.ballot_cast(actor=e.heads[1], poll=poll, choices=[e.units[0].pk])
    closed = e.close(Poll.objects.get(pk=poll.pk))
    assert [b["receipt"] for b in selectors.published_ballots(closed)] == [receipt]


# --- PostgreSQL: opening a poll and naming a delegate do not race ----------------------------------------
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_opening_waits_for_a_delegate_change_in_flight_and_freezes_its_result():
    """A unit's head names a delegate while the secretariat opens a poll: the open locks
    the conference row as the delegate change does, so the frozen electorate holds the
    new delegate (without the lock the open read the delegates before the change
    committed, and the unit's delegate could not vote)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://…)")
    if not Province.objects.exists():
        load_provinces(Province)
    e = build_electorate(4, number="41")
    e.check_in()
    draft = e.poll(candidates=e.units[:2], open_it=False)
    deputy = e.officers[2]
    deputy.is_delegate = True
    deputy.save()
    named, opened = threading.Event(), {}

    def name_delegate_and_wait():
        try:
            with transaction.atomic():
                delegates.delegate_set(
                    actor=e.heads[2],
                    cluster_year=e.cluster_year,
                    unit=e.units[2],
                    user=deputy,
                    full_name="Lê Văn Phó",
                    authorisation="Giấy ủy quyền số 2/GUQ",
                )
                named.set()
                time.sleep(0.5)  # the open starts meanwhile and must wait for this commit
        finally:
            connections.close_all()

    def open_poll():
        try:
            named.wait(10)
            opened["poll"] = services.poll_open(actor=e.leader_officer, poll=Poll.objects.get(pk=draft.pk))
        except Exception as exc:  # pragma: no cover - reported below
            opened["error"] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=name_delegate_and_wait), threading.Thread(target=open_poll)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert "error" not in opened, opened
    frozen = Poll.objects.get(pk=draft.pk).electorate[str(e.units[2].pk)]
    assert frozen["voters"] == [deputy.pk] and frozen["delegate"] == "Lê Văn Phó"

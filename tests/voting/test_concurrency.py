"""Concurrency on PostgreSQL (voting.md §1): many requests casting for the same unit at
once make exactly one ballot; many units casting at once lose none, even when the poll is
closed in the middle of it. Real threads, real transactions, one connection each.

Run with DATABASE_URL=postgres://…; on SQLite (one writer at a time) they are skipped."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from thidua.core.audit import audit_verify
from thidua.core.errors import Conflict, InvalidInput
from thidua.org.models import Province
from thidua.org.provinces import load_provinces
from thidua.voting import selectors, services
from thidua.voting.models import Ballot, Participation, Poll, SealedBallot

from .conftest import build_electorate

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pg(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://…): SQLite serialises every write, so there is no race to test")
    if not Province.objects.exists():  # transactional tests flush the provinces a migration loaded
        load_provinces(Province)


def run_at_once(calls) -> list:
    """Run every call in its own thread, released together; [(result or exception)]."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def worker(i, call):
        try:
            barrier.wait(timeout=30)
            results[i] = call()
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    return results


def test_many_requests_for_the_same_unit_make_exactly_one_ballot(pg):
    e = build_electorate(5)
    e.check_in()
    poll = e.poll(candidates=e.units[:3], method="approval", max_choices=2, seats=2)
    voter = e.heads[2]
    calls = [lambda i=i: services.ballot_cast(actor=voter, poll=Poll.objects.get(pk=poll.pk), choices=[e.units[i % 3].pk])
             for i in range(16)]
    results = run_at_once(calls)
    receipts = [r for r in results if isinstance(r, str)]
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert len(receipts) == 1, results
    assert len(conflicts) == 15 and all(str(c.message) == "Đơn vị của bạn đã bỏ phiếu" for c in conflicts)
    assert Participation.objects.filter(poll=poll).count() == SealedBallot.objects.filter(poll=poll).count() == 1
    e.close(Poll.objects.get(pk=poll.pk))
    assert list(Ballot.objects.filter(poll=poll).values_list("receipt", flat=True)) == receipts
    assert audit_verify().ok


def test_many_units_at_once_lose_no_ballot(pg):
    e = build_electorate(40, number="40")
    e.check_in()
    poll = e.poll(candidates=e.units[:5], method="approval", max_choices=3, seats=3)
    calls = [lambda i=i: services.ballot_cast(actor=e.heads[i], poll=Poll.objects.get(pk=poll.pk),
                                              choices=[e.units[i % 5].pk, e.units[(i + 1) % 5].pk]) for i in range(40)]
    results = run_at_once(calls)
    assert all(isinstance(r, str) for r in results), [r for r in results if not isinstance(r, str)]
    assert len(set(results)) == 40
    poll = e.close(Poll.objects.get(pk=poll.pk))
    assert poll.results["ballots_cast"] == 40
    published = {b["receipt"] for b in services.published_ballots(poll)}
    assert published == set(results)
    assert sum(r["votes"] for r in poll.results["rows"]) == 80
    assert audit_verify().ok


def test_closing_while_units_cast_loses_nothing_and_counts_everything_cast(pg):
    e = build_electorate(30, number="30")
    e.check_in()
    poll = e.poll(candidates=e.units[:2], method="single", max_choices=1, seats=1)

    def close():
        return services.poll_close(actor=e.leader_officer, poll=Poll.objects.get(pk=poll.pk))

    calls = [lambda i=i: services.ballot_cast(actor=e.heads[i], poll=Poll.objects.get(pk=poll.pk), choices=[e.units[i % 2].pk])
             for i in range(30)]
    results = run_at_once([*calls[:15], close, *calls[15:]])
    receipts = {r for r in results if isinstance(r, str)}
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(receipts) + len(refused) == 30, results
    assert all("kết thúc" in str(c.message) for c in refused)
    poll = Poll.objects.get(pk=poll.pk)
    assert poll.state == "closed"
    # Every ballot that got a receipt was counted; none was counted that did not.
    assert {b["receipt"] for b in services.published_ballots(poll)} == receipts
    assert poll.results["ballots_cast"] == len(receipts) == Participation.objects.filter(poll=poll).count()


def test_check_ins_at_once_are_each_counted(pg):
    """Units checking in at the same moment: each check-in counted once in the conference's
    kept count (one more under its lock), and a unit checked in twice at once counted once."""
    from thidua.org.models import ClusterYear

    e = build_electorate(24, number="24")
    cy = e.cluster_year
    calls = [lambda u=u: services.checkin(actor=e.organizer_officer, cluster_year=ClusterYear.objects.get(pk=cy.pk), unit=u)
             for u in e.units + e.units[:6]]  # six of them twice
    results = run_at_once(calls)
    assert [r for r in results if not isinstance(r, bool)] == [], results
    assert results.count(True) == 24
    assert services.conference_of(cy).present_count == 24
    assert selectors.counted_attendance(cy) == (24, 24)


def test_check_ins_during_a_change_of_the_members_leave_the_counts_true(pg):
    """The year's members replaced while units check in — some of them taken off the
    members, some checking in as they are: whichever commits first, the kept counts equal
    the rows afterwards (the change counts the check-ins again under the conference's lock,
    a check-in reads the members under it)."""
    from thidua.org.models import ClusterYear, Role
    from thidua.org.services import cluster_year_set_members

    e = build_electorate(20, number="20")
    cy = e.cluster_year
    e.check_in(e.units[:4])
    staying = e.units[:12]
    members = [(u, Role.LEADER if i == 0 else (Role.DEPUTY1 if i == 1 else Role.MEMBER)) for i, u in enumerate(staying)]

    def checkin(unit):
        return services.checkin(actor=e.organizer_officer, cluster_year=ClusterYear.objects.get(pk=cy.pk), unit=unit)

    def change():
        return cluster_year_set_members(actor=e.organizer_officer, cluster=e.cluster, year=cy.year, members=members)

    calls = [lambda u=u: checkin(u) for u in e.units[4:]]  # eight that stay, eight that leave
    calls.insert(8, change)
    results = run_at_once(calls)
    refused = [r for r in results if isinstance(r, InvalidInput)]
    assert all("không phải thành viên" in str(r.message) for r in refused), results
    assert not [r for r in results if isinstance(r, Exception) and not isinstance(r, InvalidInput)], results
    assert results[:8] == [True] * 8  # units 4-11 stay members: checked in whatever the order
    year = ClusterYear.objects.get(pk=cy.pk)
    assert (year.member_count, services.conference_of(cy).present_count) == selectors.counted_attendance(cy)
    assert selectors.counted_attendance(cy) == (12, 12)
    assert audit_verify().ok

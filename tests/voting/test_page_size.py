"""Pages that do not grow with what they do not show (issue 8): the conference page takes
the same number of queries with 10 member units and 300 (one page of the attendance, counts
for the quorum, the user's own unit), the poll page the same with 10 ballots and 300 (the
ballots are published in the JSON download, counted on the page)."""

from __future__ import annotations

import random
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.org.models import Membership, Role, Unit
from thidua.voting import sealing, selectors, services, tally
from thidua.voting.models import CheckIn, Delegate, Participation, Poll, SealedBallot

from .conftest import build_electorate

pytestmark = pytest.mark.django_db


def _grow(e, n: int, tag: str) -> list[Unit]:
    """n more member units, checked in, each with an observer delegate (bulk: no audit, test only)."""
    units = Unit.objects.bulk_create(
        [
            Unit(
                name=f"Đơn vị thêm {tag}-{i:04d}",
                symbol="DV",
                kind=Unit.Kind.OTHER,
                managed_by=e.organizer,
                search_name=f"don vi them {tag}-{i:04d}",
            )
            for i in range(n)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(cluster_year=e.cluster_year, unit=u, role=Role.MEMBER, organizer=e.organizer, year=e.cluster_year.year) for u in units]
    )
    conference = services.conference_of(e.cluster_year)
    CheckIn.objects.bulk_create([CheckIn(conference=conference, unit=u) for u in units])
    Delegate.objects.bulk_create([Delegate(conference=conference, unit=u, kind="observer", full_name=f"Quan sát {u.pk}") for u in units])
    return units


def _queries(client, url) -> list[str]:
    client.get(url)  # warm whatever is cached per process
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries]


@pytest.mark.parametrize("who", ["leader_officer", "member_head", "organizer_officer"])
def test_the_conference_page_takes_as_many_queries_with_300_members_as_with_10(client_for, who):
    counts, pages = [], []
    for n, tag in ((0, "a"), (290, "b")):
        e = build_electorate(10, number=f"9{tag}")
        e.check_in()
        _grow(e, n, tag)
        user = {"leader_officer": e.leader_officer, "member_head": e.heads[5], "organizer_officer": e.organizer_officer}[who]
        url = reverse("voting_conference", args=[e.cluster.pk, e.cluster_year.year])
        client = client_for(user)
        counts.append(len(_queries(client, url)))
        pages.append(client.get(url).content.decode())
    assert counts[0] == counts[1], counts
    small, large = pages
    assert "10 đơn vị thành viên" in small and "300 đơn vị thành viên" in large
    assert large.count('name="unit" value=') <= selectors.ATTENDANCE_PAGE + 1  # one page of rows, not 300
    assert "?trang=2" in large or "trang=2" in large


def test_the_conference_pages_together_list_every_member_once(client_for):
    e = build_electorate(10, number="95")
    e.check_in()
    extra = _grow(e, 60, "c")
    client = client_for(e.organizer_officer)
    url = reverse("voting_conference", args=[e.cluster.pk, e.cluster_year.year])
    seen = []
    for number in (1, 2):
        page = client.get(url, {"trang": number}).content.decode()
        seen += re.findall(r"Đơn vị thêm c-\d{4}|Sở Ngoại vụ thử nghiệm 95-\d\d", page)
    names = [u.name for u in e.units] + [u.name for u in extra]
    assert sorted(set(seen)) == sorted(names)
    assert seen[0] == e.units[0].name  # the leader unit first


def test_the_conference_edit_form_comes_when_asked_for(client_for):
    e = build_electorate(3, number="96")
    client = client_for(e.leader_officer)
    url = reverse("voting_conference", args=[e.cluster.pk, e.cluster_year.year])
    assert 'name="host_unit"' not in client.get(url).content.decode()
    page = client.get(url, {"sua": "1"}).content.decode()
    assert 'name="host_unit"' in page and e.units[2].name in page
    assert 'name="host_unit"' not in client_for(e.heads[2]).get(url, {"sua": "1"}).content.decode()  # not a manager


def _closed_poll_with(e, ballots: int) -> Poll:
    """A closed electronic poll with `ballots` ballots (the participations and the sealed
    ballots written in bulk as casts write them; the close is the service's)."""
    poll = e.poll(candidates=e.units[:4], method="approval", max_choices=2, seats=2, kind="merit", title="Bằng khen")
    voters = list(Membership.objects.filter(cluster_year=e.cluster_year).values_list("unit_id", flat=True))[:ballots]
    Poll.objects.filter(pk=poll.pk).update(roll=voters)
    rng = random.Random(3)
    ids = [u.pk for u in e.units[:4]]
    Participation.objects.bulk_create([Participation(poll=poll, unit_id=u, delegate=e.heads[0]) for u in voters])
    sealed = [
        sealing.seal(
            poll_id=poll.pk,
            salt=poll.seal_salt,
            candidates=4,
            entry=tally.canonical_entry(poll.method, services.new_receipt() + f"{i:04d}", sorted(rng.sample(ids, 2))),
        )
        for i in range(len(voters))
    ]
    SealedBallot.objects.bulk_create([SealedBallot(poll=poll, nonce=n, ciphertext=c) for n, c in sealed])
    return e.close(Poll.objects.get(pk=poll.pk))


@pytest.mark.parametrize("view", ["voting_poll", "voting_screen", "voting_receipt"])
def test_the_poll_page_takes_as_many_queries_with_300_ballots_as_with_10(client_for, view):
    counts = []
    for n, tag in ((10, "d"), (300, "e")):
        e = build_electorate(10, number=f"9{tag}")
        e.check_in()
        _grow(e, 290, tag)  # the same members: only the ballots differ
        poll = _closed_poll_with(e, n)
        assert poll.results["ballots_cast"] == n
        url = reverse(view, args=[poll.pk])
        if view == "voting_receipt":
            url += "?ma=" + selectors.published_ballots(poll)[0]["receipt"]
        counts.append(len(_queries(client_for(e.heads[3]), url)))
    assert counts[0] == counts[1], counts


def test_a_poll_counts_its_voters_without_grouping_the_poll_row(client_for):
    """Count("participations") joined every participation to the poll row and grouped by
    all its columns (the frozen roll and electorate, one entry per member): 150 ms of SQL on
    the poll page with 10,000 ballots in bench/run.py. The count is a subquery now."""
    e = build_electorate(10, number="98")
    e.check_in()
    poll = _closed_poll_with(e, 7)
    assert selectors.poll_for(e.heads[3], poll.pk).voted == 7
    assert [p.voted for p in selectors.polls_of(e.cluster_year)] == [7]
    for url in (reverse("voting_poll", args=[poll.pk]), reverse("voting_conference", args=[e.cluster.pk, e.cluster_year.year])):
        grouped = [s for s in _queries(client_for(e.heads[3]), url) if 'GROUP BY "voting_poll"."id"' in s]
        assert grouped == [], grouped


GROWING = ("org_membership", "voting_ballot", "voting_participation", "voting_checkin", "voting_delegate")


def _unbounded(sql: list[str]) -> list[str]:
    """The reads of a growing table that fetch every row of the year or poll: neither a
    count nor a LIMIT nor a list of given ids."""
    found = []
    for s in sql:
        table = s.split(" FROM ", 1)[1].split()[0].strip('"') if s.startswith("SELECT") and " FROM " in s else ""
        if table in GROWING and not ("COUNT(" in s or " LIMIT " in s or " IN (" in s):
            found.append(s)
    return found


def test_the_pages_read_no_growing_list_whole(client_for):
    e = build_electorate(10, number="97")
    e.check_in()
    _grow(e, 40, "f")
    poll = _closed_poll_with(e, 30)
    client = client_for(e.heads[3])
    receipt = selectors.published_ballots(poll)[0]["receipt"]
    for url in (
        reverse("voting_conference", args=[e.cluster.pk, 2026]),
        reverse("voting_poll", args=[poll.pk]),
        reverse("voting_screen", args=[poll.pk]),
        reverse("voting_receipt", args=[poll.pk]) + f"?ma={receipt}",
    ):
        assert _unbounded(_queries(client, url)) == [], url

"""Lineage in one query (a recursive CTE): the unit page reads as many statements for a
unit one merger away from its predecessors or successor as for one four mergers away, and
the lineage reads end on a cycle of links."""

import datetime as dt
from itertools import pairwise

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UnitFactory
from thidua.core.memo import request_memo
from thidua.org.models import UnitLineage
from thidua.org.selectors import unit_all_predecessors, unit_all_successors, unit_detail, unit_successor_on

pytestmark = pytest.mark.django_db

TODAY_ISH = dt.date(2026, 1, 1)


def chain(hops: int, tag: str):
    """hops + 1 units, each merged into the next; only the last one still exists."""
    units = [UnitFactory(name=f"{tag} {i}", valid_to=dt.date(2020 + i, 6, 30)) for i in range(hops)]
    units.append(UnitFactory(name=f"{tag} {hops}"))
    for i, (old, new) in enumerate(pairwise(units)):
        UnitLineage.objects.create(predecessor=old, successor=new, effective_on=dt.date(2020 + i, 7, 1))
    return units


def page_queries(client, unit) -> int:
    url = reverse("unit_detail", args=[unit.pk])
    client.get(url)  # warm up (session, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_unit_page_reads_as_much_for_four_hops_as_for_one(world, client_for):
    client = client_for(world.organizer_officer)
    short, long = chain(1, "Sở A"), chain(4, "Sở B")
    # the newest unit lists every predecessor; the oldest shows the unit that carries its duties today
    assert page_queries(client, long[-1]) == page_queries(client, short[-1])
    assert page_queries(client, long[0]) == page_queries(client, short[0])
    page = client.get(reverse("unit_detail", args=[long[0].pk])).content.decode()
    assert long[-1].name in page  # the successor four mergers away is named


def test_the_unit_page_reads_no_statement_twice(world, client_for):
    # The page lists the predecessors and its scoring panel sums their years: one lineage
    # read for both (org.selectors memoises it for the request).
    client = client_for(world.organizer_officer)
    units = chain(2, "Sở H")
    url = reverse("unit_detail", args=[units[-1].pk])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    assert sorted({s for s in sql if sql.count(s) > 1}) == []


def test_lineage_reads_are_one_query_whatever_the_depth(django_assert_num_queries):
    units = chain(4, "Sở C")
    with django_assert_num_queries(1):
        predecessors = unit_all_predecessors(units[-1])
    assert [u.pk for u in predecessors] == [u.pk for u in reversed(units[:-1])]  # nearest first
    assert [u.lineage_depth for u in predecessors] == [1, 2, 3, 4]
    with django_assert_num_queries(1):
        assert unit_successor_on(units[0], TODAY_ISH) == units[-1]
    with django_assert_num_queries(1):
        assert [u.pk for u in unit_all_successors(units[0])] == [u.pk for u in units[1:]]


def test_a_request_reads_a_units_lineage_once_both_ways(django_assert_num_queries):
    # the unit page's links, its predecessors (the history, the scoring and awards panels)
    # and the unit that carries its duties today: one statement for all of them
    units = chain(4, "Sở K")
    middle = units[2]
    with request_memo(), django_assert_num_queries(2):  # the unit, then its lineage
        unit = unit_detail(middle.pk, with_memberships=False)
        assert [link.predecessor_id for link in unit.lineage_in] == [units[1].pk]
        assert [link.successor_id for link in unit.lineage_out] == [units[3].pk]
        assert [u.pk for u in unit_all_predecessors(unit)] == [units[1].pk, units[0].pk]
        assert [u.pk for u in unit_all_successors(unit)] == [units[3].pk, units[4].pk]
        assert unit_successor_on(unit, TODAY_ISH) == units[4]
        assert unit_all_predecessors(unit)[0].province.name  # the ends come with their provinces


def test_successor_on_a_day_follows_only_links_in_force_then():
    units = chain(4, "Sở D")
    # on 1 Jan 2022 only the first two mergers (2020, 2021) had happened: unit 2 held the duties
    assert unit_successor_on(units[0], dt.date(2022, 1, 1)) == units[2]


def test_a_cycle_of_links_ends():
    a, b = UnitFactory(name="Sở E"), UnitFactory(name="Sở F")
    UnitLineage.objects.create(predecessor=a, successor=b)
    UnitLineage.objects.create(predecessor=b, successor=a)
    assert [u.pk for u in unit_all_predecessors(a)] == [b.pk]
    assert [u.pk for u in unit_all_successors(a)] == [b.pk]


@pytest.mark.postgres
def test_the_recursive_query_runs_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://…); the other tests run it on SQLite")
    units = chain(3, "Sở G")
    assert [u.lineage_depth for u in unit_all_predecessors(units[-1])] == [1, 2, 3]
    assert unit_successor_on(units[0], TODAY_ISH) == units[-1]

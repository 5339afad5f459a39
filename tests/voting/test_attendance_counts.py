"""The counts the year and its conference keep (decision 0032): how many member units the
year has (`ClusterYear.member_count`, written by the service that replaces the members) and
how many of them have checked in (`Conference.present_count`, one more at each check-in,
counted again when the members change). After every step they equal the counts made from
the rows (`selectors.counted_attendance`), and the quorum — polled by every delegate's
phone — reads them without counting the members."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UnitFactory
from thidua.core.errors import Conflict, InvalidInput
from thidua.org.models import ClusterYear, Role
from thidua.org.services import cluster_year_set_members
from thidua.voting import selectors, services
from thidua.voting.models import CheckIn, Conference

from .conftest import build_electorate

pytestmark = pytest.mark.django_db


def kept(cluster_year: ClusterYear) -> tuple[int, int]:
    """The two counts as the rows keep them (read afresh: not the instance a test holds)."""
    year = ClusterYear.objects.get(pk=cluster_year.pk)
    return year.member_count, Conference.objects.get(cluster_year=year).present_count


def roll(e, units) -> list:
    """The members as `cluster_year_set_members` takes them: the first unit leads."""
    return [(u, Role.LEADER if i == 0 else Role.MEMBER) for i, u in enumerate(units)]


def test_the_kept_counts_follow_check_ins_and_changes_of_the_members():
    e = build_electorate(5)
    cy = e.cluster_year
    assert kept(cy) == selectors.counted_attendance(cy) == (5, 0)
    e.check_in(e.units[:3])
    assert kept(cy) == selectors.counted_attendance(cy) == (5, 3)
    # a unit checked in, then taken off the year's members (its check-in row stays): not counted
    cluster_year_set_members(actor=e.organizer_officer, cluster=e.cluster, year=cy.year, members=roll(e, e.units[:2] + e.units[3:]))
    assert kept(cy) == selectors.counted_attendance(cy) == (4, 2)
    assert CheckIn.objects.filter(conference__cluster_year=cy).count() == 3
    # another year's check-ins are not this one's
    other = build_electorate(2, number="7q")
    other.check_in(other.units)
    assert kept(cy) == (4, 2) and kept(other.cluster_year) == (2, 2)
    # back among the members, its check-in counts again; a new member has not checked in
    newcomer = UnitFactory(name="Sở Ngoại vụ tỉnh Lào Cai")
    cluster_year_set_members(actor=e.organizer_officer, cluster=e.cluster, year=cy.year, members=roll(e, [*e.units, newcomer]))
    assert kept(cy) == selectors.counted_attendance(cy) == (6, 3)
    q = selectors.quorum(ClusterYear.objects.get(pk=cy.pk))
    assert (q.present, q.total) == (3, 6)


def test_a_check_in_refused_or_repeated_counts_nothing():
    e = build_electorate(4)
    cy = e.cluster_year
    e.check_in(e.units[:1])
    assert services.checkin(actor=e.organizer_officer, cluster_year=cy, unit=e.units[0]) is False  # twice: harmless
    outsider = UnitFactory(name="Sở Ngoại vụ tỉnh Cà Mau")
    with pytest.raises(InvalidInput, match="không phải thành viên"):
        services.checkin(actor=e.organizer_officer, cluster_year=cy, unit=outsider)
    code = services.conference_of(cy).checkin_code
    with pytest.raises(InvalidInput):
        services.checkin(actor=e.heads[2], cluster_year=cy, unit=e.units[2], code="000000" if code != "000000" else "111111")
    assert kept(cy) == selectors.counted_attendance(cy) == (4, 1)


def test_a_refused_change_of_the_members_changes_no_count():
    e = build_electorate(4)
    cy = e.cluster_year
    e.check_in(e.units[:3])
    e.poll(candidates=e.units[:2])  # open: the electorate is frozen
    with pytest.raises(Conflict):
        cluster_year_set_members(actor=e.organizer_officer, cluster=e.cluster, year=cy.year, members=roll(e, e.units[:2]))
    assert kept(cy) == selectors.counted_attendance(cy) == (4, 3)


def test_the_quorum_reads_the_kept_counts_without_counting_the_members(client):
    e = build_electorate(6)
    e.check_in(e.units[:4])
    client.force_login(e.heads[3])
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("voting_quorum", args=[e.cluster.pk, e.cluster_year.year]))
    assert response.status_code == 200
    assert "4/6" in response.content.decode().replace(" ", "")
    counted = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counted == [], counted


def test_verify_attendance_counts_names_a_year_that_differs_and_repairs_it():
    e = build_electorate(5)
    cy = e.cluster_year
    e.check_in(e.units[:2])
    call_command("verify_attendance_counts", stdout=io.StringIO())  # all true: no error
    # rows restored by hand: a membership and a check-in written around the services
    ClusterYear.objects.filter(pk=cy.pk).update(member_count=9)
    Conference.objects.filter(cluster_year=cy).update(present_count=0)
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 year"):
        call_command("verify_attendance_counts", stdout=out)
    assert f"{e.cluster.name} {cy.year}: kept 9 members, 0 present; the rows say 5 and 2." in out.getvalue()
    assert kept(cy) == (9, 0)  # checking alone changes nothing
    call_command("verify_attendance_counts", "--repair", stdout=io.StringIO())
    assert kept(cy) == (5, 2)
    call_command("verify_attendance_counts", stdout=io.StringIO())

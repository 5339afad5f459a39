"""A draft of a past year's document names its places as they were that year: the covenant,
the invitation and the minutes of Cụm's 2024 year, whose leader unit sits in Quảng Nam
(part of Đà Nẵng since 1 July 2025), say "Quảng Nam" under the header "UBND TỈNH QUẢNG
NAM" — not "Đà Nẵng", which a draft made out for today would say (one document, two
eras)."""

import datetime as dt

import pytest

from tests.factories import ClusterYearFactory, add_member
from thidua.cycle.documents import covenant_document
from thidua.cycle.documents_more import draft_day
from thidua.org.models import Phase, Province, Role
from thidua.voting.documents import conference_minutes_document, invitation_document
from thidua.voting.services import conference_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2024(world):
    quang_nam = Province.objects.get(era=Province.Era.BEFORE, name="Quảng Nam")
    world.leader_unit.province = quang_nam
    world.leader_unit.save(update_fields=["province"])
    cluster_year = ClusterYearFactory(cluster=world.cluster, year=2024, phase=Phase.IN_PROGRESS)
    add_member(cluster_year, world.leader_unit, Role.LEADER)
    add_member(cluster_year, world.member_unit, Role.MEMBER)
    return cluster_year


def test_a_past_years_draft_is_made_out_within_that_year(year_2024):
    assert draft_day(year_2024) == dt.date(2024, 12, 31)


@pytest.mark.parametrize("build", [covenant_document, invitation_document, conference_minutes_document],
                         ids=["covenant", "invitation", "minutes"])
def test_the_draft_of_a_past_year_says_the_place_of_that_year(year_2024, build):
    document = build(year_2024)
    assert not document.is_dated  # the clerk dates it
    assert document.place == "Quảng Nam", document.place
    assert document.date.year == 2024


def test_an_invitation_is_made_out_for_the_conference_day(year_2024):
    conference = conference_of(year_2024)
    conference.date = dt.date(2024, 12, 16)
    conference.save(update_fields=["date"])
    document = invitation_document(year_2024)
    assert document.date == dt.date(2024, 12, 16) and document.place == "Quảng Nam"
    assert document.date_line == "Quảng Nam, ngày … tháng … năm …"

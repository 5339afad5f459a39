"""The demo agrees with the seeds and with itself: one head per unit per year in the
documents, check-ins within the conference's days, every finished year has a ranking and
only closed polls, a merged unit's score chart shows the years its text says, and every
year's kept attendance counts equal its rows."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.voting.helpers import text_of
from thidua.org.models import ClusterYear, Phase, Unit, User
from thidua.scoring.selectors import ranking
from thidua.voting import documents, selectors
from thidua.voting.models import CheckIn, Poll

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


@pytest.fixture
def demo_db(demo_loaded, settings):
    """The demo, loaded once for the package (tests/demo/conftest.py: demo_loaded)."""
    settings.DEBUG = True


def heads_named(text: str, units: list[Unit]) -> dict[str, set[str]]:
    """{unit name: the people the text names as its head}: "<name>, Giám đốc <unit>" and
    "<unit> — <name>, Giám đốc"."""
    found: dict[str, set[str]] = {}
    for unit in units:
        title = re.escape(unit.head_title or "Giám đốc")
        before = re.findall(r"([^\n,;:—–(]+?), " + title + " " + re.escape(unit.name) + r"(?![\w ]*tỉnh)", text)
        after = re.findall(re.escape(unit.name) + r" — ([^,\n]+), " + title, text)
        names = {n.strip().removeprefix("Đồng chí ").removeprefix("- ").removeprefix("-\u00a0").strip() for n in before + after}
        if names:
            found[unit.name] = names
    return found


def check_one_head_per_unit_in_the_2017_documents():
    cy = ClusterYear.objects.get(cluster__number="II", year=2017)
    units = [m.unit for m in cy.memberships.select_related("unit")]
    texts = [text_of(documents.conference_minutes_document(cy)), text_of(documents.invitation_document(cy))]
    texts += [text_of(documents.counting_minutes_document(p)) for p in Poll.objects.filter(cluster_year=cy)]
    named = heads_named("\n".join(texts), units)
    assert named, "the minutes name the units' heads"
    assert {u: n for u, n in named.items() if len(n) > 1} == {}
    # the seed: Phú Thọ's director presented the report; he is its head throughout the 2017 documents
    phu_tho = next(u for u in units if u.name.endswith("Phú Thọ"))
    assert named[phu_tho.name] == {"Đỗ Ngọc Dũng"}
    assert not User.objects.filter(full_name="Đỗ Ngọc Dũng").exists()  # a real official, never a demo account


def check_checkins_are_within_the_conference_days():
    checkins = list(CheckIn.objects.select_related("conference"))
    assert checkins
    for c in checkins:
        day = timezone.localtime(c.at).date()
        assert c.conference.date <= day <= (c.conference.end_date or c.conference.date), (c.unit_id, c.at)


def check_a_finished_year_has_a_ranking_and_only_closed_polls():
    finished = list(ClusterYear.objects.filter(phase=Phase.CLOSED).select_related("cluster"))
    assert {(cy.cluster.number, cy.year) for cy in finished} >= {("II", 2017), ("3", 2022), ("3", 2023)}
    for cy in finished:
        assert any(line.rank for line in ranking(cy).lines), (cy.cluster.number, cy.year)
        assert not Poll.objects.filter(cluster_year=cy).exclude(state=Poll.State.CLOSED).exists()
    # the year the demo does not play is not marked finished
    assert ClusterYear.objects.get(cluster__number="II", year=2018).phase == Phase.PREPARING


def check_the_2017_ranking_agrees_with_the_proposals():
    cy = ClusterYear.objects.get(cluster__number="II", year=2017)
    top = [line.unit.name for line in sorted(ranking(cy).lines, key=lambda ln: ln.rank)[:2]]
    assert set(top) == {"Sở Ngoại vụ tỉnh Yên Bái", "Sở Ngoại vụ tỉnh Bắc Giang"}


def check_a_merged_units_chart_shows_the_years_its_text_says(client):
    unit = Unit.objects.get(name="Sở Ngoại vụ tỉnh Quảng Trị", valid_to=None)
    client.force_login(User.objects.get(username="bng.thidua"))
    html = client.get(reverse("unit_detail", args=[unit.pk])).content.decode()
    panel = html[html.index('id="unit-totals-heading"'):]
    panel = panel[: panel.index("</section>")]
    svg = panel[panel.index("<svg"): panel.index("</svg>")]
    chart_years = re.findall(r'text-anchor="middle">(\d{4})</text>', svg)
    table_years = re.findall(r"<tr><td>(\d{4})</td>", panel)
    assert chart_years == table_years
    assert "Gồm cả các năm của đơn vị tiền thân" in panel
    assert {"2022", "2023"} <= set(chart_years)  # Quảng Bình's and the old Quảng Trị's years
    assert "qua đơn vị tiền thân" in panel


def check_every_year_keeps_its_attendance_counts():
    """The demo writes its members and check-ins through the services: the counts the years
    and their conferences keep equal the rows, in every year (decision 0032)."""
    years = list(ClusterYear.objects.select_related("conference"))
    assert any(cy.conference.present_count for cy in years)  # the check bites: check-ins were counted
    for cy in years:
        assert (cy.member_count, cy.conference.present_count) == selectors.counted_attendance(cy), cy


def test_the_demo_agrees_with_the_seeds_and_itself(demo_db, client):
    # one load of the demo (slow), every invariant checked on it
    check_one_head_per_unit_in_the_2017_documents()
    check_checkins_are_within_the_conference_days()
    check_a_finished_year_has_a_ranking_and_only_closed_polls()
    check_the_2017_ranking_agrees_with_the_proposals()
    check_a_merged_units_chart_shows_the_years_its_text_says(client)
    check_every_year_keeps_its_attendance_counts()

"""One navigation for every page of a year (cycle.yearnav, cycle/partials/year_nav.html):
the same items on each page, the page's own marked current, only what the person may see."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.scoring.helpers import make_table
from thidua.org.models import Phase

from .conftest import set_phase

pytestmark = pytest.mark.django_db

ALL = ["workspace", "launch", "registrations", "covenant", "criteria", "midyear", "self", "cross", "ranking", "plan", "report",
       "conference", "polls", "settings", "ratings", "awards", "channel"]  # fmt: skip
PAGES = {  # url name -> the item marked current
    "cluster_year_detail": "workspace", "cycle_launch": "launch", "cycle_registrations": "registrations",
    "cycle_covenant": "covenant", "cycle_plan": "plan", "cycle_settings": "settings", "scoring_criteria": "criteria",
    "scoring_self_home": "self", "scoring_cross_home": "cross", "scoring_ranking": "ranking", "voting_conference": "conference",
    "voting_polls": "polls", "awards_year_ratings": "ratings", "awards_year_discipline": "ratings", "awards_year_awards": "awards",
    "reports_report": "report", "reports_mid_year": "midyear",
}  # fmt: skip


def nav_of(html: str) -> tuple[list[str], list[str], str]:
    """(items' keys, labels, the current key) of the page's one year navigation."""
    navs = re.findall(r'<nav class="td-yearnav.*?</nav>', html, re.S)
    assert len(navs) == 1, f"{len(navs)} year navigations"
    links = re.findall(r'<a class="nav-link([^"]*)" href="[^"]+"( aria-current="page")? data-nav="([a-z_]+)">([^<]+)</a>', navs[0])
    current = [key for classes, aria, key, _label in links if "active" in classes.split() and aria]
    assert len(current) <= 1
    return [key for *_x, key, _label in links], [label for *_x, label in links], current[0] if current else ""


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_of_the_year_shows_the_same_navigation_with_itself_current(name, world, client_for):
    make_table(world, frozen=True)
    set_phase(world, Phase.CONFERENCE)
    response = client_for(world.leader_officer).get(reverse(name, args=[world.cluster.pk, 2026]))
    assert response.status_code == 200
    html = response.content.decode()
    keys, labels, current = nav_of(html)
    assert keys == ALL and current == PAGES[name]
    assert labels[:4] == ["Tổng quan", "Phát động", "Đăng ký", "Giao ước"] and "Xếp hạng" in labels and "Hội nghị" in labels
    # the scoring pages' and the conference's own tab bars are gone
    assert "td-subnav" not in html and 'aria-label="Hội nghị tổng kết"' not in html


def test_pages_not_open_yet_are_not_in_the_navigation(world, client_for):
    set_phase(world, Phase.COVENANT)
    keys, _labels, current = nav_of(client_for(world.member_officer).get(reverse("cluster_year_detail", args=[world.cluster.pk, 2026]))
                                    .content.decode())
    assert current == "workspace"
    assert keys == ["workspace", "launch", "registrations", "covenant", "criteria", "plan", "settings", "channel"]
    assert not {"self", "cross", "ranking", "conference", "polls"} & set(keys)


def test_the_navigation_scrolls_sideways_on_a_phone(world, client_for):
    html = client_for(world.member_officer).get(reverse("cluster_year_detail", args=[world.cluster.pk, 2026])).content.decode()
    assert 'class="nav nav-underline flex-nowrap small"' in html and "cycle/yearnav.js" in html and "cycle/cycle.css" in html

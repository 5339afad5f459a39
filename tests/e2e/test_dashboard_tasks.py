"""The dashboard's tasks of the scoring phases, as a unit officer sees them on a desktop
and on a phone: computed from what the unit has done (scoring/tasks.py). Screenshots go
to test-artifacts/ for a human look at the Vietnamese."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.org.models import ClusterYear, Phase
from thidua.scoring import services

from .conftest import ARTIFACTS
from .test_scoring_year import open_page, year  # noqa: F401  (the fixture)

pytestmark = pytest.mark.e2e


def test_a_scorer_sees_the_sheets_it_has_left_and_not_its_sent_self_assessment(browser, live_server, year):  # noqa: F811
    cy, units, officers, boss = year
    services.criteria_table_freeze(actor=boss, cluster_year=cy)
    ClusterYear.objects.filter(pk=cy.pk).update(phase=Phase.SELF_ASSESSMENT)
    cy.refresh_from_db()
    for unit, officer in zip(units, officers, strict=True):
        services.self_sheet_save(actor=officer, cluster_year=cy, unit=unit, entries=[{"criterion": "I.2", "points": "8"}])
        services.self_sheet_submit(actor=officer, cluster_year=cy, unit=unit, confirm_missing_evidence=True)
    due = dt.date.today() + dt.timedelta(days=2)
    ClusterYear.objects.filter(pk=cy.pk).update(phase=Phase.CROSS_SCORING, deadlines={"cross_scoring": due.isoformat()})
    cy.refresh_from_db()
    services.cross_sheet_save(actor=officers[2], cluster_year=cy, unit=units[0], scorer=units[2],
                              entries=[{"criterion": "I.2", "points": "7"}])  # fmt: skip
    services.cross_sheet_submit(actor=officers[2], cluster_year=cy, unit=units[0], scorer=units[2])
    ARTIFACTS.mkdir(exist_ok=True)
    for phone in (False, True):
        page = open_page(browser, live_server, officers[2].username, phone=phone)
        page.goto("/")
        tasks = page.locator(".td-task")
        assert tasks.count() == 1
        text = tasks.first.inner_text()
        assert "Chấm chéo Sở Ngoại vụ tỉnh Nghệ An năm 2026" in text
        assert "tự chấm" not in text
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path=str(ARTIFACTS / f"dashboard-tasks-{'phone' if phone else 'desktop'}.png"), full_page=True)
        page.context.close()

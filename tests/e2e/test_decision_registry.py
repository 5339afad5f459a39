"""Browser test of the Ministry's decision and the registry, in Debian's Chromium: the
organizer's officer opens the decision form (prefilled from the cluster's closed flag poll),
checks the conditions, sees a recipient failing with its reasons, gives that recipient its
own override reason and records the decision; the decision page lists the awards; then a
member unit's officer on a 390px phone sees the award on the unit's page, and the page of
the province merged in 2025 shows its predecessor's 2017 Flag ("khi là …"), and finds
both in the national registry."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from tests.awards.helpers import award, proposal, rate
from tests.factories import PASSWORD, ClusterFactory, ClusterYearFactory, OrganizerFactory, UnitFactory, UserFactory, add_member
from thidua.awards.models import Award, Decision
from thidua.org.models import Role, UnitLineage

from .conftest import screenshot, sign_in

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("THIDUA_SHOTS", "")


def shot(page, name: str) -> None:
    screenshot(page, name)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture
def year(transactional_db, provinces):
    organizer = OrganizerFactory(name="Bộ Ngoại giao (thử)", symbol="BNGT")
    cluster = ClusterFactory(organizer=organizer, number="II", name="Cụm thi đua số II")
    cy = ClusterYearFactory(cluster=cluster, year=2025)
    yen_bai = UnitFactory(name="Sở Ngoại vụ tỉnh Yên Bái", valid_to=dt.date(2025, 6, 30), managed_by=organizer)
    lao_cai = UnitFactory(name="Sở Ngoại vụ tỉnh Lào Cai", valid_from=dt.date(2025, 7, 1), managed_by=organizer)
    UnitLineage.objects.create(predecessor=yen_bai, successor=lao_cai)
    ha_giang = UnitFactory(name="Sở Ngoại vụ tỉnh Tuyên Quang", managed_by=organizer)
    add_member(cy, lao_cai, Role.LEADER)
    add_member(cy, ha_giang, Role.MEMBER)
    award(yen_bai, "flag_ministry", 2017, organizer, number="12/QĐ-BNGT", date=dt.date(2017, 12, 1))
    proposal(cy, lao_cai, kind="flag")
    rate(lao_cai, {2025: "excellent"})
    boss = UserFactory(username="bng", organizer=organizer, is_organizer_officer=True)
    officer = UserFactory(username="canbo_laocai", unit=lao_cai, is_unit_officer=True)
    return cy, lao_cai, ha_giang, boss, officer


def test_decision_form_to_registry(new_page, year):
    _cy, lao_cai, tuyen_quang, boss, officer = year
    page = new_page()
    sign_in(page, boss.username, PASSWORD)
    page.goto("/quyet-dinh/moi/?year=2025")
    assert page.locator("#unit-0").input_value() == str(lao_cai.pk) and page.locator("#award-0").input_value() == "flag_ministry"
    page.select_option("#unit-1", str(tuyen_quang.pk))
    page.select_option("#award-1", "merit_minister")
    page.fill("#f-number", "25/QĐ-BNGT")
    page.fill("#f-date", "2025-12-20")
    page.fill("#f-signer", "Thứ trưởng Nguyễn Văn A")
    page.click("button[value=check]")
    page.wait_for_load_state("networkidle")
    second = page.locator(".td-recipient").nth(1)
    assert "Chưa đạt điều kiện" in second.inner_text() and "Không được cụm đề nghị" in second.inner_text()
    shot(page, "awards-decision-form")
    page.click("button[value=save]")  # the failing recipient has no reason yet: refused, nothing saved
    page.wait_for_load_state("networkidle")
    assert "Chưa ghi được quyết định" in page.inner_text("main"), page.inner_text("main")[:1500]
    assert not Decision.objects.filter(number="25/QĐ-BNGT").exists()
    page.fill("#reason-1", "Bộ trưởng khen thưởng trực tiếp vì thành tích đột xuất")
    page.click("button[value=save]")
    page.wait_for_load_state("networkidle")
    assert "Quyết định số 25/QĐ-BNGT" in page.inner_text("h1")
    assert "Bộ trưởng khen thưởng trực tiếp" in page.content()
    shot(page, "awards-decision-detail")
    assert Award.objects.filter(decision__number="25/QĐ-BNGT").count() == 2

    phone = new_page(phone=True)
    sign_in(phone, officer.username, PASSWORD)
    phone.goto(f"/don-vi/{lao_cai.pk}/")
    panel = phone.locator("section[aria-labelledby=unit-awards-heading]").inner_text()
    assert "Cờ thi đua cấp Bộ, ngành, tỉnh năm 2025" in panel
    assert "Cờ thi đua cấp Bộ, ngành, tỉnh năm 2017" in panel and "khi là Sở Ngoại vụ tỉnh Yên Bái" in panel
    shot(phone, "awards-unit-page-phone")
    phone.goto("/khen-thuong/")
    phone.fill("#r-q", "Yên Bái")
    phone.click("main form button[type=submit]")
    phone.wait_for_load_state("networkidle")
    assert "Sở Ngoại vụ tỉnh Yên Bái" in phone.content() and "12/QĐ-BNGT" in phone.content()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the registry scrolls sideways on a phone ({width}px)"
    shot(phone, "awards-registry-phone")

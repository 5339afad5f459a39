"""The bell with the unread count in the navbar (on a phone it stays outside the collapsed
menu) and the notification centre: open one, it is read and the count goes down."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import build_world
from tests.factories import PASSWORD
from thidua.cycle.phase_service import cluster_year_set_phase
from thidua.notifications.models import Kind
from thidua.notifications.services import notify
from thidua.org.models import Phase

from .conftest import screenshot, sign_in

pytestmark = pytest.mark.e2e
SHOTS = Path(os.environ.get("THIDUA_SHOTS", "/tmp/notify"))


@pytest.mark.parametrize("phone", [True, False], ids=["phone", "desktop"])
def test_the_bell_counts_and_the_centre_reads(new_page, phone):
    world = build_world()
    cluster_year_set_phase(actor=world.leader_officer, cluster_year=world.cluster_year, phase=Phase.LAUNCHED)
    notify(recipients=[world.member_officer], kind=Kind.TASK_ASSIGNED, title="Được phân công chấm chéo năm 2026: 2 đơn vị",
           body="Đơn vị của Anh/Chị được phân công chấm chéo: Sở Ngoại vụ tỉnh Thanh Hóa; Sở Ngoại vụ tỉnh Nghệ An.",
           link=f"/cum/{world.cluster.pk}/nam/2026/")  # fmt: skip
    page = new_page(phone=phone)
    sign_in(page, "member_officer", PASSWORD)
    bell = page.locator("a.td-bell")
    assert bell.is_visible()  # on a phone too, outside the collapsed menu
    assert bell.locator(".td-bell-badge").inner_text() == "2"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    name = "phone" if phone else "desktop"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"navbar-bell-{name}.png"), clip={"x": 0, "y": 0, "width": page.viewport_size["width"], "height": 120})
    bell.click()
    page.wait_for_url("**/thong-bao/")
    assert page.locator(".td-notification.td-unread").count() == 2
    page.screenshot(path=str(SHOTS / f"centre-{name}.png"), full_page=True)
    screenshot(page, f"notifications-centre-{name}")
    page.locator(".td-notification", has_text="chuyển sang giai đoạn").click()
    page.wait_for_url(f"**/cum/{world.cluster.pk}/nam/2026/")
    assert page.locator("a.td-bell .td-bell-badge").inner_text() == "1"
    page.goto("/thong-bao/")
    page.get_by_role("button", name="Đánh dấu tất cả đã đọc").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("a.td-bell .td-bell-badge").count() == 0 and page.locator(".td-unread").count() == 0
    page.goto("/thong-bao/cai-dat/")
    page.screenshot(path=str(SHOTS / f"preferences-{name}.png"), full_page=True)

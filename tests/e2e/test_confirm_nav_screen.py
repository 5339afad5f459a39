"""Browser test of issue 9's interface fixes, in Debian's Chromium: an irreversible act
asks in a modal that says what will happen (and "Huỷ" does nothing), the year's one
navigation scrolls sideways on a 390px phone with the current page in view, and the room
screen has no navigation bar or officer's name, with a working "Toàn màn hình" button."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.voting.conftest import build_electorate
from thidua.org.models import ClusterYear, Phase

from .conftest import screenshot, sign_in


@pytest.fixture
def conference(provinces):
    e = build_electorate(4, year=2026, number="3")
    e.check_in()
    return e


def phase_of(e) -> str:
    return ClusterYear.objects.get(pk=e.cluster_year.pk).phase


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_moving_the_phase_asks_in_a_modal(new_page, conference, phone):
    e = conference
    page = new_page(phone=phone)
    sign_in(page, e.leader_officer.username, PASSWORD)
    page.goto(f"/cum/{e.cluster_year.cluster_id}/nam/2026/")
    page.get_by_role("button", name="Chuyển sang giai đoạn “Đề nghị khen thưởng”").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Chuyển năm 2026 sang giai đoạn “Đề nghị khen thưởng”?")
    expect(dialog).to_contain_text("sẽ chuyển từ giai đoạn “Hội nghị tổng kết” sang “Đề nghị khen thưởng”")
    expect(dialog).to_contain_text("Không còn được:")
    expect(page.locator("#td-confirm")).to_have_css("opacity", "1")  # faded in
    page.screenshot(path=str(screenshot(page, f"ui-confirm-{'phone' if phone else 'desktop'}")))  # the viewport
    if phone:
        box = dialog.locator(".modal-content").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    dialog.get_by_role("button", name="Huỷ").click()
    expect(dialog).to_be_hidden()
    assert phase_of(e) == Phase.CONFERENCE  # cancelled: nothing sent
    page.get_by_role("button", name="Chuyển sang giai đoạn “Đề nghị khen thưởng”").click()
    page.get_by_role("dialog").get_by_role("button", name="Chuyển sang “Đề nghị khen thưởng”").click()
    expect(page.locator(".alert-success")).to_contain_text("Đề nghị khen thưởng")
    assert phase_of(e) == Phase.PROPOSALS


def test_the_year_navigation_scrolls_on_a_phone(new_page, conference):
    e = conference
    page = new_page(phone=True)
    sign_in(page, e.heads[2].username, PASSWORD)
    page.goto(f"/cum/{e.cluster_year.cluster_id}/nam/2026/hoi-nghi/bieu-quyet/")
    nav = page.locator("nav.td-yearnav")
    expect(nav.locator('[aria-current="page"]')).to_have_text("Biểu quyết")
    assert nav.evaluate("n => n.scrollWidth > n.clientWidth")  # more items than fit: it scrolls…
    assert page.evaluate("document.documentElement.scrollWidth") <= 391  # …the page does not
    current = nav.locator('[aria-current="page"]').bounding_box()
    assert current["x"] >= 0 and current["x"] + current["width"] <= 390  # the current item is in view
    assert len({round(box["y"]) for box in (link.bounding_box() for link in nav.locator("a").all()) if box}) == 1  # one line
    page.screenshot(path=str(screenshot(page, "ui-yearnav-phone")))  # the viewport, as a person sees it


def test_the_room_screen_has_no_chrome_and_goes_full_screen(new_page, conference):
    e = conference
    poll = e.poll(title="Suy tôn Cờ thi đua năm 2026", method="single", max_choices=1, seats=1)
    page = new_page()
    sign_in(page, e.leader_officer.username, PASSWORD)
    page.goto(f"/bieu-quyet/{poll.pk}/man-hinh/")
    expect(page.locator("h1")).to_have_text("Suy tôn Cờ thi đua năm 2026")
    expect(page.locator("nav")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text(str(e.leader_officer))
    button = page.get_by_role("button", name="Toàn màn hình")
    expect(button).to_be_visible()
    screenshot(page, "ui-room-screen")
    button.click()
    page.wait_for_function("document.fullscreenElement !== null")
    expect(page.get_by_role("button", name="Thoát toàn màn hình")).to_be_attached()

"""The delegate's conference day on a phone (issue 9), in Debian's Chromium at 390 px: the
unit's named delegate signs in during the live conference, the dashboard says to check in;
the delegate checks in with the room's code; two polls open, the dashboard says "Bỏ phiếu
ngay" for each; the delegate votes in the first, the receipt leads to the second ("Phiếu
tiếp theo"), votes, is told every open poll has its ballot, and the dashboard no longer
shows a vote task. A screenshot of each step (THIDUA_SHOTS, else test-artifacts/)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory
from tests.voting.conftest import build_electorate
from thidua.voting import delegates
from thidua.voting.models import Conference

from .conftest import ARTIFACTS, sign_in

SHOTS = Path(os.environ.get("THIDUA_SHOTS") or ARTIFACTS)


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"conference-day-{name}.png"), full_page=True)
    # nothing cut off on the phone: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1, name


@pytest.fixture
def day(provinces):
    e = build_electorate(4, year=2026, number="9")
    unit = e.units[2]
    delegate = UserFactory(username="daibieu_hoa", unit=unit, is_delegate=True, full_name="Nguyễn Thị Hoa")
    delegates.delegate_set(actor=e.heads[2], cluster_year=e.cluster_year, unit=unit, user=delegate, full_name="Nguyễn Thị Hoa",
                           position="Phó Giám đốc Sở", authorisation="Giấy ủy quyền số 15/GUQ-SNgV")  # fmt: skip
    e.check_in([u for u in e.units if u != unit])
    return e, unit, delegate


def test_a_delegate_checks_in_and_votes_in_two_polls_on_a_phone(new_page, day):
    e, unit, delegate = day
    page = new_page(phone=True)
    sign_in(page, delegate.username, PASSWORD)

    # 1. the dashboard: check in, first
    page.goto("/")
    tasks = page.locator("#tasks .td-task")
    expect(tasks.first).to_contain_text("Điểm danh tại hội nghị tổng kết năm 2026")
    expect(page.locator("#tasks")).not_to_contain_text("Hiện không có việc nào")
    shot(page, "1-dashboard-check-in")

    # 2. the conference page opens on the check-in box, above everything else
    tasks.first.get_by_role("link").click()
    box = page.locator("#my-turn")
    expect(box).to_be_visible()
    # both boxes measured in one evaluation: the page's live parts may re-render between two
    # separate bounding_box() calls (one of which then finds no box)
    assert page.evaluate("""() => document.querySelector("#my-turn").getBoundingClientRect().top
        < document.querySelector("#details-heading").getBoundingClientRect().top""")
    code = Conference.objects.get(cluster_year=e.cluster_year).checkin_code
    page.fill("#checkin-code", code)
    shot(page, "2-conference-check-in")
    page.get_by_role("button", name="Điểm danh", exact=True).first.click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("main")).to_contain_text(f"{unit.name} đã điểm danh.")

    # 3. the leader opens two polls; the dashboard lists them, first
    first = e.poll(title="Suy tôn đơn vị đề nghị tặng Cờ thi đua của Chính phủ", method="single", candidates=e.units[:3])
    second = e.poll(title="Bầu đơn vị Cụm trưởng năm 2027", method="single", candidates=e.units[1:3])
    page.goto("/")
    expect(tasks.nth(0)).to_contain_text("Bỏ phiếu ngay: Suy tôn đơn vị đề nghị tặng Cờ thi đua của Chính phủ")
    expect(tasks.nth(1)).to_contain_text("Bỏ phiếu ngay: Bầu đơn vị Cụm trưởng năm 2027")
    expect(page.locator("#tasks")).not_to_contain_text("Điểm danh tại")
    shot(page, "3-dashboard-vote-now")

    # 4. the first ballot, from the dashboard
    tasks.nth(0).get_by_role("link").click()
    expect(page.locator("h1")).to_have_text(first.title)
    page.locator("label.td-vote-option", has_text=e.units[0].name).click()
    shot(page, "4-ballot-1")
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_role("button", name="Gửi phiếu").click()
    expect(page.locator("#receipt")).to_be_visible()
    following = page.locator(".td-next-poll")
    expect(following).to_have_text(f"Phiếu tiếp theo: {second.title}")
    shot(page, "5-receipt-1-next-poll")

    # 5. on to the second
    following.click()
    expect(page.locator("h1")).to_have_text(second.title)
    page.locator("label.td-vote-option", has_text=e.units[1].name).click()
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_role("button", name="Gửi phiếu").click()
    expect(page.locator("#receipt")).to_be_visible()
    expect(page.locator("#all-voted")).to_have_text("Bạn đã bỏ phiếu tất cả các phiếu đang mở.")
    expect(page.locator(".td-next-poll")).to_have_count(0)
    shot(page, "6-receipt-2-all-voted")

    # 6. back to the conference, then the dashboard: no vote task left
    page.get_by_role("link", name="Về trang hội nghị").click()
    expect(page.locator("#my-turn")).to_have_count(0)
    page.goto("/")
    expect(page.locator("#tasks")).not_to_contain_text("Bỏ phiếu ngay")
    expect(page.locator("#tasks")).to_contain_text("Hiện không có việc nào đang chờ bạn.")
    shot(page, "7-dashboard-done")

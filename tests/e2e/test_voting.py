"""Browser test of the secret ballot, in Debian's Chromium: three delegates vote on their
phones in three separate browser contexts, the room screen follows the turnout, the
secretariat closes the poll, the results and the receipt look-up work, and next year's
leader appears on the cluster page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.voting.conftest import build_electorate
from thidua.voting import services
from thidua.voting.models import Poll

from .conftest import screenshot, sign_in


@pytest.fixture
def election(provinces):
    e = build_electorate(3, year=2026, number="5")
    e.check_in()
    poll = e.poll(kind="leader", title="Bầu đơn vị Cụm trưởng năm 2027", candidates=e.units[1:3], method="single", max_choices=1,
                  seats=1, threshold={"base": "members", "percent": 50, "strict": True})
    return e, poll


def test_three_delegates_vote_on_their_phones_and_the_room_follows(new_page, election):
    e, poll = election
    winner = e.units[1]
    # The room screen, on the projector, signed in as the leader unit's officer.
    screen = new_page()
    sign_in(screen, e.leader_officer.username, PASSWORD)
    screen.goto(f"/bieu-quyet/{poll.pk}/man-hinh/")
    expect(screen.locator("#turnout")).to_have_text("0/3")
    expect(screen.locator("main")).not_to_contain_text("Kết quả")

    receipts = []
    choices = [winner, winner, e.units[2]]
    phones = []
    for head, choice in zip(e.heads, choices, strict=True):
        page = new_page(phone=True)
        sign_in(page, head.username, PASSWORD)
        page.goto(f"/bieu-quyet/{poll.pk}/bo-phieu/")
        expect(page.locator("h1")).to_have_text("Bầu đơn vị Cụm trưởng năm 2027")
        option = page.locator("label.td-vote-option", has_text=choice.name)
        box = option.bounding_box()
        assert box["height"] >= 48 and box["width"] >= 300  # big touch targets
        if not phones:
            screenshot(page, "e2e-voting-ballot-phone")
        option.click()
        page.get_by_role("button", name="Tiếp tục").click()
        expect(page.locator(".card")).to_contain_text(choice.name)  # the confirmation step names the choice in full
        page.get_by_role("button", name="Gửi phiếu").click()
        receipt = page.locator("#receipt").inner_text().strip()
        assert re.fullmatch(r"[A-Z2-9]{8}", receipt)
        receipts.append(receipt)
        phones.append(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    screenshot(phones[0], "e2e-voting-receipt-phone")
    # A second attempt, from the same phone.
    phones[0].goto(f"/bieu-quyet/{poll.pk}/bo-phieu/")
    expect(phones[0].locator("main")).to_contain_text("Đơn vị của bạn đã bỏ phiếu")

    # The room screen follows (HTMX polling), and shows no result while the poll is open.
    expect(screen.locator("#turnout")).to_have_text("3/3", timeout=10_000)
    expect(screen.locator(".td-bar-row")).to_have_count(0)
    screenshot(screen, "e2e-voting-room-turnout")

    # The secretariat closes the poll.
    manage = new_page()
    sign_in(manage, e.leader_officer.username, PASSWORD)
    manage.goto(f"/bieu-quyet/{poll.pk}/")
    manage.get_by_role("button", name="Kết thúc và công bố kết quả").click()
    manage.get_by_role("dialog").get_by_role("button", name="Kết thúc và công bố").click()  # the confirmation
    expect(manage.locator("main")).to_contain_text("Đơn vị trúng cử Cụm trưởng")
    expect(screen.locator(".td-bar-row")).to_have_count(2, timeout=10_000)
    expect(screen.locator(".td-bar-row").first).to_contain_text(winner.name)
    expect(screen.locator(".td-bar-row").first).to_contain_text("Trúng")
    screenshot(screen, "e2e-voting-room-results")

    # The poll page and the conference page on a phone: results, digest, the JSON link;
    # one page of the attendance with the delegate's own unit named.
    phones[1].goto(f"/bieu-quyet/{poll.pk}/")
    expect(phones[1].locator("main")).to_contain_text("Đơn vị trúng cử Cụm trưởng")
    expect(phones[1].get_by_role("link", name="Tải danh sách phiếu (JSON)")).to_be_visible()
    assert phones[1].evaluate("document.documentElement.scrollWidth") <= 390 + 1
    screenshot(phones[1], "e2e-voting-poll-phone")
    phones[1].goto(f"/cum/{e.cluster.pk}/nam/2026/hoi-nghi/")
    expect(phones[1].locator("#own-unit")).to_contain_text(e.units[1].name)
    expect(phones[1].locator("main")).to_contain_text("3 đơn vị thành viên")
    assert phones[1].evaluate("document.documentElement.scrollWidth") <= 390 + 1
    screenshot(phones[1], "e2e-voting-conference-phone")

    # Each delegate finds its receipt in the published list.
    phone = phones[2]
    phone.goto(f"/bieu-quyet/{poll.pk}/tra-cuu/")
    phone.fill("#ma", receipts[2].lower())
    phone.get_by_role("button", name="Tra cứu").click()
    expect(phone.locator("#lookup-result")).to_contain_text(receipts[2])
    expect(phone.locator("#lookup-result")).to_contain_text(e.units[2].name)
    phone.fill("#ma", "ZZZZZZZZ")
    phone.get_by_role("button", name="Tra cứu").click()
    expect(phone.locator("#lookup-result")).to_contain_text("Không có phiếu nào")

    # Next year's leader appears on the cluster page.
    manage.goto(f"/cum/{e.cluster.pk}/?nam=2027")
    main = manage.locator("main")
    expect(main).to_contain_text("2027")
    row = main.locator("tr", has_text=winner.name).first
    expect(row).to_contain_text("Cụm trưởng")
    screenshot(manage, "e2e-voting-next-leader")
    assert services.chain_positions(Poll.objects.get(pk=poll.pk)) == ([winner.pk], True)

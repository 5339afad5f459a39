"""The proposal dossier in the browser, after the vote: the leader unit builds it, the
proposed unit's officer writes its achievement report on a phone (390 px), its head
confirms it, the leader sends the dossier, the Ministry's officer returns it with a reason,
the leader sends it again and the Ministry accepts it. Screenshots go to test-artifacts/."""

from __future__ import annotations

import pytest

from tests.awards.helpers import proposal
from tests.factories import ClusterFactory, ClusterYearFactory, OrganizerFactory, UnitFactory, UserFactory, add_member
from thidua.awards.models import Dossier
from thidua.org.models import Phase, Role

from .conftest import screenshot, sign_in
from .test_scoring_year import open_page  # noqa: F401

pytestmark = pytest.mark.e2e


@pytest.fixture
def year(transactional_db, provinces):
    organizer = OrganizerFactory(name="Bộ Ngoại giao (thử)", symbol="BNGT")
    cluster = ClusterFactory(organizer=organizer, number="3", name="Cụm thi đua số 3")
    cy = ClusterYearFactory(cluster=cluster, year=2026, phase=Phase.PROPOSALS)
    leader = UnitFactory(name="Sở Ngoại vụ tỉnh Thanh Hóa", managed_by=organizer)
    member = UnitFactory(name="Sở Ngoại vụ tỉnh Nghệ An", managed_by=organizer)
    add_member(cy, leader, Role.LEADER)
    add_member(cy, member, Role.MEMBER)
    proposal(cy, member, "flag", votes=2, percent="100.00")  # the closed flag poll
    users = {
        "leader": UserFactory(username="thanhhoa.canbo", unit=leader, is_unit_officer=True),
        "officer": UserFactory(username="nghean.canbo", unit=member, is_unit_officer=True),
        "head": UserFactory(username="nghean.lanhdao", unit=member, is_unit_head=True, full_name="Trần Hải Sơn"),
        "ministry": UserFactory(username="bng", organizer=organizer, is_organizer_officer=True),
    }
    return cy, member, users


def _page(new_page, username, password, phone=False):
    page = new_page(phone=phone)
    sign_in(page, username, password)
    return page


def _confirm(page, button: str) -> None:
    page.get_by_role("dialog").get_by_role("button", name=button).click()
    page.wait_for_load_state("networkidle")


def test_build_write_confirm_submit_return_resubmit_accept(new_page, year, password):
    cy, member, _users = year
    dossier_url = f"/cum/{cy.cluster_id}/nam/2026/ho-so-de-nghi/"
    report_url = dossier_url + f"bao-cao/{member.pk}/"
    inbox_url = f"/khen-thuong/ho-so-de-nghi/{cy.cluster.organizer_id}/2026/"

    leader = _page(new_page, "thanhhoa.canbo", password)
    leader.goto(dossier_url)
    leader.get_by_role("button", name="Lập hồ sơ từ kết quả biểu quyết").click()
    leader.wait_for_load_state("networkidle")
    assert leader.locator("#dossier-state").inner_text() == "Đang lập"
    assert "Sở Ngoại vụ tỉnh Nghệ An: chưa viết báo cáo thành tích." in leader.locator(".td-blocking").inner_text()
    assert leader.get_by_role("button", name="Gửi hồ sơ").is_disabled()

    officer = _page(new_page, "nghean.canbo", password, phone=True)  # the unit's officer, on a phone
    officer.goto(report_url)
    assert "bình xét, suy tôn đề nghị tặng Cờ thi đua" in officer.locator("#text-2").input_value()
    officer.fill("#text-3", "Năm 2026, đơn vị đón 25 đoàn khách quốc tế, ký 4 thỏa thuận hợp tác.")
    officer.get_by_role("button", name="Lưu báo cáo").click()
    officer.wait_for_load_state("networkidle")
    assert officer.locator("#report-state").inner_text() == "Đang viết"
    assert officer.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(officer, "dossier-report-phone")

    head = _page(new_page, "nghean.lanhdao", password)
    head.goto(report_url)
    assert head.locator("#text-3").count() == 0  # the head reads, confirms; the officer writes
    head.get_by_role("button", name="Thủ trưởng xác nhận báo cáo").click()
    head.wait_for_load_state("networkidle")
    assert head.locator("#report-state").inner_text() == "Thủ trưởng đã xác nhận"

    leader.goto(dossier_url)
    leader.get_by_role("button", name="Gửi hồ sơ").click()
    _confirm(leader, "Gửi hồ sơ")
    assert leader.locator("#dossier-state").inner_text() == "Đã gửi, chờ xem xét"

    ministry = _page(new_page, "bng", password)
    ministry.goto(inbox_url)
    ministry.fill(f"#reason-{cy.pk}", "Báo cáo thành tích chưa có xác nhận của UBND tỉnh Nghệ An")
    ministry.get_by_role("button", name="Trả lại", exact=True).click()
    _confirm(ministry, "Trả lại hồ sơ")
    assert "Bị trả lại để bổ sung" in ministry.content()
    screenshot(ministry, "dossier-inbox-returned")

    leader.goto(dossier_url)
    assert "chưa có xác nhận của UBND tỉnh Nghệ An" in leader.get_by_role("alert").first.inner_text()
    leader.get_by_role("button", name="Gửi lại hồ sơ").click()
    _confirm(leader, "Gửi hồ sơ")
    assert leader.locator("#dossier-state").inner_text() == "Đã gửi, chờ xem xét"

    ministry.goto(inbox_url)
    ministry.get_by_role("button", name="Tiếp nhận").click()
    _confirm(ministry, "Tiếp nhận hồ sơ")
    assert Dossier.objects.get().state == "accepted"

    leader.goto(dossier_url)
    assert leader.locator("#dossier-state").inner_text() == "Đã tiếp nhận"
    history = leader.locator(".td-dossier-history").inner_text()
    for step in ("Lập hồ sơ", "Gửi hồ sơ", "Trả lại hồ sơ", "Gửi lại hồ sơ", "Tiếp nhận hồ sơ"):
        assert step in history
    screenshot(leader, "dossier-accepted")

"""Browser test of the scoring part of a year, in Debian's Chromium (Playwright): three
units; the organizer opens self-assessment (the table freezes), each unit's officer
self-assesses with an evidence file (one of them on a phone) and submits, the year moves
to cross-scoring, each officer scores the two others, a scorer asks for an explanation
and the unit answers, and the ranking shows the expected order. Skipped without
/usr/bin/chromium (a failure when THIDUA_REQUIRE_BROWSER=1); the browser is the shared one
of tests/e2e/conftest.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import PASSWORD, ClusterFactory, ClusterYearFactory, OrganizerFactory, UnitFactory, UserFactory, add_member
from thidua.org.models import ClusterYear, Phase, Role
from thidua.scoring import services
from thidua.scoring.models import CriteriaTable, Evidence, ScoreQuery, ScoreSheet

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TABLE = {
    "groups": [
        {"code": "I", "title": "Nhiệm vụ chuyên môn", "max_points": 20, "professional": True, "criteria": [
            {"code": "I.1", "title": "Tham mưu chương trình đối ngoại", "kind": "points", "max_points": 10, "evidence": True},
            {"code": "I.2", "title": "Hợp tác quốc tế", "kind": "points", "max_points": 10},
        ]},
        {"code": "II", "title": "Điểm trừ", "max_points": 5, "criteria": [
            {"code": "II.1", "title": "Gửi báo cáo chậm", "kind": "penalty", "max_points": 5},
        ]},
    ]
}  # fmt: skip


@pytest.fixture
def year(transactional_db, settings, tmp_path):
    """Three units in a 2026 year in progress, with the table drafted by the organizer."""
    from thidua.org.models import Province
    from thidua.org.provinces import load_provinces

    if not Province.objects.exists():  # transactional tests flush the migration's provinces
        load_provinces(Province)
    settings.MEDIA_ROOT = tmp_path / "media"
    organizer = OrganizerFactory(name="Bộ Ngoại giao (thử)", symbol="BNGT")
    cluster = ClusterFactory(organizer=organizer, number="3", name="Cụm thi đua số 3")
    cy = ClusterYearFactory(cluster=cluster, year=2026, phase=Phase.IN_PROGRESS)
    names = ["Sở Ngoại vụ tỉnh Thanh Hóa", "Sở Ngoại vụ tỉnh Nghệ An", "Sở Ngoại vụ tỉnh Hà Tĩnh"]
    units = [UnitFactory(name=name, managed_by=organizer) for name in names]
    for unit, role in zip(units, (Role.LEADER, Role.DEPUTY1, Role.MEMBER), strict=True):
        add_member(cy, unit, role)
    officers = [UserFactory(username=f"canbo{i}", unit=unit, is_unit_officer=True) for i, unit in enumerate(units)]
    boss = UserFactory(username="bng", organizer=organizer, is_organizer_officer=True)
    services.criteria_table_replace(actor=boss, cluster_year=cy, data=TABLE)
    return cy, units, officers, boss


def open_page(browser, live_server, username: str, *, phone: bool = False):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN",
                                  viewport={"width": 390, "height": 844} if phone else {"width": 1280, "height": 900})  # fmt: skip
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def move_to(page, cy: ClusterYear, label: str) -> None:
    page.goto(f"/cum/{cy.cluster_id}/nam/{cy.year}/")
    page.get_by_role("button", name=f"Chuyển sang giai đoạn “{label}”").click()
    # The confirmation (core/static/core/confirm.js) says what will happen; confirm it.
    page.get_by_role("dialog").get_by_role("button", name=f"Chuyển sang “{label}”").click()
    page.wait_for_load_state("networkidle")


def fill(page, values: dict[str, str]) -> None:
    ids = dict(CriteriaTable.objects.get().criteria.values_list("code", "pk"))
    for code, value in values.items():
        page.fill(f"#points-{ids[code]}", value)


def test_a_year_of_scoring_in_the_browser(browser, live_server, year, tmp_path):
    from playwright.sync_api import expect

    cy, units, officers, boss = year
    base = f"/cum/{cy.cluster_id}/nam/{cy.year}"
    organizer = open_page(browser, live_server, boss.username)
    move_to(organizer, cy, "Tự chấm điểm")
    assert CriteriaTable.objects.get().is_frozen

    # Self-assessment: each unit's officer; the third one on a phone.
    evidence = tmp_path / "Kế hoạch đối ngoại.pdf"
    evidence.write_bytes(PDF)
    pages = [open_page(browser, live_server, o.username, phone=(i == 2)) for i, o in enumerate(officers)]
    self_points = [{"I.1": "9", "I.2": "8,5"}, {"I.1": "10", "I.2": "9"}, {"I.1": "7", "I.2": "6", "II.1": "1"}]
    for page, unit, points in zip(pages, units, self_points, strict=True):
        page.goto(f"{base}/tu-cham/")
        page.get_by_role("link", name="Bảng tự chấm của đơn vị tôi").click()
        row = page.locator("li.td-crit").first
        row.locator("summary").click()
        row.locator("input[type=file]").set_input_files(str(evidence))
        row.get_by_role("button", name="Tải lên").click()
        expect(row.locator(".td-evidence")).to_contain_text("Kế hoạch đối ngoại.pdf")
        fill(page, points)
        page.get_by_role("button", name="Lưu nháp").first.click()
        expect(page.locator(".alert-success")).to_contain_text("Đã lưu bảng tự chấm điểm")
        page.get_by_role("button", name="Nộp bảng tự chấm…").click()
        page.get_by_role("dialog").get_by_role("button", name="Xác nhận nộp").click()
        expect(page.locator(".alert-success")).to_contain_text("Đã nộp bảng tự chấm điểm")
        if unit == units[2]:
            assert page.evaluate("document.documentElement.scrollWidth") <= 391  # no sideways scrolling on the phone
    assert ScoreSheet.objects.filter(kind="self", status="submitted").count() == 3
    assert Evidence.objects.count() == 3

    # Cross-scoring: each officer scores the two others; the leader asks Hà Tĩnh to explain I.2.
    move_to(organizer, cy, "Chấm chéo")
    given = {0: {"I.1": "9", "I.2": "8"}, 1: {"I.1": "9,5", "I.2": "9"}, 2: {"I.1": "6", "I.2": "6", "II.1": "1"}}
    for page, scorer in zip(pages, units, strict=True):
        for target_index, target in enumerate(units):
            if target == scorer:
                continue
            page.goto(f"{base}/cham-cheo/")
            page.get_by_role("link", name=target.name).click()
            expect(page.locator("h1")).to_contain_text(target.name)
            if scorer == units[0] and target == units[2]:
                page.locator("summary", has_text="Đề nghị giải trình tiêu chí này").nth(1).click()
                page.locator("textarea[name=text]").nth(1).fill("Đề nghị gửi thỏa thuận hợp tác đã ký.")
                page.locator("details[open]").get_by_role("button", name="Gửi đề nghị").click()
                expect(page.locator(".td-thread")).to_contain_text("Đề nghị gửi thỏa thuận hợp tác đã ký.")
            fill(page, given[target_index])
            if scorer == units[1]:
                # Typed, not saved: "Nộp…" would submit the saved draft, so it stops and says why.
                page.get_by_role("button", name="Nộp phiếu chấm…").click()
                expect(page.locator("#unsaved-warning")).to_be_visible()
                expect(page.get_by_role("dialog")).to_have_count(0)
            page.get_by_role("button", name="Lưu nháp").first.click()
            expect(page.locator(".alert-success")).to_contain_text("Đã lưu phiếu chấm")
            page.get_by_role("button", name="Nộp phiếu chấm…").click()
            page.get_by_role("dialog").get_by_role("button", name="Xác nhận nộp").click()
            expect(page.locator(".alert-success")).to_contain_text("Đã nộp phiếu chấm điểm")
    assert ScoreSheet.objects.filter(kind="cross", status="submitted").count() == 6

    # Hà Tĩnh answers the query on its own sheet.
    page = pages[2]
    page.goto(f"{base}/tu-cham/{units[2].pk}/")
    thread = page.locator(".td-thread").first
    thread.locator("textarea").fill("Đã ký 2 thỏa thuận với tỉnh Hủa Phăn (Lào).")
    thread.get_by_role("button", name="Gửi trả lời").click()
    expect(page.locator(".td-thread").first).to_contain_text("đã giải trình")
    assert ScoreQuery.objects.get().answered

    # The ranking: Nghệ An 18.5, Thanh Hóa 17, Hà Tĩnh 11 (each scored the same by both others).
    move_to(organizer, cy, "Xếp hạng")
    organizer.goto(f"{base}/xep-hang/")
    rows = organizer.locator("table.td-stack tbody tr")
    expect(rows).to_have_count(3)
    assert [rows.nth(i).locator("td").nth(1).inner_text().split("\n")[0] for i in range(3)] == [units[1].name, units[0].name, units[2].name]
    expect(rows.nth(0).locator("td").nth(2)).to_have_text("18,5")
    expect(rows.nth(1).locator("td").nth(2)).to_have_text("17")
    expect(rows.nth(2).locator("td").nth(2)).to_have_text("11")
    expect(organizer.locator(".td-bar-fill")).to_have_count(3)
    shots = Path(__file__).resolve().parents[2] / "test-artifacts"
    shots.mkdir(exist_ok=True)
    organizer.screenshot(path=str(shots / "e2e-scoring-ranking.png"), full_page=True)

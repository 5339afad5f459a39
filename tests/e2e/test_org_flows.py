"""Browser tests of the foundation's main flows, on the demo data, in Debian's Chromium."""

import re

import pytest
from playwright.sync_api import expect

from thidua.org.demo import DEMO_PASSWORD, load_demo
from thidua.org.models import Cluster, ClusterYear, Role

from .conftest import screenshot, sign_in


@pytest.fixture
def demo(provinces):
    """The demo's organisations, clusters, years and accounts (its first step): these flows
    read nothing of the later steps (scoring, votes, awards, the channel), which made each
    test's set-up take 10–13 s on PostgreSQL."""
    load_demo()
    return Cluster.objects.get(number="3")


def test_sign_in_refuses_a_wrong_password_then_shows_the_dashboard(new_page, demo):
    page = new_page()
    sign_in(page, "thanhhoa.canbo", "sai-mat-khau")
    expect(page.locator(".alert-danger")).to_contain_text("mật khẩu chính xác")
    sign_in(page, "thanhhoa.canbo", DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/$"))
    body = page.locator("main")
    expect(body).to_contain_text("Sở Ngoại vụ tỉnh Thanh Hóa")
    expect(body).to_contain_text("Cụm thi đua số 3")
    expect(body).to_contain_text("Cụm trưởng")
    screenshot(page, "e2e-dashboard")


def test_member_opens_the_cluster_and_sees_members_roles_and_history_on_a_phone(new_page, demo):
    page = new_page(phone=True)
    sign_in(page, "quangtri.canbo", DEMO_PASSWORD)
    page.goto(f"/cum/{demo.pk}/")
    main = page.locator("main")
    expect(main.locator("h1")).to_have_text("Cụm thi đua số 3")
    # The 2025 year: seven units after the merger, Thanh Hóa leading.
    leader_row = main.locator("tr", has_text="Sở Ngoại vụ tỉnh Thanh Hóa").first
    expect(leader_row).to_contain_text("Cụm trưởng")
    expect(main).to_contain_text("Sở Ngoại vụ thành phố Huế")
    # The leadership timeline goes back to 2022 (Quảng Nam) and 2023 (Quảng Bình, Quảng Ngãi).
    expect(main).to_contain_text("Sở Ngoại vụ tỉnh Quảng Nam")
    expect(main).to_contain_text("Sở Ngoại vụ tỉnh Quảng Bình")
    # Nothing to edit for a member unit.
    expect(main.get_by_role("link", name=re.compile("Cập nhật thành viên"))).to_have_count(0)
    # Fits the phone's width: no horizontal scrolling of the page.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    screenshot(page, "e2e-cluster-phone")


def test_organizer_edits_a_years_membership(new_page, demo):
    page = new_page()
    sign_in(page, "bng.thidua", DEMO_PASSWORD)
    page.goto(f"/cum/{demo.pk}/nam/2025/thanh-vien/")
    # First a mistake: a second leader. The page says so in Vietnamese and saves nothing.
    page.select_option("select[name=role] >> nth=1", Role.LEADER)
    page.get_by_role("button", name="Lưu danh sách").click()
    expect(page.locator("main")).to_contain_text("chỉ có một đơn vị Cụm trưởng")
    cy = ClusterYear.objects.get(cluster=demo, year=2025)
    assert cy.memberships.filter(role=Role.LEADER).count() == 1
    # Then the right change: Nghệ An becomes first deputy.
    page.goto(f"/cum/{demo.pk}/nam/2025/thanh-vien/")
    nghe_an = page.locator(".td-member-row", has_text="Sở Ngoại vụ tỉnh Nghệ An")
    nghe_an.locator("select[name=role]").select_option(Role.DEPUTY1)
    page.fill("[name=reason]", "Hội nghị bầu Cụm phó")
    page.get_by_role("button", name="Lưu danh sách").click()
    expect(page).to_have_url(re.compile(rf"/cum/{demo.pk}/"))
    row = page.locator("tr", has_text="Sở Ngoại vụ tỉnh Nghệ An").first
    expect(row).to_contain_text("Cụm phó thứ nhất")
    assert cy.memberships.get(unit__name="Sở Ngoại vụ tỉnh Nghệ An").role == Role.DEPUTY1
    screenshot(page, "e2e-members-saved")


def test_organizer_adds_a_unit_found_without_accents(new_page, demo):
    page = new_page()
    sign_in(page, "bng.thidua", DEMO_PASSWORD)
    page.goto(f"/cum/{demo.pk}/nam/2026/thanh-vien/?chep=2025")
    expect(page.locator(".td-member-row")).to_have_count(7)
    page.locator(".td-member-row", has_text="Sở Ngoại vụ tỉnh Thanh Hóa").locator("select[name=role]").select_option(Role.LEADER)
    page.locator(".td-member-row", has_text="Sở Ngoại vụ tỉnh Quảng Trị").locator("select[name=role]").select_option(Role.DEPUTY1)
    page.locator(".td-member-row", has_text="Sở Ngoại vụ tỉnh Hà Tĩnh").get_by_role("button", name=re.compile("Bỏ")).click()
    expect(page.locator(".td-member-row")).to_have_count(6)
    page.fill("#unit-q", "ha tinh")
    page.locator("#unit-results button", has_text="Sở Ngoại vụ tỉnh Hà Tĩnh").click()
    expect(page.locator(".td-member-row")).to_have_count(7)
    page.get_by_role("button", name="Lưu danh sách").click()
    expect(page.locator("main")).to_contain_text("2026")
    cy = ClusterYear.objects.get(cluster=demo, year=2026)
    assert cy.memberships.count() == 7
    assert cy.memberships.get(role=Role.DEPUTY1).unit.name == "Sở Ngoại vụ tỉnh Quảng Trị"


def test_unit_officer_is_refused_membership_editing(new_page, demo):
    page = new_page()
    sign_in(page, "thanhhoa.canbo", DEMO_PASSWORD)
    response = page.goto(f"/cum/{demo.pk}/nam/2025/thanh-vien/")
    assert response.status == 403
    expect(page.locator("main")).to_contain_text("Không có quyền truy cập")
    expect(page.locator("main")).to_contain_text("Chỉ cơ quan tổ chức cụm được cập nhật thành viên")
    # And an organizer's page of another organizer's cluster does not even exist for them.
    response = page.goto("/cum/999999/")
    assert response.status == 404

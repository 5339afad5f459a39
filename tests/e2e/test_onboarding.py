"""Onboarding a unit in the browser: an organizer officer creates the unit head's account;
the head opens the invitation's link on a phone, sets a password, signs in, adds an officer
for the unit; the officer does the same. The e-mails come from mail.outbox (the live server
sends them in-process, through the immediate task backend, after each commit)."""

import re
import shutil
from pathlib import Path

from django.core import mail
from playwright.sync_api import expect

from tests.accounts.conftest import link_in
from tests.conftest import build_world
from tests.factories import PASSWORD

from .conftest import screenshot, sign_in

HEAD_PASSWORD = "Truong-Son-hung-vi-2026"
OFFICER_PASSWORD = "Song-Huong-em-dem-2026"
SHOTS = Path("/tmp/accounts")


def shot(page, name: str) -> None:
    path = screenshot(page, name)
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


def fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1


def set_password(page, path: str, password: str, name: str) -> None:
    page.goto(path)
    expect(page).to_have_url(re.compile(r"/dat-mat-khau/$"))  # the token left the address bar
    expect(page.locator("h1")).to_have_text("Đặt mật khẩu")
    fits_the_phone(page)
    shot(page, f"onboarding-{name}-set-password-phone")
    # a weak password first: refused in Vietnamese, nothing set
    page.fill("#id_new_password1", "12345678")
    page.fill("#id_new_password2", "12345678")
    page.click("button[type=submit]")
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    shot(page, f"onboarding-{name}-weak-password-phone")
    page.fill("#id_new_password1", password)
    page.fill("#id_new_password2", password)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/dang-nhap/\?ten="))
    expect(page.locator("#id_username")).to_have_value(re.compile(r"\w"))
    expect(page.locator(".alert-success")).to_contain_text("Đã đặt mật khẩu")
    shot(page, f"onboarding-{name}-sign-in-phone")


def test_onboarding_a_unit_head_and_their_officer(new_page, transactional_db):
    world = build_world()
    mail.outbox.clear()

    # The organizer's officer creates the head's account.
    desk = new_page()
    sign_in(desk, "org_a", PASSWORD)
    desk.goto("/")
    desk.locator("main").get_by_role("link", name="Tài khoản").first.click()
    expect(desk.locator("h1")).to_have_text("Tài khoản")
    desk.get_by_role("link", name="Thêm tài khoản").click()
    # the form's script suggests the user name as the e-mail is typed: let it load first
    # (a click does not wait for the page it opens; typing too early raced it on a busy CI)
    desk.locator("#id_full_name").wait_for()
    desk.wait_for_load_state("load")
    desk.fill("#id_full_name", "Nguyễn Thị Hoa")
    desk.fill("#id_email", "hoa.nguyen@hatinh.example.vn")
    expect(desk.locator("#id_username")).to_have_attribute("placeholder", "hoa.nguyen")
    desk.select_option("#id_unit", label=world.member_unit.name)
    desk.get_by_label("Lãnh đạo đơn vị").check()
    shot(desk, "onboarding-create-head-desktop")
    desk.get_by_role("button", name="Tạo và gửi lời mời").click()
    expect(desk.locator(".alert-success")).to_contain_text("hoa.nguyen@hatinh.example.vn")
    expect(desk.locator("main")).to_contain_text("Đã mời, chưa đặt mật khẩu")
    shot(desk, "onboarding-head-detail-desktop")
    assert [m.to for m in mail.outbox] == [["hoa.nguyen@hatinh.example.vn"]]

    # The head, on a phone: the link, a password, sign in.
    head = new_page(phone=True)
    set_password(head, link_in(mail.outbox[0]), HEAD_PASSWORD, "head")
    sign_in(head, "hoa.nguyen", HEAD_PASSWORD)
    expect(head.locator("h1")).to_contain_text("Nguyễn Thị Hoa")
    shot(head, "onboarding-head-dashboard-phone")

    # …adds an officer for the unit (the unit is theirs: not asked; the head role is not offered).
    head.goto("/tai-khoan/")
    fits_the_phone(head)
    shot(head, "onboarding-head-accounts-phone")
    head.get_by_role("link", name="Thêm tài khoản").click()
    expect(head.locator("main")).to_contain_text(world.member_unit.name)
    expect(head.get_by_label("Lãnh đạo đơn vị")).to_have_count(0)
    head.fill("#id_full_name", "Trần Văn Nam")
    head.fill("#id_email", "nam.tran@hatinh.example.vn")
    head.get_by_label("Cán bộ thi đua của đơn vị").check()
    fits_the_phone(head)
    shot(head, "onboarding-head-create-officer-phone")
    head.get_by_role("button", name="Tạo và gửi lời mời").click()
    expect(head.locator(".alert-success")).to_contain_text("nam.tran@hatinh.example.vn")
    fits_the_phone(head)
    shot(head, "onboarding-officer-detail-phone")
    assert len(mail.outbox) == 2 and mail.outbox[1].to == ["nam.tran@hatinh.example.vn"]

    # The officer is invited and signs in.
    officer = new_page(phone=True)
    set_password(officer, link_in(mail.outbox[1]), OFFICER_PASSWORD, "officer")
    sign_in(officer, "nam.tran", OFFICER_PASSWORD)
    expect(officer.locator("h1")).to_contain_text("Trần Văn Nam")
    expect(officer.locator("main")).to_contain_text(world.member_unit.name)

    # The head's list now shows the officer as active.
    head.goto("/tai-khoan/?q=nam.tran")
    expect(head.locator("main")).to_contain_text("Đang hoạt động")


def test_forgotten_password_on_a_phone(new_page, transactional_db):
    world = build_world()
    mail.outbox.clear()
    page = new_page(phone=True)
    page.goto("/dang-nhap/")
    page.get_by_role("link", name="Quên mật khẩu?").click()
    expect(page.locator("h1")).to_have_text("Quên mật khẩu")
    fits_the_phone(page)
    shot(page, "reset-request-phone")
    page.fill("#id_email", world.member_head.email)
    page.get_by_role("button", name="Gửi liên kết").click()
    expect(page.locator("h1")).to_have_text("Hãy kiểm tra hộp thư")
    shot(page, "reset-done-phone")
    assert [m.to for m in mail.outbox] == [[world.member_head.email]]
    path = link_in(mail.outbox[0])
    page.goto(path)
    expect(page.locator("h1")).to_have_text("Đặt lại mật khẩu")
    page.fill("#id_new_password1", HEAD_PASSWORD)
    page.fill("#id_new_password2", HEAD_PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("Đã đặt mật khẩu mới")
    sign_in(page, world.member_head.username, HEAD_PASSWORD)
    expect(page.locator("h1")).to_contain_text("Xin chào")
    # the link again: refused, with a way on
    page.goto(path)
    expect(page.locator(".alert-warning")).to_contain_text("không hợp lệ hoặc đã được dùng")
    shot(page, "reset-used-link-phone")

    # the head deactivates their delegate: a confirmation that says what will happen
    page.goto(f"/tai-khoan/{world.member_delegate.pk}/")
    page.get_by_role("button", name="Khóa tài khoản…").click()
    expect(page.locator("#deactivate")).to_contain_text("không đăng nhập được nữa")
    page.fill("#id_reason", "Không còn công tác tại đơn vị")
    fits_the_phone(page)
    shot(page, "deactivate-confirm-phone")
    page.locator("#deactivate").get_by_role("button", name="Khóa tài khoản").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã khóa tài khoản")
    expect(page.locator("main")).to_contain_text("Không còn công tác tại đơn vị")
    shot(page, "deactivated-phone")
    page.goto(f"/tai-khoan/don-vi/{world.member_unit.pk}/quyen-can-bo/")
    fits_the_phone(page)
    shot(page, "unit-policy-phone")


def test_the_administrator_finds_people_in_the_admin(new_page, transactional_db):
    build_world()
    page = new_page()
    sign_in(page, "admin", PASSWORD)
    page.goto("/admin/org/user/?is_unit_head__exact=1")
    expect(page.locator("#result_list")).to_contain_text("member_head")
    expect(page.locator("#result_list")).not_to_contain_text("member_officer")
    shot(page, "admin-users-desktop")

"""In a browser: an organizer officer is sent to enrol at the first sign-in (on a phone),
confirms a code from the app, sees the recovery codes and reaches the dashboard; the next
sign-in asks the code; the bulk import's dry-run report on a desktop. The pages must pass
under the Content-Security-Policy (the QR code is a data: image)."""

import os
from io import BytesIO
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import Workbook

from tests.factories import PASSWORD, OrganizerFactory, UnitFactory, UserFactory
from thidua.accounts import imports

from .conftest import screenshot, sign_in

SHOTS = os.environ.get("THIDUA_SHOTS", "")  # also save the screenshots there (to look at them)


@pytest.fixture(autouse=True)
def required(settings):
    settings.THIDUA_REQUIRE_2FA = True


def code_of(device: TOTPDevice, step: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + step):06d}"


def shot(page, name: str) -> None:
    screenshot(page, name)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_organizer_officer_enrols_on_a_phone_then_signs_in_with_the_code(new_page):
    officer = UserFactory(username="bng.thidua", organizer=OrganizerFactory(), is_organizer_officer=True)
    page = new_page(phone=True)
    sign_in(page, officer.username, PASSWORD)
    assert page.url.split("?")[0].endswith("/tai-khoan/bao-mat/")
    assert page.locator("img.td-qr").evaluate("img => img.naturalWidth > 0")
    shot(page, "twofactor-enrol-phone")
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    page.fill("#id_otp", code_of(device))
    page.click("text=Bật xác thực hai bước")
    page.wait_for_load_state("networkidle")
    assert page.locator(".td-recovery-codes li").count() == 10
    shot(page, "twofactor-recovery-codes-phone")
    page.click("text=Tôi đã cất mã, tiếp tục")
    page.wait_for_load_state("networkidle")
    assert urlparse(page.url).path == "/"  # the dashboard

    again = new_page(phone=True)
    sign_in(again, officer.username, PASSWORD)
    assert "/dang-nhap/xac-thuc/" in again.url
    shot(again, "twofactor-verify-phone")
    again.fill("#id_otp", code_of(device, step=1))
    again.click("button:has-text('Xác nhận')")
    again.wait_for_load_state("networkidle")
    assert "/dang-nhap/" not in again.url and "/tai-khoan/" not in again.url


def test_import_report_on_a_desktop(new_page, settings, tmp_path):
    settings.THIDUA_REQUIRE_2FA = False  # this one is about the import page
    organizer = OrganizerFactory()
    UnitFactory(name="Sở Ngoại vụ tỉnh Hà Tĩnh", symbol="SNgV-HT", managed_by=organizer)
    officer = UserFactory(username="bng.nhap", organizer=organizer, is_organizer_officer=True)
    UserFactory(email="trung@example.gov.vn")
    wb = Workbook()
    units = wb.active
    units.title = imports.UNIT_SHEET
    units.append([h for _n, h, _r in imports.UNIT_COLUMNS])
    units.append(["Sở Ngoại vụ tỉnh Cao Bằng", "SNgV-CB", "Sở Ngoại vụ", 4, "UBND TỈNH CAO BẰNG", "Giám đốc", "01/07/2025"])
    units.append(["Sở Ngoại vụ tỉnh Hà Tĩnh", "SNgV-HT", "Sở Ngoại vụ", "", "UBND TỈNH HÀ TĨNH", "", ""])
    units.append(["Sở Ngoại vụ tỉnh Y", "SNgV-Y", "Bộ phận lạ", 99, "", "", ""])
    accounts = wb.create_sheet(imports.ACCOUNT_SHEET)
    accounts.append([h for _n, h, _r in imports.ACCOUNT_COLUMNS])
    accounts.append(["Nguyễn Thị Hoa", "hoa@example.gov.vn", "", "SNgV-CB", "cán bộ thi đua"])
    accounts.append(["Trần Văn Bình", "trung@example.gov.vn", "", "SNgV-HT", "lãnh đạo, đại biểu"])
    accounts.append(["Lê Minh", "minh@example.gov.vn", "", "Sở Ngoại vụ tỉnh Nam Định", "giám đốc"])
    path = tmp_path / "nhap.xlsx"
    out = BytesIO()
    wb.save(out)
    path.write_bytes(out.getvalue())

    page = new_page()
    sign_in(page, officer.username, PASSWORD)
    page.goto("/tai-khoan/nhap/")
    page.set_input_files("#id_file", str(path))
    page.click("text=Kiểm tra tệp")
    page.wait_for_load_state("networkidle")
    assert page.locator("tr.table-danger").count() == 3
    assert page.locator("button:has-text('Nhập')").count() == 0
    shot(page, "import-report-desktop")

"""A member finds the conference's further documents on the conference page (desktop and
phone), downloads a delegate's authorisation as PDF through the unit form (GET with the
button's formaction: no script) and opens a preview."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.voting.conftest import build_electorate

from .conftest import screenshot, sign_in

pytestmark = pytest.mark.e2e
SHOTS = Path("/tmp/doctypes")


@pytest.fixture
def conference(provinces):
    return build_electorate(3, year=2026, number="6")


def test_the_conference_documents_area(new_page, conference):
    e = conference
    url = f"/cum/{e.cluster.pk}/nam/2026/hoi-nghi/van-ban/"
    for phone in (False, True):
        page = new_page(phone=phone)
        sign_in(page, e.officers[2].username, PASSWORD)
        page.goto(url)
        area = page.locator("#van-ban")
        expect(area).to_be_visible()
        expect(area.get_by_text("Tờ trình đề nghị khen thưởng")).to_be_visible()
        area.scroll_into_view_if_needed()
        name = f"doctypes-conference-{'phone' if phone else 'desktop'}"
        path = screenshot(page, name)
        SHOTS.mkdir(exist_ok=True)
        area.screenshot(path=str(SHOTS / f"{name}-area.png"))
        shutil.copy(path, SHOTS / f"{name}.png")
    form = area.locator("form").first
    form.locator("select").select_option(str(e.officers[2].unit_id))  # the own unit: the only one offered
    with page.expect_download() as info:
        form.get_by_role("button", name="PDF").click()
    pdf = Path(info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        assert "GIẤY ỦY QUYỀN" in text and "/GUQ-" in text
    with page.context.expect_page() as popup:
        area.get_by_role("link", name="Xem trước", exact=True).first.click()
    preview = popup.value
    preview.wait_for_load_state()
    expect(preview.get_by_text("THÔNG BÁO", exact=True)).to_be_visible()

"""The leader unit chooses who issues the plan (the cluster itself, no "TM." line, its
own symbol) on the issuers page, sees the preview change, and the conference invitation
with guests downloads as a PDF from the conference page; pages looked at on a desktop and
a 390 px phone, the PDF's first page rendered with pdftoppm (test-artifacts/)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.voting.conftest import build_electorate
from thidua.cycle.models import DocumentIssuerSetting
from thidua.org.models import Unit
from thidua.voting.models import Conference

from .conftest import ARTIFACTS, screenshot, sign_in
from .test_document_pdf import download, text_of

pytestmark = pytest.mark.e2e
GUESTS = ["Đồng chí Nguyễn Minh Vũ, Thứ trưởng Bộ Ngoại giao", "Lãnh đạo UBND tỉnh Thanh Hóa"]


@pytest.fixture
def year(provinces):
    e = build_electorate(3, year=2026, number="3")
    Unit.objects.filter(pk=e.units[0].pk).update(name="Sở Ngoại vụ tỉnh Thanh Hóa")
    Conference.objects.filter(cluster_year=e.cluster_year).update(
        guests=GUESTS, date=dt.date(2026, 12, 18), end_date=dt.date(2026, 12, 19), starts_at=dt.time(8, 0),
        place="Hội trường Sở Ngoại vụ tỉnh Thanh Hóa")
    return e


def test_the_leader_sets_who_issues_the_plan_and_the_invitation_names_the_guests(new_page, year):
    e = year
    page = new_page()
    sign_in(page, e.officers[0].username, PASSWORD)
    page.goto(f"/cum/{e.cluster.pk}/nam/2026/co-quan-ban-hanh/")
    plan = page.locator("#loai-ke-hoach")
    expect(plan).to_contain_text("TM. CỤM THI ĐUA SỐ 3")
    plan.get_by_label("Cơ quan ban hành", exact=True).select_option("cluster")
    plan.get_by_label("Ký “TM. CỤM THI ĐUA SỐ 3”").uncheck()
    plan.get_by_label("Ký hiệu thay thế (để trống: ký hiệu của cơ quan ban hành)").fill("CTĐ")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu cơ quan ban hành văn bản")).to_be_visible()
    preview = page.locator("#loai-ke-hoach .nd30-issuer-preview")
    expect(preview).to_contain_text("Số: 01/KH-CTĐ")
    expect(preview).to_contain_text("Cụm thi đua số 3")
    expect(preview).not_to_contain_text("TM. CỤM THI ĐUA SỐ 3")
    setting = DocumentIssuerSetting.objects.get(doc_type="ke-hoach")
    assert (setting.issued_by, setting.on_behalf, setting.symbol, setting.year) == ("cluster", False, "CTĐ", None)
    screenshot(page, "document-issuers-desktop")
    phone = new_page(phone=True)
    sign_in(phone, e.officers[0].username, PASSWORD)
    phone.goto(f"/cum/{e.cluster.pk}/nam/2026/co-quan-ban-hanh/")
    screenshot(phone, "document-issuers-phone")

    page.goto(f"/cum/{e.cluster.pk}/nam/2026/hoi-nghi/van-ban/")
    pdf = download(page, page.get_by_role("link", name="Giấy mời (PDF)"))
    assert pdf.startswith(b"%PDF-")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "invitation-guests.pdf").write_bytes(pdf)
    if shutil.which("pdftotext"):
        text = " ".join(text_of(pdf).split())
        assert "Thứ trưởng Bộ Ngoại giao" in text and "từ 08 giờ 00 ngày 18/12/2026 đến ngày 19/12/2026" in text
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "2", str(ARTIFACTS / "invitation-guests.pdf"),
                        str(ARTIFACTS / "invitation-guests")], check=True)

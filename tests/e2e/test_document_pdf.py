"""A member downloads a document's PDF from its page in Debian's Chromium: the invitation
on the conference page (a draft until numbered), then, once the leader unit's head has
signed it digitally, the signed copy listed on the same page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.documents.pki import PASSPHRASE, make_ca, make_signer_p12
from tests.factories import PASSWORD
from tests.voting.conftest import build_electorate
from thidua.voting import services

from .conftest import ARTIFACTS, screenshot, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def conference(provinces, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_electorate(3, year=2026, number="6")


def text_of(pdf: bytes) -> str:
    if not shutil.which("pdftotext"):
        return ""
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def download(page, link) -> bytes:
    with page.expect_download() as info:
        link.click()
    path = info.value.path()
    return Path(path).read_bytes()


def test_a_member_downloads_the_invitation_pdf_then_its_signed_copy(new_page, conference, tmp_path):
    e = conference
    url = f"/cum/{e.cluster.pk}/nam/2026/hoi-nghi/van-ban/"
    member = new_page()
    sign_in(member, e.officers[2].username, PASSWORD)
    # from the conference page to its documents
    member.goto(f"/cum/{e.cluster.pk}/nam/2026/hoi-nghi/")
    member.get_by_role("link", name="Văn bản hội nghị", exact=True).click()
    expect(member).to_have_url(re.compile(re.escape(url) + "$"))
    link = member.get_by_role("link", name="Giấy mời (PDF)")
    expect(link).to_be_visible()
    pdf = download(member, link)
    assert pdf.startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        text = text_of(pdf)
        assert "GIẤY MỜI" in text and "DỰ THẢO" in text

    # The leader unit numbers the invitation; its head signs it with the unit's certificate.
    services.conference_document_issue(actor=e.leader_officer, cluster_year=e.cluster_year, kind="invitation")
    p12, _cert = make_signer_p12(make_ca(), e.units[0].name)
    certificate = tmp_path / "don-vi.p12"
    certificate.write_bytes(p12)
    head = new_page()
    sign_in(head, e.heads[0].username, PASSWORD)
    head.goto(url)
    box = head.locator("details", has_text="Ký số văn bản").first
    box.locator("summary").click()
    box.locator("input[name=certificate]").set_input_files(str(certificate))
    box.locator("input[name=passphrase]").fill(PASSPHRASE)
    box.get_by_role("button", name="Ký số").click()
    head.wait_for_load_state("networkidle")
    expect(head.locator("main")).to_contain_text("Đã ký số Giấy mời số 01/GM-")
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot(head, "e2e-document-signed")

    member.goto(url)
    pdf = download(member, member.get_by_role("link", name="Giấy mời (PDF)"))
    if shutil.which("pdftotext"):
        assert "DỰ THẢO" not in text_of(pdf) and "Số: 01/GM-" in text_of(pdf)
    signed = download(member, member.get_by_role("link", name="Giấy mời số 01/GM-", exact=False).first)
    assert signed.startswith(b"%PDF-") and b"/ByteRange" in signed
    if shutil.which("pdftotext"):
        assert "GIẤY MỜI" in text_of(signed)

"""The PDF comes from the same document model as the .docx and the preview."""

import shutil
import subprocess

import pytest

from thidua.documents.html import render_html
from thidua.documents.pdf import render_pdf
from thidua.documents.samples import plan_91_kh_ctd

A4_PX = (793.7, 1122.5)  # 210 × 297 mm at 96 CSS px per inch


@pytest.fixture(scope="module")
def plan_pdf() -> bytes:
    return render_pdf(plan_91_kh_ctd())


def test_pdf_is_a_pdf_on_a4_pages(plan_pdf):
    from weasyprint import HTML

    assert plan_pdf.startswith(b"%PDF-")
    pages = HTML(string=render_html(plan_91_kh_ctd(with_annex=True))).render().pages
    assert len(pages) >= 2
    assert (round(pages[0].width, 1), round(pages[0].height, 1)) == A4_PX
    # The annex page is landscape.
    assert (round(pages[-1].width, 1), round(pages[-1].height, 1)) == A4_PX[::-1]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_pdf_text_has_the_header_number_date_and_signature(plan_pdf):
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=plan_pdf, capture_output=True, check=True).stdout.decode()
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 91/KH-CTĐ",
        "Quảng Nam, ngày 23 tháng 11 năm 2022",
        "KẾ HOẠCH",
        "TM. CỤM THI ĐUA SỐ 3",
        "Nơi nhận:",
    ):
        assert expected in text, expected


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_pdf_of_user_text_is_escaped_not_markup():
    document = plan_91_kh_ctd()
    document.subject = '<img src="http://example.invalid/x.png"> Kế hoạch <b>đậm</b>'
    text = subprocess.run(["pdftotext", "-", "-"], input=render_pdf(document), capture_output=True, check=True).stdout.decode()
    # The tags are printed as text: nothing a user types becomes markup (nor is fetched).
    assert '<img src="http://example.invalid/x.png">' in text and "<b>đậm</b>" in text


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_the_signatures_never_begin_a_page_alone():
    """However long the body, the page that carries the signature block also carries the end
    of the body: the closing sentence goes over with the signatures (issue 10: "signature
    rows kept together"; the vote-counting minutes' signatures fell alone onto page 2)."""
    import dataclasses

    from thidua.documents.document import Paragraph

    base = plan_91_kh_ctd()
    title = "TM. CỤM THI ĐUA SỐ 3"
    alone = []
    # lengths around the one where the body ends at a page's foot (the rule must hold for each)
    for extra in range(0, 12):
        body = [*base.body, *(Paragraph(f"Đoạn thêm số {i + 1}: nội dung để đẩy chữ ký xuống cuối trang.") for i in range(extra))]
        pdf = render_pdf(dataclasses.replace(base, body=body))
        pages = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode().split("\f")
        page = next(p for p in pages if title in p)
        before = page.split(title, 1)[0]
        # the page number and the recipients' heading (beside the signer's title) aside,
        # something of the body precedes the signature block
        body_lines = [line for line in before.splitlines() if line.strip() and not line.strip().isdigit() and "Nơi nhận" not in line]
        if not body_lines:
            alone.append(extra)
    assert alone == [], f"the signatures began a page alone with {alone} more paragraphs"

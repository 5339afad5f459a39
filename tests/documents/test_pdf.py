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

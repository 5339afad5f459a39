"""The HTML preview has the document's structure and escapes every piece of text."""

import datetime as dt
import re

from thidua.documents.document import (
    Document,
    DocumentNumber,
    Heading,
    Issuer,
    ListBlock,
    Paragraph,
    Recipients,
    Run,
    Signature,
    Table,
)
from thidua.documents.html import render_html
from thidua.documents.samples import SIGNER, plan_91_kh_ctd


def test_preview_has_the_decree_structure():
    html = render_html(plan_91_kh_ctd(with_annex=True))
    assert html.startswith("<!DOCTYPE html>") and '<html lang="vi">' in html
    assert 'font-family: "Times New Roman", "Liberation Serif", serif' in html
    assert "size: A4" in html and "margin: 20mm 15mm 20mm 30mm" in html
    assert "<script" not in html
    for text in (
        "UBND TỈNH QUẢNG NAM",
        "SỞ NGOẠI VỤ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        '<span class="nd30-motto">Độc lập - Tự do - Hạnh phúc</span>',
        "<p>Số: 91/KH-CTĐ</p>",
        "<p>Quảng Nam, ngày 23 tháng 11 năm 2022</p>",
        '<p class="nd30-type">KẾ HOẠCH</p>',
        '<p class="nd30-subject">Tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm 2022</p>',
        '<p class="nd30-heading level-1">I. MỤC ĐÍCH, YÊU CẦU</p>',
        '<p class="nd30-bold">TM. CỤM THI ĐUA SỐ 3</p>',
        '<p class="nd30-bold">CỤM TRƯỞNG</p>',
        f'<p class="signer">{SIGNER}</p>',
        '<p class="label">Nơi nhận:</p>',
        '<p class="line">- Lưu: VT, VP.</p>',
        "<th>Nội dung</th>",
    ):
        assert text in html, text
    # two pages: the portrait page and the landscape annex, with the signatures on the first
    assert html.count('<section class="nd30-page') == 2 and '<section class="nd30-page landscape">' in html
    first, annex = html.split('<section class="nd30-page landscape">')
    assert "TM. CỤM THI ĐUA SỐ 3" in first and "Phụ lục" in annex
    assert first.index("Nơi nhận:") < first.index("TM. CỤM THI ĐUA SỐ 3")  # recipients left, signature right


HOSTILE = '<script>alert("x")</script>'


def test_user_text_is_escaped_everywhere():
    document = Document(
        issuer=Issuer(f"SỞ {HOSTILE}", f"UBND {HOSTILE}"),
        number=DocumentNumber(1, "KH", "CTĐ"),
        place=f"Huế{HOSTILE}",
        date=dt.date(2026, 2, 5),
        subject=f"Kế hoạch {HOSTILE}",
        addressees=[f"Đơn vị {HOSTILE}", "Đơn vị khác"],
        body=[
            Paragraph(["Văn bản ", Run(HOSTILE, bold=True), " <img src=x onerror=alert(1)>"]),
            Heading(HOSTILE, label="I."),
            ListBlock([HOSTILE]),
            Table(header=[HOSTILE], rows=[[HOSTILE]]),
        ],
        signatures=[Signature([HOSTILE], HOSTILE, note=HOSTILE)],
        recipients=Recipients([HOSTILE], archive=[HOSTILE]),
    )
    html = render_html(document)
    assert "<script" not in html.lower() and "<img" not in html
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    # issuer (2), place, subject, addressee, run, heading, list item, table header and cell,
    # signature authority, note and signer, recipient and archive lines
    assert html.lower().count(escaped) == 15
    assert "Kế hoạch &lt;script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_a_letter_shows_its_vv_line_and_no_type_line():
    letter = Document(
        issuer=Issuer("SỞ NGOẠI VỤ", "UBND TỈNH THANH HÓA"),
        number=DocumentNumber(12, "", "SNgV-VP"),
        place="Thanh Hóa",
        date=dt.date(2025, 12, 5),
        subject="góp ý dự thảo báo cáo",
        addressees=["Các đơn vị thành viên Cụm thi đua số 3"],
    )
    html = render_html(letter)
    assert '<p class="nd30-vv">V/v góp ý dự thảo báo cáo</p>' in html
    assert "nd30-type" not in re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    assert "Thanh Hóa, ngày 05 tháng 12 năm 2025" in html
    assert "Kính gửi: Các đơn vị thành viên Cụm thi đua số 3" in html

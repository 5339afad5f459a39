"""A list item's marker ("-", "+", "1.") is never left alone at the end of a line: the
space after it does not break, in the PDF (WeasyPrint broke "- Hoàng Văn Lợi, …" of an
invitation's first guest after the dash) and in the .docx."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.documents.helpers import _open
from thidua.documents.document import ListBlock, Paragraph, Run
from thidua.documents.html import render_html
from thidua.documents.pdf import render_pdf
from thidua.documents.samples import plan_91_kh_ctd

NBSP = "\u00a0"
GUESTS = [
    "Hoàng Văn Lợi, Phó Vụ trưởng Vụ Thi đua - Khen thưởng, Bộ Ngoại giao;",
    "Trịnh Việt Hùng, UVBCH Đảng bộ tỉnh, Phó Chủ tịch UBND tỉnh Thái Nguyên;",
]


def invitation_like():
    document = plan_91_kh_ctd()
    document.body = [Paragraph([Run("Kính mời:", bold=True)], first_line_indent=False, keep_with_next=True),
                     ListBlock(GUESTS)]
    return document


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_the_pdf_keeps_the_marker_with_the_first_word():
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=render_pdf(invitation_like()),
                          capture_output=True, check=True).stdout.decode()
    lines = [line.strip() for line in text.splitlines()]
    assert "-" not in lines, text
    assert any(line.startswith("- Hoàng Văn Lợi") for line in lines), text


def test_html_and_docx_join_the_marker_to_the_item_with_a_no_break_space():
    assert f"-{NBSP}Hoàng Văn Lợi" in render_html(invitation_like())
    doc = _open(invitation_like())
    items = [p for p in doc.paragraphs if "Hoàng Văn Lợi" in p.text or "Trịnh Việt Hùng" in p.text]
    assert [p.text[:2] for p in items] == [f"-{NBSP}", f"-{NBSP}"]
    numbered = ListBlock(["Một", "Hai"], style="number")
    assert numbered.marker(1) == "2."


# --- nothing but the runs' own text between a paragraph's runs --------------------------------------
def test_runs_are_joined_without_whitespace_of_their_own():
    # a run's template ended with a newline: "số 3" + "." read "số 3 ." and every paragraph
    # ended with a space, which made WeasyPrint break a nearly full last line after its
    # first word ("… – đơn vị / Cụm / trưởng – xây dựng …")
    document = invitation_like()
    document.body = [Paragraph(["Cụm thi đua số ", Run("3", bold=True), "."])]
    html = render_html(document)
    assert '<span class="nd30-bold ">3</span>.</p>' in html
    assert "Cụm thi đua số <span" in html


LAUNCH = ("Căn cứ Quy chế tổ chức và hoạt động của Cụm thi đua số 3; thực hiện Chương trình công tác năm 2025 của Cụm, "
          "Sở Ngoại vụ tỉnh Thanh Hóa – đơn vị Cụm trưởng – xây dựng Kế hoạch phát động phong trào thi đua năm 2025 như sau:")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_a_nearly_full_last_line_breaks_before_its_last_word_not_after_its_first():
    document = invitation_like()
    document.body = [Paragraph(LAUNCH)]
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=render_pdf(document),
                          capture_output=True, check=True).stdout.decode()
    lines = [line.strip() for line in text.splitlines()]
    assert "Cụm" not in lines, text

"""Clean page breaks in the .docx as in the PDF: the signatures never begin a page on their
own — the body's closing paragraph is kept with them (Word and LibreOffice move it over
with the signature table), as the PDF's CSS does (break-before: avoid)."""

from __future__ import annotations

from docx.oxml.ns import qn

from tests.documents.helpers import _open
from thidua.documents.samples import plan_91_kh_ctd


def test_the_closing_paragraph_is_kept_with_the_signatures():
    doc = _open(plan_91_kh_ctd())
    body = list(doc.element.body)
    signatures = next(el for el in body[1:] if el.tag == qn("w:tbl") and "Nơi nhận:" in "".join(el.itertext()))
    before = body[body.index(signatures) - 1]
    assert before.tag == qn("w:p") and "".join(before.itertext()).endswith("./.")
    assert before.find(qn("w:pPr")).find(qn("w:keepNext")) is not None

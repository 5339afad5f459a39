"""The page and the head of a document: page size and margins, page numbers, the draft
mark, the header table (issuing body, motto, number and date), the title and the
addressees. Separate from the body because these follow the Decree's fixed layout and
never depend on the document's content blocks."""

from __future__ import annotations

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from ..document import Document
from ..metrics import fitting_size, text_width_mm
from .measures import (
    BODY_PT,
    CELL_MARGIN_MM,
    DRAFT_BOX_MM,
    DRAFT_MARK,
    HEADER_COLS_MM,
    HEADER_DISTANCE_MM,
    HEADER_PT,
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    PAGE_H_MM,
    PAGE_W_MM,
    TEXT_W_LANDSCAPE_MM,
    TEXT_W_PORTRAIT_MM,
)
from .ooxml import _cell, _fmt, _line, _rule, _run, _table


# --- page setup ------------------------------------------------------------------------------
def _page(section, *, landscape: bool) -> float:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width = Mm(PAGE_H_MM if landscape else PAGE_W_MM)
    section.page_height = Mm(PAGE_W_MM if landscape else PAGE_H_MM)
    section.top_margin = Mm(MARGIN_TOP_MM)
    section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
    section.left_margin = Mm(MARGIN_LEFT_MM)
    section.right_margin = Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(HEADER_DISTANCE_MM)
    section.footer_distance = Mm(HEADER_DISTANCE_MM)
    section.gutter = Mm(0)
    return TEXT_W_LANDSCAPE_MM if landscape else TEXT_W_PORTRAIT_MM


def _page_numbers(section) -> None:
    """A PAGE field centred in the header; the first page's header stays empty."""
    section.different_first_page_header_footer = True
    first = section.first_page_header
    first.is_linked_to_previous = False
    if not first.paragraphs:
        first.add_paragraph()
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    _fmt(p, align="center")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = _run(p, "", size=BODY_PT)
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text


def _draft_mark(section, text_w: float) -> None:
    """"DỰ THẢO" in a box at the top right of the first page, in the first page's header
    (the body's layout does not move), so that a draft is never taken for the issued
    document."""
    header = section.first_page_header
    p = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    _fmt(p, align="center", left_mm=text_w - DRAFT_BOX_MM)
    _run(p, DRAFT_MARK, size=HEADER_PT, bold=True)
    ppr = p._p.get_or_add_pPr()
    pbdr = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), "8")  # 1 pt
        edge.set(qn("w:space"), "2")
        edge.set(qn("w:color"), "000000")
        pbdr.append(edge)
    anchor = ppr.find(qn("w:spacing"))
    if anchor is None:
        anchor = ppr.find(qn("w:ind"))
    if anchor is not None:
        anchor.addprevious(pbdr)
    else:
        ppr.append(pbdr)


def _header(doc, document: Document) -> None:
    left_w, right_w = HEADER_COLS_MM
    table = _table(doc, 2, HEADER_COLS_MM, borders=False)
    avail_l, avail_r = left_w - 2 * CELL_MARGIN_MM, right_w - 2 * CELL_MARGIN_MM

    left = _cell(table.cell(0, 0))
    issuer = document.issuer
    if issuer.parent_authority.strip():
        for part in issuer.parent_authority.upper().split("\n"):
            _line(left, part, size=fitting_size(part, HEADER_PT, avail_l))
    body = issuer.issuing_body.upper()
    _line(left, body, size=HEADER_PT, bold=True)
    widest = max(text_width_mm(part, HEADER_PT, bold=True) for part in body.split("\n"))
    _rule(left, width_mm=0.4 * min(widest, avail_l), available_mm=avail_l)

    right = _cell(table.cell(0, 1))
    _line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=HEADER_PT, bold=True)
    motto = "Độc lập - Tự do - Hạnh phúc"
    _line(right, motto, size=BODY_PT, bold=True)
    _rule(right, width_mm=text_width_mm(motto, BODY_PT, bold=True), available_mm=avail_r)

    number_cell = _cell(table.cell(1, 0))
    _line(number_cell, document.number.line, size=HEADER_PT, before=6)
    if document.vv_line:
        _line(number_cell, document.vv_line, size=12, before=3)
    date_cell = _cell(table.cell(1, 1))
    _line(date_cell, document.date_line, size=BODY_PT, italic=True, before=6)
    for cell in (left, right, number_cell, date_cell):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP


def _title(doc, document: Document, text_w: float) -> None:
    if document.is_letter:
        _addressees(doc, document)
        return
    _line(doc, document.type_title, bold=True, before=18, keep_with_next=True)
    if document.subject:
        _line(doc, document.subject, bold=True, keep_with_next=True)
        widest = min(text_width_mm(document.subject, BODY_PT, bold=True), text_w)
        _rule(doc, width_mm=0.4 * widest, available_mm=text_w, after=12)
    _addressees(doc, document)


def _addressees(doc, document: Document) -> None:
    names = document.addressees
    if not names:
        if document.is_letter:
            _line(doc, "", after=6)
        return
    if len(names) == 1:
        _line(doc, f"Kính gửi: {names[0]}", before=12, after=12)
        return
    _line(doc, "Kính gửi:", align="left", before=12, left_mm=25, keep_with_next=True)
    for i, name in enumerate(names):
        text = name if name.startswith("- ") else f"- {name}"
        _line(doc, text, align="left", left_mm=45, after=12 if i == len(names) - 1 else 0)

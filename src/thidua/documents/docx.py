"""Render a `Document` to .docx (python-docx), following Decree 30/2020/NĐ-CP.

Layout choices:
- A4 210 × 297 mm; margins top and bottom 20 mm, left 30 mm, right 15 mm (text width
  165 mm; 252 mm on landscape pages, which keep the same margins).
- Times New Roman on every style and run, for the Latin, east-Asian and complex-script
  slots (w:rFonts ascii/hAnsi/eastAsia/cs) with the theme-font attributes removed, so
  that Word never substitutes a theme font.
- Body 14 pt, justified, first-line indent 1.27 cm, 6 pt after, line spacing multiple
  1.15 (between single and 1.5 as the Decree asks).
- The header is a borderless table of two rows × two columns (62 + 103 mm): row 1 holds
  the parent authority / issuing body and the state title / motto, row 2 the number and
  the date line, so that "Số: …" and the date stand on the same line. The rules under
  the issuing body, the motto and the subject are bottom borders of short, empty,
  centred paragraphs (never underlining): the motto's as long as the motto, the others
  40 % of their text's width.
- Page numbers: a PAGE field centred in the header (top margin), 14 pt, with a different
  (empty) first-page header.
- Signatures and recipients sit in a borderless table whose rows cannot split across
  pages and whose paragraphs are kept with the next, so a signature block never leaves
  its title behind.
"""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from lxml import etree

from .document import (
    Document,
    Heading,
    ListBlock,
    PageBreak,
    Paragraph,
    Recipients,
    Run,
    SectionBreak,
    Signature,
    Table,
    runs_of,
)
from .metrics import fitting_size, text_width_mm

FONT = "Times New Roman"
BODY_PT = 14
HEADER_PT = 13
LINE_SPACING = 1.15
FIRST_LINE_INDENT = Cm(1.27)
SPACE_AFTER = Pt(6)

PAGE_W_MM, PAGE_H_MM = 210, 297
MARGIN_TOP_MM = MARGIN_BOTTOM_MM = 20
MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 30, 15
HEADER_DISTANCE_MM = 10
TEXT_W_PORTRAIT_MM = PAGE_W_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 165
TEXT_W_LANDSCAPE_MM = PAGE_H_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 252

HEADER_COLS_MM = (62.0, 103.0)
CELL_MARGIN_MM = 1.0
SIGNATURE_COLS_MM = (80.0, 85.0)
SIGNATURE_SPACE_LINES = 4
RULE_LINE_PT = 4  # the height of a rule's empty paragraph: the rule sits ~1.5 mm under the text

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


# --- fonts -------------------------------------------------------------------------------
def _set_rfonts(rpr) -> None:
    """Times New Roman in all four slots; drop theme fonts, which would win over them."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)


def _set_size_cs(rpr, size_pt: float) -> None:
    szcs = rpr.find(qn("w:szCs"))
    if szcs is None:
        szcs = OxmlElement("w:szCs")
        sz = rpr.find(qn("w:sz"))
        if sz is not None:
            sz.addnext(szcs)
        else:
            rpr.append(szcs)
    szcs.set(qn("w:val"), str(round(size_pt * 2)))


def _style_fonts(doc) -> None:
    styles_el = doc.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    _set_rfonts(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    lang.set(qn("w:bidi"), "ar-SA")
    for rfonts in list(styles_el.iter(qn("w:rFonts"))):
        _set_rfonts(rfonts.getparent())

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _set_rfonts(normal.element.get_or_add_rPr())
    _set_size_cs(normal.element.get_or_add_rPr(), BODY_PT)
    pf = normal.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.first_line_indent = FIRST_LINE_INDENT
    pf.space_before = Pt(0)
    pf.space_after = SPACE_AFTER
    pf.line_spacing = LINE_SPACING
    pf.widow_control = True
    _styles_with_effects(doc)
    for name in ("Header", "Footer"):
        if name in [s.name for s in doc.styles]:
            style = doc.styles[name]
            style.font.name = FONT
            _set_rfonts(style.element.get_or_add_rPr())


def _styles_with_effects(doc) -> None:
    """python-docx's template also carries word/stylesWithEffects.xml (Word 2010): give
    it the same fonts, so that no part of the file names a theme font."""
    for part in doc.part.package.iter_parts():
        if str(part.partname) == "/word/stylesWithEffects.xml":
            root = etree.fromstring(part.blob)
            for rfonts in list(root.iter(qn("w:rFonts"))):
                _set_rfonts(rfonts.getparent())
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _run(paragraph, text: str, *, size: float = BODY_PT, bold=False, italic=False, underline=False):
    run = paragraph.add_run(text)
    font = run.font
    font.name = FONT
    font.size = Pt(size)
    font.bold = bold or None
    font.italic = italic or None
    font.underline = underline or None
    rpr = run._r.get_or_add_rPr()
    _set_rfonts(rpr)
    _set_size_cs(rpr, size)
    return run


def _mark_size(paragraph, size: float) -> None:
    """The size of the paragraph mark (what sets an empty paragraph's height)."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    _set_rfonts(rpr)
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(round(size * 2)))
    rpr.append(sz)
    _set_size_cs(rpr, size)


def _fmt(
    paragraph,
    *,
    align: str = "center",
    first_line: bool = False,
    before: float = 0,
    after: float = 0,
    spacing: float | None = 1.0,
    keep_with_next: bool = False,
    left_mm: float | None = None,
    right_mm: float | None = None,
):
    pf = paragraph.paragraph_format
    pf.alignment = ALIGN[align]
    pf.first_line_indent = FIRST_LINE_INDENT if first_line else Cm(0)
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if spacing is not None:
        pf.line_spacing = spacing
    if keep_with_next:
        pf.keep_with_next = True
    if left_mm is not None:
        pf.left_indent = Mm(left_mm)
    if right_mm is not None:
        pf.right_indent = Mm(right_mm)
    return paragraph


def _line(container, text: str, *, size=BODY_PT, bold=False, italic=False, **fmt):
    """A one-line paragraph (header, signature, recipients): single spacing unless told."""
    p = _fmt(container.add_paragraph(), **fmt)
    for i, part in enumerate(text.split("\n")):
        run = _run(p, part, size=size, bold=bold, italic=italic)
        if i < len(text.split("\n")) - 1:
            run.add_break(WD_BREAK.LINE)
    _mark_size(p, size)
    return p


def _rule(container, *, width_mm: float, available_mm: float, after: float = 0, keep_with_next=False):
    """A short centred horizontal rule: the bottom border of an empty paragraph whose
    indents leave `width_mm` between them."""
    width_mm = max(8.0, min(width_mm, available_mm))
    side = (available_mm - width_mm) / 2
    p = _fmt(container.add_paragraph(), after=after, left_mm=side, right_mm=side, keep_with_next=keep_with_next)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = Pt(RULE_LINE_PT)
    _mark_size(p, 1)
    ppr = p._p.get_or_add_pPr()
    pbdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")  # 3/4 pt
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    pbdr.append(bottom)
    # pBdr goes before spacing/ind/jc in the schema's order
    anchor = ppr.find(qn("w:spacing"))
    if anchor is None:
        anchor = ppr.find(qn("w:ind"))
    if anchor is not None:
        anchor.addprevious(pbdr)
    else:
        ppr.append(pbdr)
    return p


# --- tables --------------------------------------------------------------------------------
#: the order of w:tblPr's children in the WordprocessingML schema (Word rejects other orders)
_TBLPR_ORDER = [
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc",
    "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription",
]


def _insert_in_order(tblpr, child) -> None:
    name = child.tag.split("}")[1]
    existing = tblpr.find(child.tag)
    if existing is not None:
        tblpr.remove(existing)
    later = set(_TBLPR_ORDER[_TBLPR_ORDER.index(name) + 1 :])
    for sibling in tblpr:
        if sibling.tag.split("}")[1] in later:
            sibling.addprevious(child)
            return
    tblpr.append(child)


def _table(container, rows: int, widths_mm, *, borders: bool, cell_margin_mm: float = CELL_MARGIN_MM):
    table = container.add_table(rows=rows, cols=len(widths_mm))
    table.autofit = False
    tbl = table._tbl
    tblpr = tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.append(tblw)
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(round(sum(widths_mm) / 25.4 * 1440)))
    borders_el = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        if borders:
            el.set(qn("w:val"), "single")
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        else:
            el.set(qn("w:val"), "nil")
        borders_el.append(el)
    _insert_in_order(tblpr, borders_el)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(round(cell_margin_mm / 25.4 * 1440)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    _insert_in_order(tblpr, margins)
    for i, col in enumerate(table.columns):
        col.width = Mm(widths_mm[i])
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            cell.width = Mm(widths_mm[i])
    return table


def _cell(cell):
    """A cell emptied of its default paragraph, so content starts with our own."""
    for p in list(cell.paragraphs):
        p._p.getparent().remove(p._p)
    return cell


def _row_cant_split(row, *, header: bool = False) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        trpr.append(OxmlElement("w:tblHeader"))


def _ensure_paragraph(cell) -> None:
    if not cell.paragraphs:
        _mark_size(_fmt(cell.add_paragraph()), 6)


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


# --- the parts of a document --------------------------------------------------------------
DRAFT_MARK = "DỰ THẢO"
DRAFT_BOX_MM = 30.0


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


def _runs(paragraph, runs: list[Run], *, size: float, bold=False, italic=False) -> None:
    for r in runs:
        _run(paragraph, r.text, size=size, bold=bold or r.bold, italic=italic or r.italic, underline=r.underline)


def _blocks(doc, blocks, text_w: float) -> float:
    for block in blocks:
        if isinstance(block, Paragraph):
            p = doc.add_paragraph()
            pf = p.paragraph_format
            pf.alignment = ALIGN[block.align]
            if not block.first_line_indent:
                pf.first_line_indent = Cm(0)
            if block.keep_with_next:
                pf.keep_with_next = True
            _runs(p, block.runs, size=block.size or BODY_PT, bold=block.bold, italic=block.italic)
        elif isinstance(block, Heading) and block.centered:
            _line(doc, block.display, bold=True, before=12, after=6, spacing=None, keep_with_next=True)
        elif isinstance(block, Heading):
            p = doc.add_paragraph()
            p.paragraph_format.keep_with_next = True
            italic = block.level >= 3
            _run(p, block.display, bold=not italic, italic=italic)
        elif isinstance(block, ListBlock):
            for i, item in enumerate(block.items):
                p = doc.add_paragraph()
                _run(p, block.marker(i) + " ")
                _runs(p, runs_of(item), size=BODY_PT)
        elif isinstance(block, Table):
            _data_table(doc, block, text_w)
        elif isinstance(block, PageBreak):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(block, SectionBreak):
            section = doc.add_section(WD_SECTION.NEW_PAGE)
            text_w = _page(section, landscape=block.landscape)
            section.different_first_page_header_footer = False
        else:  # pragma: no cover - the model's Block union is closed
            raise TypeError(f"Unknown block {block!r}")
    return text_w


def _data_table(doc, block: Table, text_w: float) -> None:
    """A bordered table: the header row(s) bold and centred, repeated on every page; a
    grouped header's merged cells as w:gridSpan (across) and w:vMerge (down); the total
    rows bold."""
    widths = block.widths_mm or [text_w / len(block.header)] * len(block.header)
    header_rows = block.header_rows
    table = _table(doc, len(header_rows) + len(block.rows), widths, borders=True, cell_margin_mm=1.5)
    for r, cells in enumerate(header_rows):
        _row_cant_split(table.rows[r], header=True)
        for text, col, colspan, rowspan in cells:
            cell = table.cell(r, col)
            if colspan > 1 or rowspan > 1:
                cell = cell.merge(table.cell(r + rowspan - 1, col + colspan - 1))
            cell = _cell(cell)
            _line(cell, text, size=block.size, bold=True, before=3, after=3)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for r in range(len(block.rows)):
        table_row = table.rows[len(header_rows) + r]
        _row_cant_split(table_row)
        bold = block.is_total_row(r)
        for text, col, colspan in block.body_cells(r):
            if block.align:
                align = block.align[col]
            else:
                align = "right" if _is_number(text) else "left"
            if colspan > 1:
                cell = table.cell(len(header_rows) + r, col).merge(table.cell(len(header_rows) + r, col + colspan - 1))
                align = "center" if bold else "left"  # a total's label centred, a group's sub-heading from the left
            else:
                cell = table.cell(len(header_rows) + r, col)
            cell = _cell(cell)
            _line(cell, text, size=block.size, align=align, bold=bold, before=3, after=3)
    # a little air after the table
    _mark_size(_fmt(doc.add_paragraph(), after=6), 6)


def _is_number(text: str) -> bool:
    stripped = text.replace(".", "").replace(",", "").replace("%", "").strip()
    return bool(stripped) and stripped.lstrip("-").isdigit()


def _signature_title(cell, sig: Signature, *, size: float) -> None:
    """The authority lines, the note and the space for the signature and seal."""
    lines = [(line.upper(), {"bold": True}) for line in sig.authority]
    if sig.note:
        lines.append((sig.note, {"italic": True}))
    for i, (text, style) in enumerate(lines):
        _line(cell, text, size=size, keep_with_next=True, before=6 if i == 0 else 0, **style)
    for _ in range(SIGNATURE_SPACE_LINES):
        _mark_size(_fmt(cell.add_paragraph(), keep_with_next=True), size)


def _signature(cell, sig: Signature, *, size: float) -> None:
    _signature_title(cell, sig, size=size)
    _line(cell, sig.signer, size=size, bold=True, after=6)


def _recipients(cell, recipients: Recipients) -> None:
    _line(cell, "Nơi nhận:", size=12, bold=True, italic=True, align="left", before=6, keep_with_next=True)
    lines = recipients.lines
    for i, line in enumerate(lines):
        _line(cell, line, size=11, align="left", keep_with_next=i < len(lines) - 1)


def signature_size(document: Document, cell_mm: float) -> float:
    """The size of the signature blocks: 14 pt side by side, 13 pt in a grid — smaller
    when a unit's name would otherwise break in the middle of a name ("THÀNH PHỐ HẢI /
    PHÒNG") in a narrow grid cell."""
    layout = document.signature_layout()
    size = BODY_PT if layout.columns <= 2 else HEADER_PT
    if layout.columns <= 2:
        return size
    lines = [line.upper() for sig in document.signatures for line in sig.authority]
    return min([fitting_size(line, size, cell_mm, bold=True, smallest=11) for line in lines] or [size])


def _signatures(doc, document: Document, text_w: float) -> None:
    layout = document.signature_layout()
    if layout.rows:
        if layout.columns == 2 and len(layout.rows) == 1:
            scale = text_w / sum(SIGNATURE_COLS_MM)
            widths = [w * scale for w in SIGNATURE_COLS_MM]
        else:
            widths = [text_w / layout.columns] * layout.columns
        size = signature_size(document, widths[0] - 2 * CELL_MARGIN_MM)
        # A row of several signatures becomes two table rows, titles then names, so that the
        # names line up even when one unit's title wraps onto more lines than its neighbours'.
        grid = any(sum(isinstance(c, Signature) for c in cells) > 1 for cells in layout.rows)
        split = [grid and any(isinstance(c, Signature) for c in cells) for cells in layout.rows]
        table = _table(doc, len(layout.rows) + sum(split), widths, borders=False)
        r = 0
        for cells, two_rows in zip(layout.rows, split, strict=True):
            row = table.rows[r]
            names = table.rows[r + 1] if two_rows else None
            _row_cant_split(row)
            for i, content in enumerate(cells):
                cell = _cell(row.cells[i])
                if isinstance(content, Signature) and names is not None:
                    _signature_title(cell, content, size=size)
                    name_cell = _cell(names.cells[i])
                    _line(name_cell, content.signer, size=size, bold=True, after=6)
                elif isinstance(content, Signature):
                    _signature(cell, content, size=size)
                elif isinstance(content, Recipients):
                    _recipients(cell, content)
                _ensure_paragraph(cell)
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
            if names is not None:
                _row_cant_split(names)
                for i, cell in enumerate(names.cells):
                    if i >= len(cells):  # a short last row: its spare cells still need a paragraph
                        _cell(cell)
                    _ensure_paragraph(cell)
                    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
            r += 2 if two_rows else 1
    if layout.recipients_below is not None:
        table = _table(doc, 1, [text_w / 2, text_w / 2], borders=False)
        _row_cant_split(table.rows[0])
        _recipients(_cell(table.cell(0, 0)), layout.recipients_below)
        _ensure_paragraph(_cell(table.cell(0, 1)))


def _end(doc) -> None:
    """Word needs a paragraph after a final table; keep it 1 pt high so that it never
    pushes the signatures onto a page of their own."""
    last = doc.element.body[-2] if len(doc.element.body) > 1 else None
    if last is not None and last.tag == qn("w:tbl"):
        p = _fmt(doc.add_paragraph(), spacing=None)
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        p.paragraph_format.line_spacing = Pt(1)
        _mark_size(p, 1)


def _properties(doc, document: Document) -> None:
    props = doc.core_properties
    props.title = f"{document.type_title or 'Công văn'} {document.number}: {document.subject}"[:250]
    props.author = document.issuer.name[:250]
    props.last_modified_by = "ThiDua"
    props.comments = ""
    props.language = "vi-VN"
    # python-docx's template carries the thumbnail of an empty page; file browsers would
    # show it as this document's preview.
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            package.rels.pop(rid)


def build_docx(document: Document):
    """The python-docx `Document` object (for callers that want to add to it)."""
    doc = new_docx()
    _style_fonts(doc)
    section = doc.sections[0]
    text_w = _page(section, landscape=document.landscape)
    _page_numbers(section)
    if document.is_draft:
        _draft_mark(section, text_w)
    _header(doc, document)
    _title(doc, document, text_w)
    text_w = _blocks(doc, document.body, text_w)
    _signatures(doc, document, text_w)
    _blocks(doc, document.annex, text_w)
    _end(doc)
    _properties(doc, document)
    return doc


def render_docx(document: Document) -> bytes:
    buffer = io.BytesIO()
    build_docx(document).save(buffer)
    return buffer.getvalue()


def docx_download(document: Document, filename):
    """A document as a private .docx download (pages and API alike): never cached; name it
    with core.http.export_name (a FileName)."""
    from thidua.core.http import DOCX, download

    return download(render_docx(document), filename, DOCX)

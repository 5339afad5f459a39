"""The low-level python-docx and WordprocessingML helpers: fonts in all four slots, runs,
paragraph formatting, rules drawn as borders, borderless tables and rows that do not split.
Kept apart from the parts of a document so that the layout modules read as layout and
the XML fiddling (element order, theme fonts) lives in one place."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from lxml import etree

from .measures import ALIGN, BODY_PT, CELL_MARGIN_MM, FIRST_LINE_INDENT, FONT, LINE_SPACING, RULE_LINE_PT, SPACE_AFTER


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

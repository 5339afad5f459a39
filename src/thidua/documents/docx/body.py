"""The body of a document: its content blocks (paragraphs, headings, lists, data tables,
page and section breaks) in order; the free-form part, apart from the fixed head
(page.py) and the signatures (signatures.py)."""

from __future__ import annotations

from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.shared import Cm

from ..document import Heading, ListBlock, PageBreak, Paragraph, Run, SectionBreak, Table, runs_of
from .measures import ALIGN, BODY_PT
from .ooxml import _cell, _fmt, _line, _mark_size, _row_cant_split, _run, _table
from .page import _page


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
                _run(p, block.lead(i))
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

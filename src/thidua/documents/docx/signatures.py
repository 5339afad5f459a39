"""The signature blocks and the recipients list, in a borderless table whose rows cannot
split, so that a signature never leaves its title behind; `signature_size` is shared
with the HTML preview so that both renderers shrink long titles alike."""

from __future__ import annotations

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml.ns import qn

from ..document import Document, Recipients, Signature
from ..metrics import fitting_size
from .measures import BODY_PT, CELL_MARGIN_MM, HEADER_PT, SIGNATURE_COLS_MM, SIGNATURE_SPACE_LINES
from .ooxml import _cell, _ensure_paragraph, _fmt, _line, _mark_size, _row_cant_split, _table


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


def _keep_last_paragraph_with_next(doc) -> None:
    """The signatures never begin a page on their own: the body's closing paragraph goes
    over with them (the PDF's `break-before: avoid` on the signature table)."""
    last = next((el for el in reversed(doc.element.body) if el.tag != qn("w:sectPr")), None)
    if last is not None and last.tag == qn("w:p"):
        doc.paragraphs[-1].paragraph_format.keep_with_next = True


def _signatures(doc, document: Document, text_w: float) -> None:
    layout = document.signature_layout()
    if layout.rows or layout.recipients_below is not None:
        _keep_last_paragraph_with_next(doc)
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

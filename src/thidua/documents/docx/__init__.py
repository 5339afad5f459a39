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

The package, by subject: `measures` (the page's sizes, shared with the HTML preview),
`ooxml` (python-docx and XML helpers), `page` (page setup and the document's head),
`body` (the content blocks), `signatures` (signatures and recipients); this module
assembles them. `build_docx`, `render_docx` and `docx_download` are the public names.
"""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from ..document import Document
from ..rendered import rendered
from .body import _blocks
from .ooxml import _fmt, _mark_size, _style_fonts
from .page import _draft_mark, _header, _page, _page_numbers, _title
from .signatures import _signatures


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


def _docx_bytes(document: Document) -> bytes:
    buffer = io.BytesIO()
    build_docx(document).save(buffer)
    return buffer.getvalue()


def render_docx(document: Document) -> bytes:
    return rendered("docx", document, _docx_bytes)


def docx_download(document: Document, filename):
    """A document as a private .docx download (pages and API alike): never cached; name it
    with core.http.export_name (a FileName)."""
    from thidua.core.http import DOCX, download

    return download(render_docx(document), filename, DOCX)

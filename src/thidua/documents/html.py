"""Render a `Document` to an HTML preview: A4-like pages with the same structure as the
.docx (header table, type line and subject, body, signatures and recipients, annex), in
Times New Roman. The page is self-contained (inline CSS, no scripts) so that a PDF
renderer can take it as it is; the @page rules give it the Decree's margins and the page
numbers (from page 2, centred in the top margin).

Every piece of text goes through the template's auto-escaping: nothing a user types can
become markup."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.template.loader import render_to_string

from .document import (
    Block,
    Document,
    Heading,
    ListBlock,
    PageBreak,
    Paragraph,
    Recipients,
    SectionBreak,
    Signature,
    Table,
    runs_of,
)
from .docx import measures as layout
from .docx.body import _is_number
from .docx.signatures import signature_size
from .metrics import fitting_size, text_width_mm

TEMPLATE = "documents/document.html"


@dataclass
class _Page:
    landscape: bool
    blocks: list[dict] = field(default_factory=list)
    #: the annex's blocks that follow the signatures on the same page (a note such as
    #: "Các đơn vị đã ký giao ước trên ThiDua: …"), as in the .docx
    after_signatures: list[dict] = field(default_factory=list)


def _runs(content, *, bold=False, italic=False) -> list[dict]:
    return [
        {"text": r.text, "bold": bold or r.bold, "italic": italic or r.italic, "underline": r.underline}
        for r in runs_of(content)
    ]


def _block(block: Block) -> dict:
    if isinstance(block, Paragraph):
        return {
            "kind": "paragraph",
            "runs": _runs(block.content, bold=block.bold, italic=block.italic),
            "align": block.align,
            "indent": block.first_line_indent,
            "size": block.size,
            "keep": block.keep_with_next,
        }
    if isinstance(block, Heading):
        return {"kind": "heading", "text": block.display, "level": block.level, "centered": block.centered,
                "lines": block.display.split("\n")}
    if isinstance(block, ListBlock):
        return {"kind": "list", "items": [{"marker": block.lead(i), "runs": _runs(item)} for i, item in enumerate(block.items)]}
    if isinstance(block, Table):
        widths = block.widths_mm or [None] * len(block.header)
        aligns = block.align or [None] * len(block.header)

        def align(text: str, col: int, span: int, total: bool) -> str:
            if span > 1:
                return "center" if total else "left"
            return aligns[col] or ("right" if _is_number(text) else "left")

        rows = [
            {
                "total": block.is_total_row(r),
                "cells": [
                    {"text": text, "span": span, "align": align(text, col, span, block.is_total_row(r))}
                    for text, col, span in block.body_cells(r)
                ],
            }
            for r in range(len(block.rows))
        ]
        header_rows = [
            [{"text": text, "colspan": colspan, "rowspan": rowspan} for text, _col, colspan, rowspan in cells]
            for cells in block.header_rows
        ]
        return {"kind": "table", "widths": widths, "header_rows": header_rows, "rows": rows, "size": block.size}
    raise TypeError(f"Unknown block {block!r}")  # pragma: no cover


def _pages(document: Document) -> tuple[list[_Page], int]:
    """Split body and annex into pages at section and page breaks. Returns the pages and
    the index of the page that ends the body (where the signatures go)."""
    pages = [_Page(landscape=document.landscape)]
    signature_page = 0
    for part, blocks in (("body", document.body), ("annex", document.annex)):
        # an annex that does not start on a new page follows the signatures on their page
        after = part == "annex"
        for block in blocks:
            if isinstance(block, SectionBreak):
                pages.append(_Page(landscape=block.landscape))
                after = False
            elif isinstance(block, PageBreak):
                pages.append(_Page(landscape=pages[-1].landscape))
                after = False
            elif after:
                pages[-1].after_signatures.append(_block(block))
            else:
                pages[-1].blocks.append(_block(block))
        if part == "body":
            signature_page = len(pages) - 1
    return pages, signature_page


#: the id of the space left for the issuer's signature and seal: where a digital
#: signature's visible stamp is placed (`signing.signature_box`)
SIGN_HERE_ID = "nd30-sign-here"


def _cell(content, sign_here: Signature | None = None) -> dict | None:
    if isinstance(content, Signature):
        return {
            "kind": "signature",
            "authority": [line.upper() for line in content.authority],
            "note": content.note,
            "signer": content.signer,
            "sign_here": content is sign_here,
        }
    if isinstance(content, Recipients):
        return {"kind": "recipients", "lines": content.lines}
    return None


def document_context(document: Document) -> dict:
    pages, signature_page = _pages(document)
    sig_layout = document.signature_layout()
    index = document.issuer_signature_index
    sign_here = document.signatures[index] if index is not None else None
    issuer = document.issuer
    body_name = issuer.issuing_body.upper()
    text_w = layout.TEXT_W_LANDSCAPE_MM if document.landscape else layout.TEXT_W_PORTRAIT_MM
    widest = max(text_width_mm(part, layout.HEADER_PT, bold=True) for part in body_name.split("\n"))
    return {
        "doc": document,
        # each with the size at which it fits on one line of the header column (never broken mid-name)
        "parent_authority_lines": [
            {"text": part, "size": fitting_size(part, layout.HEADER_PT, layout.HEADER_COLS_MM[0] - 2 * layout.CELL_MARGIN_MM)}
            for part in issuer.parent_authority.upper().split("\n")
        ] if issuer.parent_authority.strip() else [],
        "issuing_body_lines": body_name.split("\n"),
        "body_rule_mm": round(0.4 * widest, 1),
        # HTML collapses the blank left for the clerk ("Số:      /KH-SNgV"): keep its width
        "number_line": document.number.line.replace(" " * 6, "\u00a0" * 10),
        "vv_line": document.vv_line,
        "date_line": document.date_line,
        "type_title": document.type_title,
        "subject": "" if document.is_letter else document.subject,
        "addressees": document.addressees,
        "addressee_lines": [name if name.startswith("- ") else f"- {name}" for name in document.addressees],
        "subject_rule_mm": round(0.4 * min(text_width_mm(document.subject, layout.BODY_PT, bold=True), text_w), 1),
        "pages": pages,
        "signature_page": signature_page,
        "signature_rows": [[_cell(c, sign_here) for c in row] for row in sig_layout.rows],
        "signature_columns": sig_layout.columns,
        "signature_size": signature_size(document, text_w / sig_layout.columns - 2 * layout.CELL_MARGIN_MM),
        "signature_side_by_side": sig_layout.columns == 2 and len(sig_layout.rows) == 1,
        "recipients_below": _cell(sig_layout.recipients_below),
        "draft": document.is_draft,
        "draft_mark": layout.DRAFT_MARK,
        "sign_here_id": SIGN_HERE_ID,
        "title": f"{document.type_title or 'Công văn'} {document.number}",
        "margins": {
            "top": layout.MARGIN_TOP_MM,
            "bottom": layout.MARGIN_BOTTOM_MM,
            "left": layout.MARGIN_LEFT_MM,
            "right": layout.MARGIN_RIGHT_MM,
        },
    }


def render_html(document: Document) -> str:
    return render_to_string(TEMPLATE, document_context(document))


def preview_response(document: Document):
    """A document's HTML preview page (pages of every app): private, never cached, under
    the self-contained page's policy (its own inline styles, no script)."""
    from django.http import HttpResponse

    from thidua.core.csp import self_contained_page

    @self_contained_page
    def respond(document):
        response = HttpResponse(render_html(document))
        response["Cache-Control"] = "private, no-store"
        return response

    return respond(document)

"""Helpers shared by the voting tests (and tests/demo)."""

import io

import docx

from thidua.documents.docx import render_docx


def text_of(document) -> str:
    """A .docx document's text as Word reads it: its paragraphs, then its tables' cells."""
    doc = docx.Document(io.BytesIO(render_docx(document)))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)

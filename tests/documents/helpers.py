"""Reading a .docx as Word does (python-docx): shared by tests/documents/test_doctypes.py and
tests/demo/test_document_types.py."""

import io

import docx

from thidua.documents.document import Document
from thidua.documents.docx import render_docx

TNR = "Times New Roman"


def _open(document: Document):
    return docx.Document(io.BytesIO(render_docx(document)))


def _texts(container) -> list[str]:
    return [p.text for p in container.paragraphs]


def _all_runs(doc) -> list:
    runs = [r for p in doc.paragraphs for r in p.runs if r.text]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                runs += [r for p in cell.paragraphs for r in p.runs if r.text]
    return runs


def _para(doc, start: str):
    matches = [p for p in doc.paragraphs if p.text.startswith(start)]
    assert matches, f"no paragraph starting {start!r} in {[p.text for p in doc.paragraphs][:40]}"
    return matches[0]

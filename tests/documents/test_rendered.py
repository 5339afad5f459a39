"""Rendered files are remembered by the document's content (documents/rendered.py): the
same document is rendered once per process, a changed one again, and PDF and .docx never
answer for each other."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.cache import caches

from thidua.documents.document.blocks import Paragraph
from thidua.documents.docx import render_docx
from thidua.documents.pdf import render_pdf
from thidua.documents.rendered import rendered
from thidua.documents.samples import plan_91_kh_ctd


@pytest.fixture(autouse=True)
def empty_cache():
    caches["documents"].clear()
    yield
    caches["documents"].clear()


def counting():
    calls = []

    def render(document):
        calls.append(document)
        return f"{len(calls)}:{document.subject}".encode()

    return render, calls


def test_an_equal_document_is_rendered_once():
    render, calls = counting()
    first = rendered("pdf", plan_91_kh_ctd(), render)
    again = rendered("pdf", plan_91_kh_ctd(), render)  # built anew, equal in every field
    assert again == first
    assert len(calls) == 1


def test_any_changed_field_renders_again():
    render, calls = counting()
    base = plan_91_kh_ctd()
    rendered("pdf", base, render)
    changed_body = dataclasses.replace(base, body=[*base.body, Paragraph("Một đoạn thêm.")])
    changed_signer = plan_91_kh_ctd()
    changed_signer.signatures[0].signer = "Người ký khác"
    for document in (changed_body, changed_signer, dataclasses.replace(base, landscape=True)):
        rendered("pdf", document, render)
    assert len(calls) == 4


def test_the_formats_do_not_answer_for_each_other():
    render, calls = counting()
    rendered("pdf", plan_91_kh_ctd(), render)
    rendered("docx", plan_91_kh_ctd(), render)
    assert len(calls) == 2


def test_real_files_change_with_their_document():
    base = plan_91_kh_ctd()
    pdf, docx = render_pdf(base), render_docx(base)
    assert pdf.startswith(b"%PDF") and docx.startswith(b"PK")
    assert render_pdf(plan_91_kh_ctd()) == pdf
    other = dataclasses.replace(base, subject=base.subject + " (sửa đổi)")
    assert render_pdf(other) != pdf
    assert render_docx(other) != docx

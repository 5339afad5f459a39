"""Every document of the year names one issuer (documents.document.Issuer, cycle.issuer):
its header (parent body and own name), the symbol of its number, the "TM." line of its
signature and the place of its date line all come from the same body — by default the
leader unit on behalf of the cluster. Opened with python-docx as Word reads them, and as
the HTML preview (the PDF's source). The demo's cluster II in 2017 is the case the review
found: Hải Phòng's Sở Ngoại vụ leads, the conference is held in Thái Nguyên."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest

from thidua.cycle.documents import covenant_document
from thidua.documents.docx import render_docx
from thidua.documents.html import render_html
from thidua.org.models import ClusterYear, Membership, Role, User
from thidua.voting import documents, services
from thidua.voting.models import Poll

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


@pytest.fixture
def cy(demo_loaded) -> ClusterYear:
    return ClusterYear.objects.get(cluster__number="II", year=2017)


@pytest.fixture
def leader(cy):
    return Membership.objects.select_related("unit__province").get(cluster_year=cy, role=Role.LEADER).unit


def opened(document):
    return docx.Document(io.BytesIO(render_docx(document)))


def texts(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


def header(doc) -> dict[str, list[str]]:
    table = doc.tables[0]
    return {"left": texts(table.cell(0, 0)), "number": texts(table.cell(1, 0)), "date": texts(table.cell(1, 1))}


def signature_lines(doc) -> list[str]:
    return [line for table in doc.tables[-1:] for row in table.rows for cell in row.cells for line in texts(cell)]


def all_documents(cy):
    poll = Poll.objects.filter(cluster_year=cy, kind="flag").first()
    return {
        "invitation": documents.invitation_document(cy),
        "conference minutes": documents.conference_minutes_document(cy),
        "counting minutes": documents.counting_minutes_document(poll),
        "covenant": covenant_document(cy),
    }


def test_every_document_names_one_issuer(cy, leader):
    assert leader.name == "Sở Ngoại vụ thành phố Hải Phòng" and leader.symbol
    for name, document in all_documents(cy).items():
        doc = opened(document)
        head = header(doc)
        # the header names one body: the leader unit under its parent body — never the
        # Ministry above the cluster as though it issued the document
        assert head["left"] == ["UBND THÀNH PHỐ HẢI PHÒNG", "SỞ NGOẠI VỤ"], name
        # the symbol of the number is that body's
        assert head["number"][0].endswith(f"/{document.number.type_code}-{leader.symbol}"), (name, head["number"])
        assert document.issuer.unit_id == leader.pk  # its register
        lines = signature_lines(doc)
        # the signature's authority line is that body's (acting for the cluster), wherever a "TM." line is printed
        tm = [line for line in lines if line.startswith("TM.")]
        assert tm in ([], ["TM. CỤM THI ĐUA SỐ II"]), (name, tm)
        if name == "invitation":
            assert tm == ["TM. CỤM THI ĐUA SỐ II"] and "CỤM TRƯỞNG" in lines
        assert all(f"Lưu: VT, {leader.symbol}" not in line for line in lines), name  # the archive never names the issuer


def test_the_place_is_the_issuers_seat_except_for_minutes(cy):
    docs = all_documents(cy)
    # the invitation and the covenant: Hải Phòng, the issuer's seat — not Thái Nguyên, where the conference is held
    assert header(opened(docs["invitation"]))["date"][0].startswith("Hải Phòng, ")
    assert header(opened(docs["covenant"]))["date"][0].startswith("Hải Phòng, ")
    # minutes take the place where the meeting was held
    assert header(opened(docs["conference minutes"]))["date"][0].startswith("Thái Nguyên, ")
    assert header(opened(docs["counting minutes"]))["date"][0].startswith("Thái Nguyên, ")


def test_a_draft_is_not_dated_today_and_a_numbered_document_carries_its_date(cy, leader):
    invitation = documents.invitation_document(cy)
    head = header(opened(invitation))
    # a 2017 invitation printed today must not carry today's date: the day is the clerk's
    assert head["number"] == [f"Số:       /GM-{leader.symbol}"]
    assert head["date"] == ["Hải Phòng, ngày … tháng … năm …"]
    html = render_html(invitation)
    assert "Hải Phòng, ngày … tháng … năm …" in html and str(dt.date.today().year) not in html.split("</table>")[0]
    officer = User.objects.get(username="haiphong.canbo")
    services.conference_document_issue(actor=officer, cluster_year=cy, kind="invitation", date=dt.date(2017, 11, 20), number=91)
    numbered = documents.invitation_document(cy)
    head = header(opened(numbered))
    assert head["number"] == [f"Số: 91/GM-{leader.symbol}"]  # the number the văn thư gave
    assert head["date"] == ["Hải Phòng, ngày 20 tháng 11 năm 2017"]
    assert "Hải Phòng, ngày 20 tháng 11 năm 2017" in render_html(numbered)


def test_the_parent_body_line_is_never_broken_mid_name(cy):
    document = documents.invitation_document(cy)
    doc = opened(document)
    first = doc.tables[0].cell(0, 0).paragraphs[0]
    assert first.text == "UBND THÀNH PHỐ HẢI PHÒNG"
    # set smaller than the 13 pt header so that it fits the 62 mm column on one line
    sizes = {run.font.size.pt for run in first.runs}
    assert sizes and max(sizes) < 13
    html = render_html(document)
    assert 'class="nd30-parent" style="font-size: ' in html and ".nd30-parent { white-space: nowrap; }" in html


def test_the_committee_head_signs_on_the_right(cy):
    poll = Poll.objects.filter(cluster_year=cy, kind="flag").first()
    doc = opened(documents.counting_minutes_document(poll))
    grid = doc.tables[-1]  # the signatures, after the header and the result table
    assert "TRƯỞNG BAN KIỂM PHIẾU" in grid.cell(0, 1).text and "TRƯỞNG BAN KIỂM PHIẾU" not in grid.cell(0, 0).text


def test_a_long_unit_name_is_not_broken_in_the_covenants_grid(cy):
    from thidua.documents.docx.signatures import signature_size

    document = covenant_document(cy)  # ten members: a grid of three columns
    assert document.grid_columns == 3
    # "THÀNH PHỐ HẢI PHÒNG" does not fit a third of the text width at 13 pt bold
    assert signature_size(document, 165 / 3 - 2) < 13
    assert 'class="nd30-signatures nd30-grid-3" role="presentation" style="font-size: ' in render_html(document)

"""Every document a page offers as .docx is offered as PDF (and as an HTML preview) through
the same permission checks, privately; drafts carry "DỰ THẢO" and issued documents do not;
the PDF's body font has Times metrics and Vietnamese glyphs (fonts-liberation2)."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess

import docx
import pytest
from django.urls import reverse

from tests.cycle.conftest import covenant_phase, set_phase
from tests.cycle.test_documents import sign_all
from tests.voting.conftest import build_electorate
from thidua.core.http import ascii_slug, export_name
from thidua.cycle import services as cycle_services
from thidua.documents.document import DocumentNumber
from thidua.documents.docx import render_docx
from thidua.documents.html import render_html
from thidua.documents.pdf import pdf_filename, render_pdf
from thidua.documents.samples import plan_91_kh_ctd
from thidua.org.models import Phase
from thidua.voting import services as voting_services

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")

PDF = "application/pdf"
#: fonts with Times New Roman's metrics (Liberation Serif is metric-compatible with it)
TIMES_METRIC = ("TimesNewRoman", "Times-New-Roman", "LiberationSerif", "Liberation-Serif", "Tinos")


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def embedded_fonts(data: bytes) -> list[str]:
    """The fonts a PDF embeds, without the subset prefix ("ABCDEF+Liberation-Serif-Bold")."""
    out = subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return [line.split()[0].split("+", 1)[-1] for line in out.splitlines()[2:] if line.strip()]


def draft_plan():
    document = plan_91_kh_ctd()
    document.number = DocumentNumber(None, "KH", "CTĐ")
    return document


# --- the engine ------------------------------------------------------------------------------------
@pytest.mark.skipif(not shutil.which("pdffonts"), reason="pdffonts (poppler-utils) is not installed")
def test_every_font_of_the_pdf_has_times_metrics_and_vietnamese_glyphs():
    # A Times-metric font without the Vietnamese letters (fonts-liberation 1.07) would leave
    # ạ, ế, ộ, ư… to DejaVu: a second family in the list.
    fonts = embedded_fonts(render_pdf(plan_91_kh_ctd(with_annex=True)))
    assert fonts, "the PDF embeds no font"
    assert all(name.replace(" ", "").startswith(TIMES_METRIC) for name in fonts), fonts


def test_a_draft_is_marked_in_pdf_html_and_docx_and_an_issued_document_is_not():
    draft, issued = draft_plan(), plan_91_kh_ctd()
    assert draft.is_draft and not issued.is_draft
    assert "DỰ THẢO" in pdf_text(render_pdf(draft))
    assert "DỰ THẢO" not in pdf_text(render_pdf(issued))
    assert 'class="nd30-draft">DỰ THẢO<' in render_html(draft)
    assert "DỰ THẢO" not in render_html(issued)

    def first_page_header(document) -> str:
        section = docx.Document(io.BytesIO(render_docx(document))).sections[0]
        return "\n".join(p.text for p in section.first_page_header.paragraphs)

    assert first_page_header(draft) == "DỰ THẢO"
    assert "DỰ THẢO" not in first_page_header(issued)
    # A document can also be said to be a draft although it has a number.
    issued.draft = True
    assert "DỰ THẢO" in pdf_text(render_pdf(issued))


def test_the_draft_keeps_blanks_for_the_clerk():
    text = pdf_text(render_pdf(draft_plan()))
    assert re.search(r"Số:\s+/KH-CTĐ", text)


def test_pages_break_cleanly():
    html = render_html(plan_91_kh_ctd(with_annex=True))
    # headings never end a page; table header rows repeat; signature rows stay whole
    assert ".nd30-heading, .nd30-p.keep, .nd30-type, .nd30-subject, .nd30-subject-rule { break-after: avoid; }" in html
    assert "table.nd30-table thead { display: table-header-group; }" in html
    assert "table.nd30-signatures tr, .nd30-signature, .nd30-recipients { break-inside: avoid; }" in html
    assert 'id="nd30-sign-here"' in html  # where a digital signature's stamp goes


def test_pdf_filename():
    assert pdf_filename("ke-hoach-cum-1-2026.docx") == "ke-hoach-cum-1-2026.pdf"
    named = pdf_filename(export_name("Cụm thi đua số 1", 2026, "Kế hoạch", ext="docx"))
    assert (named.ascii, named.readable) == ("Cum-thi-dua-so-1_2026_Ke-hoach.pdf", "Cụm thi đua số 1_2026_Kế hoạch.pdf")


# --- the pages -------------------------------------------------------------------------------------
def assert_private_pdf(response, filename: str) -> str:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == PDF
    assert response["Cache-Control"] == "private, no-store"
    assert f'filename="{filename}"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    return pdf_text(response.content)


class TestCyclePages:
    def test_covenant_pdf_a_draft_until_numbered(self, world, client_for):
        covenant_phase(world)
        client = client_for(world.member_officer)
        url = reverse("cycle_covenant_pdf", args=[world.cluster.pk, 2026])
        text = assert_private_pdf(client.get(url), "Cum-thi-dua-so-1_2026_Giao-uoc-thi-dua.pdf")
        assert "GIAO ƯỚC THI ĐUA" in text and "DỰ THẢO" in text and re.search(r"Số:\s+/", text)
        sign_all(world)
        cycle_services.covenant_number_issue(actor=world.leader_officer, cluster_year=world.cluster_year, date=dt.date(2026, 2, 5))
        text = assert_private_pdf(client.get(url), "Cum-thi-dua-so-1_2026_Giao-uoc-thi-dua.pdf")
        assert f"Số: 01/GƯTĐ-{world.leader_unit.symbol}" in text and "DỰ THẢO" not in text
        page = client.get(reverse("cycle_covenant", args=[world.cluster.pk, 2026])).content.decode()
        assert url in page
        # the API offers it next to the .docx
        api = client.get(f"/api/v1/clusters/{world.cluster.pk}/years/2026/covenant.pdf")
        assert f"Số: 01/GƯTĐ-{world.leader_unit.symbol}" in assert_private_pdf(api, "Cum-thi-dua-so-1_2026_Giao-uoc-thi-dua.pdf")

    def test_plan_pdf_and_page_link(self, world, client_for):
        set_phase(world, Phase.IN_PROGRESS)
        client = client_for(world.member_officer)
        url = reverse("cycle_plan_pdf", args=[world.cluster.pk, 2026])
        assert client.get(url).status_code == 404  # no plan yet
        cycle_services.conference_plan_issue(actor=world.leader_head, cluster_year=world.cluster_year, date=dt.date(2026, 11, 23))
        text = assert_private_pdf(client.get(url), "Cum-thi-dua-so-1_2026_Ke-hoach-to-chuc-Hoi-nghi-tong-ket.pdf")
        assert "KẾ HOẠCH" in text and f"Số: 01/KH-{world.leader_unit.symbol}" in text and "DỰ THẢO" not in text
        assert url in client.get(reverse("cycle_plan", args=[world.cluster.pk, 2026])).content.decode()

    @pytest.mark.parametrize("name", ["cycle_covenant_pdf", "cycle_plan_pdf"])
    def test_outsiders_get_nothing(self, world, client_for, name):
        covenant_phase(world)
        url = reverse(name, args=[world.cluster.pk, 2026])
        assert client_for(world.outside_officer).get(url).status_code == 404
        assert client_for(world.other_organizer_officer).get(url).status_code == 404
        response = client_for(None).get(url)
        assert response.status_code == 302 and "%PDF" not in response.content.decode(errors="ignore")


@pytest.fixture
def conference_year(db):
    """A conference with ten units checked in and a closed poll."""
    e = build_electorate(10)
    e.check_in()
    poll = e.poll(candidates=e.units[:4], method="approval", max_choices=2, seats=2, kind="merit", title="Bằng khen")
    for i in range(6):
        e.cast(poll, i, choices=[e.units[i % 3].pk])
    e.poll_closed = e.close(poll)
    return e


class TestVotingPages:
    def args(self, e):
        return [e.cluster.pk, e.cluster_year.year]

    def test_invitation_and_minutes_pdf_and_preview(self, conference_year, client_for):
        e = conference_year
        client = client_for(e.officers[4])
        for name, type_line, code in (("voting_invitation", "GIẤY MỜI", "GM"), ("voting_minutes", "BIÊN BẢN", "BB")):
            pdf_url = reverse(f"{name}_pdf", args=self.args(e))
            expected = f"Cum-thi-dua-so-7_2026_{'Giay-moi' if code == 'GM' else 'Bien-ban'}-Hoi-nghi-tong-ket.pdf"
            text = assert_private_pdf(client.get(pdf_url), expected)
            assert type_line in text and re.search(rf"Số:\s+/{code}-", text) and "DỰ THẢO" in text
            preview = client.get(reverse(f"{name}_preview", args=self.args(e)))
            assert preview.status_code == 200 and preview["Cache-Control"] == "private, no-store"
            assert "script-src 'none'" in preview["Content-Security-Policy"]
            assert type_line in preview.content.decode()
        page = client.get(reverse("voting_conference_documents", args=self.args(e))).content.decode()
        for name in ("voting_invitation_pdf", "voting_invitation_preview", "voting_minutes_pdf", "voting_minutes_preview"):
            assert reverse(name, args=self.args(e)) in page

    def test_numbered_invitation_is_not_a_draft(self, conference_year, client_for):
        e = conference_year
        conference = voting_services.conference_document_issue(actor=e.leader_officer, cluster_year=e.cluster_year, kind="invitation")
        text = pdf_text(client_for(e.officers[3]).get(reverse("voting_invitation_pdf", args=self.args(e))).content)
        assert f"Số: {conference.invitation.document_number}" in text and "DỰ THẢO" not in text

    def test_counting_minutes_pdf_and_preview(self, conference_year, client_for):
        e = conference_year
        poll = e.poll_closed
        client = client_for(e.officers[5])
        response = client.get(reverse("voting_counting_pdf", args=[poll.pk]))
        text = assert_private_pdf(response, f"Cum-thi-dua-so-7_2026_Bien-ban-kiem-phieu_{ascii_slug(poll.title)}.pdf")
        assert "BIÊN BẢN KIỂM PHIẾU" in text and re.search(r"Số:\s+/BB-", text)
        preview = client.get(reverse("voting_counting_preview", args=[poll.pk]))
        assert preview.status_code == 200 and "BIÊN BẢN KIỂM PHIẾU" in preview.content.decode()
        page = client.get(reverse("voting_poll", args=[poll.pk])).content.decode()
        assert reverse("voting_counting_pdf", args=[poll.pk]) in page

    def test_counting_minutes_of_an_open_poll_are_refused(self, conference_year, client_for):
        e = conference_year
        poll = e.poll(title="Biểu quyết còn mở")
        for name in ("voting_counting_pdf", "voting_counting_preview"):
            response = client_for(e.officers[1]).get(reverse(name, args=[poll.pk]))
            assert response.status_code == 409 and not response.content.startswith(b"%PDF")

    def test_outsiders_get_nothing(self, conference_year, client_for, world):
        e = conference_year
        for name in ("voting_invitation_pdf", "voting_invitation_preview", "voting_minutes_pdf", "voting_minutes_preview"):
            assert client_for(world.leader_officer).get(reverse(name, args=self.args(e))).status_code == 404
        for name in ("voting_counting_pdf", "voting_counting_preview"):
            assert client_for(world.leader_officer).get(reverse(name, args=[e.poll_closed.pk])).status_code == 404

"""The year's further document types (cycle.documents_more, voting.documents_more,
scoring.documents_annex) on the demo's Cụm thi đua số II 2017 (the engine's own tests:
tests/documents/test_doctypes.py). Every type is opened with python-docx and checked for the
Decree 30 rules as test_docx.py does for the first ones, then for its own parts; its PDF's
text carries its type line; its pages are served to the year's members and to nobody else."""

from __future__ import annotations

import io
import re
import subprocess

import docx
import pytest
from django.urls import reverse
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH

from tests.documents.helpers import TNR, _all_runs, _open, _para, _texts
from thidua.cycle import documents_more as cycle_docs
from thidua.cycle.selectors import members_of
from thidua.documents.document import Document
from thidua.documents.pdf import render_pdf
from thidua.org.models import ClusterYear, Role, User
from thidua.scoring import documents_annex
from thidua.voting import documents_more as voting_docs

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


# --- the year's types, on the demo's Cụm thi đua số II 2017 -------------------------------------------------
@pytest.fixture(scope="module")
def year(demo_loaded):
    return ClusterYear.objects.select_related("cluster__organizer").get(cluster__number="II", year=2017)


def _leader(cy):
    return next(m.unit for m in members_of(cy) if m.role == Role.LEADER)


# (slug, builder, type line, type code in the number, has recipients)
TYPES = [
    ("ke-hoach-phat-dong", "KẾ HOẠCH", "KH", True),
    ("quy-che", "QUY CHẾ", "QC", True),
    ("chuong-trinh", "CHƯƠNG TRÌNH", "CTr", True),
    ("cong-van-gop-y", "", "", True),
    ("bao-cao-tong-ket", "BÁO CÁO", "BC", True),
    ("giay-uy-quyen", "GIẤY ỦY QUYỀN", "GUQ", True),
    ("thong-bao-ket-qua", "THÔNG BÁO", "TB", True),
    ("to-trinh", "TỜ TRÌNH", "TTr", True),
    ("danh-sach", "DANH SÁCH", "TTr", False),
    ("bao-cao-thanh-tich", "BÁO CÁO THÀNH TÍCH", "BC", False),
    ("quyet-dinh", "QUYẾT ĐỊNH", "QĐ", True),
    ("phu-luc", "PHỤ LỤC", "BC", False),
]


def build(cy, slug: str) -> Document:
    if slug == "phu-luc":
        return documents_annex.ranking_annex_document(cy)
    if slug in cycle_docs.DOCUMENTS:
        return cycle_docs.DOCUMENTS[slug].build(cy)
    spec = voting_docs.DOCUMENTS[slug]
    if spec.per_unit:
        return spec.build(cy, voting_docs.unit_choices(cy, spec.per_unit)[0])
    return spec.build(cy)


@pytest.mark.django_db
@pytest.mark.parametrize("slug, type_line, code, has_recipients", TYPES)
def test_every_type_follows_decree_30(year, slug, type_line, code, has_recipients):
    document = build(year, slug)
    doc = _open(document)
    section = doc.sections[0]
    landscape = slug == "phu-luc"
    assert section.orientation == (WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT)
    width, height = (297, 210) if landscape else (210, 297)
    assert section.page_width.mm == pytest.approx(width, abs=0.05) and section.page_height.mm == pytest.approx(height, abs=0.05)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)] == [20, 20, 30, 15]
    # fonts: Times New Roman everywhere (11–12 pt only in the recipients and tables)
    assert doc.styles["Normal"].font.name == TNR and doc.styles["Normal"].font.size.pt == 14
    runs = _all_runs(doc)
    assert runs and all(r.font.name == TNR for r in runs)
    assert all(11 <= r.font.size.pt <= 14 for r in runs)
    body_runs = [r for p in doc.paragraphs for r in p.runs if r.text]
    # 14 pt text, 13 pt where the Decree allows it; 12 pt only for a table's legend
    assert all(13 <= r.font.size.pt <= 14 for r in body_runs if not r.text.startswith("Ghi chú"))
    # the header: a 2 × 2 borderless table, issuing body, state title and motto, number, date line
    header = doc.tables[0]
    left, right = header.cell(0, 0), header.cell(0, 1)
    assert document.issuer.issuing_body.upper() in _texts(left)
    assert _texts(right)[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    number = _texts(header.cell(1, 0))
    assert re.fullmatch(rf"Số:\s+/{re.escape(code + '-' if code else '')}[^\s/]+", number[0]), number
    (date_line,) = _texts(header.cell(1, 1))
    # an unnumbered draft leaves the day to the clerk (documents.Document.dated)
    assert date_line == f"{document.place}, ngày … tháng … năm …", date_line
    if slug not in ("quyet-dinh",):
        # the place is the issuer's seat, not the host's (Thái Nguyên hosted the 2017 conference)
        assert date_line.startswith(document.place) and "Thái Nguyên" not in date_line
    # the type line (bold, centred) or, for a công văn, the "V/v" line under the number
    if type_line:
        line = _para(doc, type_line)
        assert line.text == type_line and line.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(r.bold for r in line.runs)
    else:
        assert number[1].startswith("V/v góp ý dự thảo Báo cáo tổng kết")
        assert any(p.text.startswith("Kính gửi: ") for p in doc.paragraphs)
    # the signature block: its authority lines in capitals, bold; and the recipients
    sig_texts = [t for table in doc.tables[1:] for row in table.rows for cell in row.cells for t in _texts(cell)]
    authority = document.signatures[document.issuer_signature_index].authority
    assert all(line.upper() in sig_texts for line in authority)
    if has_recipients:
        assert "Nơi nhận:" in sig_texts and any(t.startswith("- Lưu: VT") for t in sig_texts)
    else:
        assert "Nơi nhận:" not in sig_texts
    assert document.is_draft  # unnumbered drafts: the clerk gives the number


@pytest.mark.django_db
@pytest.mark.parametrize("slug, type_line", [(s, t) for s, t, _c, _r in TYPES if s in ("quy-che", "quyet-dinh", "phu-luc",
                                                                                        "giay-uy-quyen", "cong-van-gop-y")])
def test_the_pdf_text_carries_the_type_line(year, slug, type_line, tmp_path):
    path = tmp_path / "d.pdf"
    path.write_bytes(render_pdf(build(year, slug)))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "DỰ THẢO" in text
    assert (type_line or "V/v góp ý") in text


@pytest.mark.django_db
def test_the_decision_has_bases_decides_line_and_articles(year):
    doc = _open(build(year, "quyet-dinh"))
    texts = [p.text for p in doc.paragraphs]
    bases = [p for p in doc.paragraphs if p.text.startswith(("Căn cứ", "Xét đề nghị"))]
    assert len(bases) == 4 and all(r.italic for p in bases for r in p.runs if r.text)
    decides = texts.index("QUYẾT ĐỊNH:")
    articles = [i for i, t in enumerate(texts) if re.match(r"Điều \d\.", t)]
    assert [texts[i][:7] for i in articles] == ["Điều 1.", "Điều 2.", "Điều 3."]
    assert texts.index(bases[0].text) < decides < articles[0]
    assert texts[texts.index(bases[0].text) - 1] == f"BỘ TRƯỞNG {year.cluster.organizer.name.upper()}"
    assert "Cờ thi đua: Sở Ngoại vụ tỉnh Yên Bái" in "\n".join(texts)


@pytest.mark.django_db
def test_the_regulation_has_centred_chapters_and_articles(year):
    doc = _open(build(year, "quy-che"))
    chapters = [p for p in doc.paragraphs if p.text.startswith("Chương ")]
    assert [p.text.split("\n")[0] for p in chapters] == ["Chương I", "Chương II", "Chương III", "Chương IV"]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in chapters)
    assert [p.text.split(".")[0] for p in doc.paragraphs if p.text.startswith("Điều ")] == [f"Điều {n}" for n in range(1, 8)]


@pytest.mark.django_db
def test_the_ranking_annex_has_grouped_header_and_bold_average(year):
    doc = _open(build(year, "phu-luc"))
    table = doc.tables[1]
    xml = table._tbl.xml
    assert 'w:gridSpan w:val="6"' in xml and "w:vMerge" in xml  # six criteria groups under one heading
    assert table.rows[0].cells[2].text == "Điểm theo nhóm tiêu chí"
    last = table.rows[-1]
    assert last.cells[0].text == "Bình quân của Cụm"
    assert all(r.bold for c in last.cells for p in c.paragraphs for r in p.runs if r.text)
    ranks = [row.cells[-1].text for row in table.rows[2:-1]]
    assert ranks == [f"{n:02d}" for n in range(1, 11)]


@pytest.mark.django_db
def test_the_achievement_report_has_the_superiors_confirmation_beside_the_units_signature(year):
    document = build(year, "bao-cao-thanh-tich")
    doc = _open(document)
    signatures = doc.tables[1]
    left, right = signatures.cell(0, 0), signatures.cell(0, 1)
    assert _texts(left)[:3] == ["XÁC NHẬN CỦA CẤP TRÊN", "TRỰC TIẾP", "(Ký, đóng dấu)"]
    assert _texts(right)[0] == "GIÁM ĐỐC"
    assert document.signatures[document.issuer_signature_index].authority == ["GIÁM ĐỐC"]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "xếp thứ" in text and re.search(r"với \d\d phiếu, đạt \d+,\d\d%", text)


@pytest.mark.django_db
def test_the_authorisation_names_who_authorises_whom_for_which_conference(year):
    unit = _leader(year)
    document = voting_docs.authorisation_document(year, unit)
    text = "\n".join(p.text for p in _open(document).paragraphs)
    assert f"Chức vụ: {unit.head_title} {unit.name}" in text
    assert "Ủy quyền cho: " in text and "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2017 của Cụm thi đua số II" in text
    assert [s.authority[0] for s in document.signatures] == ["NGƯỜI ĐƯỢC ỦY QUYỀN", "NGƯỜI ỦY QUYỀN"]


@pytest.mark.django_db
def test_the_submission_carries_the_list_after_its_signature(year):
    doc = _open(build(year, "to-trinh"))
    body = list(doc.element.body)
    heading = _para(doc, "DANH SÁCH CÁC ĐƠN VỊ")
    signature_table = next(t for t in doc.tables if "CỤM TRƯỞNG" in t._tbl.xml)
    assert body.index(heading._p) > body.index(signature_table._tbl)
    assert any(p.text == "Kính gửi: Bộ Ngoại giao" for p in doc.paragraphs)
    listing = doc.tables[-1]
    names = [row.cells[1].text for row in listing.rows]
    assert "Sở Ngoại vụ tỉnh Yên Bái" in names and "Sở Ngoại vụ tỉnh Bắc Ninh" in names
    assert listing.rows[-1].cells[0].text == "Tổng cộng"


# --- the pages --------------------------------------------------------------------------------------------
def _member_user(cy):
    ids = [m.unit_id for m in members_of(cy)]
    return User.objects.filter(unit_id__in=ids, is_active=True).order_by("pk").first()


@pytest.mark.django_db
def test_pages_serve_each_type_in_three_formats_and_link_them(year, client_for):
    client = client_for(_member_user(year))
    args = [year.cluster_id, 2017]
    for prefix, registry in (("cycle_document", cycle_docs.DOCUMENTS), ("voting_document", voting_docs.DOCUMENTS)):
        for slug in registry:
            preview = client.get(reverse(f"{prefix}_preview", args=[*args, slug]))
            assert preview.status_code == 200 and preview["Cache-Control"] == "private, no-store", slug
            assert "script-src 'none'" in preview["Content-Security-Policy"]
            response = client.get(reverse(f"{prefix}_docx", args=[*args, slug]))
            assert response.status_code == 200 and response.content[:2] == b"PK", slug
            assert response["Content-Disposition"].endswith('.docx"') or ".docx" in response["Content-Disposition"]
    pdf = client.get(reverse("voting_document_pdf", args=[*args, "thong-bao-ket-qua"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert "Cum-thi-dua-so-II_2017_Thong-bao-ket-qua-binh-xet.pdf" in pdf["Content-Disposition"]
    # linked from the conference's documents page
    page = client.get(reverse("voting_conference_documents", args=args)).content.decode()
    for slug in voting_docs.DOCUMENTS:
        assert reverse("voting_document_preview", args=[*args, slug]) in page
    plan_page = client.get(reverse("cycle_plan", args=args)).content.decode()
    for slug in cycle_docs.DOCUMENTS:
        assert reverse("cycle_document_pdf", args=[*args, slug]) in plan_page
    ranking_page = client.get(reverse("scoring_ranking", args=args)).content.decode()
    assert reverse("scoring_ranking_annex_pdf", args=args) in ranking_page


@pytest.mark.django_db
def test_a_unit_document_is_only_made_for_the_units_it_may_be(year, client_for, world):
    client = client_for(_member_user(year))
    args = [year.cluster_id, 2017]
    proposed = voting_docs.unit_choices(year, "proposal")
    not_proposed = next(m.unit for m in members_of(year) if m.unit not in proposed)
    url = reverse("voting_document_docx", args=[*args, "bao-cao-thanh-tich"])
    ok = client.get(url, {"don-vi": proposed[1].pk})
    assert ok.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(ok.content)).tables[0].cell(0, 0).paragraphs)
    assert proposed[1].name.split(" tỉnh ")[0].upper() in text
    assert client.get(url, {"don-vi": not_proposed.pk}).status_code == 404
    assert client.get(url, {"don-vi": "x"}).status_code == 404
    auth = reverse("voting_document_preview", args=[*args, "giay-uy-quyen"])
    assert client.get(auth, {"don-vi": world.member_unit.pk}).status_code == 404  # not a member of this cluster


@pytest.mark.django_db
def test_outsiders_get_nothing(year, client_for, world):
    args = [year.cluster_id, 2017]
    outsider = client_for(world.outside_officer)
    for name, slug in (("cycle_document_pdf", "quy-che"), ("voting_document_preview", "to-trinh"),
                       ("voting_document_docx", "giay-uy-quyen")):
        response = outsider.get(reverse(name, args=[*args, slug]))
        assert response.status_code == 404 and b"%PDF" not in response.content
    assert outsider.get(reverse("scoring_ranking_annex_preview", args=args)).status_code == 404
    anonymous = client_for(None).get(reverse("cycle_document_preview", args=[*args, "quy-che"]))
    assert anonymous.status_code == 302


@pytest.mark.django_db
def test_a_result_tables_cells_do_not_wrap_their_words(year, tmp_path):
    # "Không đạt" broke over two lines in a 22 mm column of the minutes, the notice and
    # the counting minutes
    from thidua.voting.documents import conference_minutes_document

    path = tmp_path / "m.pdf"
    path.write_bytes(render_pdf(conference_minutes_document(year)))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    assert "Không đạt" in text and not any(line.strip() == "đạt" for line in text.splitlines()), text


@pytest.mark.django_db
def test_the_counting_minutes_codes_are_not_justified(year):
    # a SHA-256 code cannot break: a justified line holding one spread its other words apart
    from thidua.voting.documents import counting_minutes_document
    from thidua.voting.models import Poll

    poll = Poll.objects.filter(cluster_year=year, digest__gt="").order_by("pk").first()
    doc = _open(counting_minutes_document(poll))
    coded = [p for p in doc.paragraphs if "SHA-256" in p.text or p.text.startswith("Mã băm")]
    assert len(coded) == 2 and all(p.alignment == WD_ALIGN_PARAGRAPH.LEFT for p in coded)
    assert all(re.search(r"[0-9a-f]{64}\.", p.text) for p in coded)  # the code and its full stop, no space between


@pytest.mark.django_db
def test_a_head_who_votes_in_person_is_not_authorised_by_himself(year):
    # Hải Phòng's head is its own voting delegate in 2017: the form said "Tôi: Phạm Văn
    # Dũng … Ủy quyền cho: Phạm Văn Dũng"; it now leaves the delegate for the unit to fill
    from thidua.cycle.selectors import head_name
    from thidua.voting import selectors as voting_selectors

    unit = _leader(year)
    delegate = voting_selectors.voting_delegate_of(year, unit.pk)
    assert delegate is not None and delegate.full_name == head_name(unit.pk)
    document = voting_docs.authorisation_document(year, unit)
    texts = [p.text for p in _open(document).paragraphs]
    assert f"Tôi: {delegate.full_name}" in texts and "Ủy quyền cho: ……" in texts
    assert [s.signer for s in document.signatures] == ["", delegate.full_name]

"""The .docx follows Decree 30/2020: page, fonts, header table, number and date lines,
type line and subject, body, signatures and recipients, page numbers. Each test opens
the produced file with python-docx and reads what Word would read."""

import datetime as dt
import io
import zipfile

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from thidua.documents.document import Document, DocumentNumber, Issuer, Paragraph, Recipients, Signature
from thidua.documents.docx import render_docx
from thidua.documents.metrics import text_width_mm
from thidua.documents.samples import SIGNER, plan_91_kh_ctd

TNR = "Times New Roman"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _open(document) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(document)))


@pytest.fixture(scope="module")
def plan_bytes() -> bytes:
    return render_docx(plan_91_kh_ctd(with_annex=True))


@pytest.fixture(scope="module")
def plan(plan_bytes):
    return docx.Document(io.BytesIO(plan_bytes))


def _texts(cell) -> list[str]:
    return [p.text for p in cell.paragraphs]


def _para(doc, text):
    matches = [p for p in doc.paragraphs if p.text == text]
    assert matches, f"no paragraph {text!r}"
    return matches[0]


def _cell_para(cell, text):
    matches = [p for p in cell.paragraphs if p.text == text]
    assert matches, f"no paragraph {text!r} in {_texts(cell)}"
    return matches[0]


def _runs_style(paragraph) -> set[tuple]:
    """(bold, italic, size in pt) of each run that has text."""
    return {(bool(r.bold), bool(r.italic), r.font.size.pt if r.font.size else None) for r in paragraph.runs if r.text}


def _mm(length) -> float:
    return length.mm


# --- page ----------------------------------------------------------------------------------
def test_page_is_a4_portrait_with_decree_margins(plan):
    section = plan.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert _mm(section.page_width) == pytest.approx(210, abs=0.05)
    assert _mm(section.page_height) == pytest.approx(297, abs=0.05)
    assert _mm(section.top_margin) == pytest.approx(20, abs=0.05)
    assert _mm(section.bottom_margin) == pytest.approx(20, abs=0.05)
    assert _mm(section.left_margin) == pytest.approx(30, abs=0.05)
    assert _mm(section.right_margin) == pytest.approx(15, abs=0.05)


def test_annex_page_is_landscape_with_the_same_margins_and_page_numbers(plan):
    assert len(plan.sections) == 2
    annex = plan.sections[1]
    assert annex.orientation == WD_ORIENT.LANDSCAPE
    assert _mm(annex.page_width) == pytest.approx(297, abs=0.05)
    assert _mm(annex.page_height) == pytest.approx(210, abs=0.05)
    assert _mm(annex.left_margin) == pytest.approx(30, abs=0.05) and _mm(annex.top_margin) == pytest.approx(20, abs=0.05)
    # the annex starts on page 2 or later: its first page is numbered like the others
    assert not annex.different_first_page_header_footer
    assert annex.header.is_linked_to_previous
    # the annex comes after the signatures
    body = list(plan.element.body)
    assert body.index(_para(plan, "Phụ lục")._p) > body.index(plan.tables[1]._tbl)


# --- fonts ---------------------------------------------------------------------------------
def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist() if name.startswith("word/") and name.endswith(".xml")}


def test_every_font_declaration_is_times_new_roman_in_all_scripts(plan_bytes):
    from lxml import etree

    checked = 0
    for name, xml in _parts(plan_bytes).items():
        if not any(part in name for part in ("document", "styles", "header", "footer")):
            continue
        root = etree.fromstring(xml)
        for rfonts in root.iter(f"{W}rFonts"):
            attrs = {k.removeprefix(W): v for k, v in rfonts.attrib.items()}
            assert not {"asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"} & attrs.keys(), (name, attrs)
            assert all(attrs.get(slot) == TNR for slot in ("ascii", "hAnsi", "eastAsia", "cs")), (name, attrs)
            checked += 1
    assert checked > 50


def test_every_run_names_its_font_and_size(plan):
    runs = [r for p in plan.paragraphs for r in p.runs if r.text]
    for table in plan.tables:
        for row in table.rows:
            for cell in row.cells:
                runs += [r for p in cell.paragraphs for r in p.runs if r.text]
    assert len(runs) > 40
    for run in runs:
        assert run.font.name == TNR, run.text
        assert run.font.size is not None, run.text
        assert run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == TNR


def test_body_style_is_14pt_justified_indented_with_6pt_after(plan):
    normal = plan.styles["Normal"]
    assert normal.font.name == TNR and normal.font.size.pt == 14
    pf = normal.paragraph_format
    assert pf.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert pf.first_line_indent.cm == pytest.approx(1.27, abs=0.01)
    assert pf.space_after.pt == 6
    assert pf.line_spacing == pytest.approx(1.15)
    body = _para(plan, "Dự kiến tổ chức trong tháng 12 năm 2022 tại thành phố Tam Kỳ, tỉnh Quảng Nam.")
    assert (body.paragraph_format.alignment or pf.alignment) == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.paragraph_format.first_line_indent is None  # inherits the 1.27 cm indent from Normal
    assert body.style.name == "Normal" and _runs_style(body) == {(False, False, 14)}


# --- header ----------------------------------------------------------------------------------
def _header(doc):
    return doc.tables[0]


def test_header_table_has_no_borders(plan):
    table = _header(plan)
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None
    edges = {child.tag.removeprefix(W): child.get(qn("w:val")) for child in borders}
    assert edges == dict.fromkeys(("top", "left", "bottom", "right", "insideH", "insideV"), "nil")
    assert not list(table._tbl.iter(qn("w:tcBorders")))
    assert len(table.rows) == 2 and len(table.columns) == 2


def test_header_left_column(plan):
    cell = _header(plan).cell(0, 0)
    assert _texts(cell) == ["UBND TỈNH QUẢNG NAM", "SỞ NGOẠI VỤ", ""]
    parent, body, rule = cell.paragraphs
    assert _runs_style(parent) == {(False, False, 13)}
    assert _runs_style(body) == {(True, False, 13)}
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in (parent, body))
    assert not any(r.underline for p in cell.paragraphs for r in p.runs)
    # the short rule: a bottom border on an empty, centred paragraph, a third to a half of the name
    bottom = rule._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:val")) == "single"
    width = 62 - 2 * 1.0 - rule.paragraph_format.left_indent.mm - rule.paragraph_format.right_indent.mm
    name_width = text_width_mm("SỞ NGOẠI VỤ", 13, bold=True)
    assert name_width / 3 <= width <= name_width / 2


def test_header_right_column_and_motto_rule(plan):
    cell = _header(plan).cell(0, 1)
    assert _texts(cell) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", ""]
    state, motto, rule = cell.paragraphs
    assert _runs_style(state) == {(True, False, 13)}
    assert _runs_style(motto) == {(True, False, 14)}
    assert not any(r.underline for p in cell.paragraphs for r in p.runs)
    assert rule._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:val")) == "single"
    width = 103 - 2 * 1.0 - rule.paragraph_format.left_indent.mm - rule.paragraph_format.right_indent.mm
    assert width == pytest.approx(text_width_mm("Độc lập - Tự do - Hạnh phúc", 14, bold=True), abs=0.3)
    assert 55 < width < 65  # 60.2 mm in Times New Roman bold 14 pt


def test_number_line(plan):
    number = _header(plan).cell(1, 0)
    assert _texts(number) == ["Số: 91/KH-CTĐ"]
    assert _runs_style(number.paragraphs[0]) == {(False, False, 13)}


def test_date_line_is_italic_14pt_centred(plan):
    cell = _header(plan).cell(1, 1)
    assert _texts(cell) == ["Quảng Nam, ngày 23 tháng 11 năm 2022"]
    assert _runs_style(cell.paragraphs[0]) == {(False, True, 14)}
    assert cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER


def _simple(**kwargs) -> Document:
    base = {
        "issuer": Issuer("SỞ NGOẠI VỤ", "UBND TỈNH QUẢNG TRỊ"),
        "number": DocumentNumber(5, "KH", "CTĐ"),
        "place": "Quảng Trị",
        "date": dt.date(2026, 2, 5),
        "subject": "Phát động phong trào thi đua năm 2026",
        "body": [Paragraph("Nội dung.")],
        "signatures": [Signature(["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "Lê Thị Lan")],
        "recipients": Recipients(["Như trên"]),
    }
    return Document(**{**base, **kwargs})


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 2, 5), "Quảng Trị, ngày 05 tháng 02 năm 2026"),
        (dt.date(2025, 12, 5), "Quảng Trị, ngày 05 tháng 12 năm 2025"),
        (dt.date(2022, 11, 23), "Quảng Trị, ngày 23 tháng 11 năm 2022"),
    ],
)
def test_date_line_leading_zeros_in_the_file(day, expected):
    doc = _open(_simple(date=day))
    assert _texts(_header(doc).cell(1, 1)) == [expected]


def test_small_numbers_are_zero_padded_in_the_file():
    doc = _open(_simple())
    assert _texts(_header(doc).cell(1, 0)) == ["Số: 05/KH-CTĐ"]


# --- type line, subject, body ------------------------------------------------------------
def test_type_line_and_subject_bold_centred_with_a_short_rule(plan):
    type_line = _para(plan, "KẾ HOẠCH")
    assert type_line.alignment == WD_ALIGN_PARAGRAPH.CENTER and _runs_style(type_line) == {(True, False, 14)}
    subject = _para(plan, "Tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm 2022")
    assert subject.alignment == WD_ALIGN_PARAGRAPH.CENTER and _runs_style(subject) == {(True, False, 14)}
    assert type_line.paragraph_format.keep_with_next and subject.paragraph_format.keep_with_next
    paragraphs = plan.paragraphs
    rule = paragraphs[paragraphs.index(next(p for p in paragraphs if p._p is subject._p)) + 1]
    assert rule.text == "" and rule._p.pPr.find(qn("w:pBdr")) is not None
    width = 165 - rule.paragraph_format.left_indent.mm - rule.paragraph_format.right_indent.mm
    subject_width = text_width_mm(subject.text, 14, bold=True)
    assert subject_width / 3 <= width <= subject_width / 2


def test_headings_and_list_items(plan):
    heading = _para(plan, "I. MỤC ĐÍCH, YÊU CẦU")
    assert _runs_style(heading) == {(True, False, 14)} and heading.paragraph_format.keep_with_next
    item = next(p for p in plan.paragraphs if p.text.startswith("-\u00a0Bình xét, suy tôn"))
    assert item.style.name == "Normal"  # justified, first-line indent


def test_letter_has_a_vv_line_under_the_number_and_no_type_line():
    letter = _simple(
        number=DocumentNumber(12, "", "SNgV-VP"), subject="góp ý dự thảo báo cáo tổng kết", addressees=["Các đơn vị thành viên"]
    )
    doc = _open(letter)
    cell = _header(doc).cell(1, 0)
    assert _texts(cell) == ["Số: 12/SNgV-VP", "V/v góp ý dự thảo báo cáo tổng kết"]
    assert _runs_style(cell.paragraphs[1]) == {(False, False, 12)}
    assert not any(p.text in {"KẾ HOẠCH", "góp ý dự thảo báo cáo tổng kết"} for p in doc.paragraphs)
    assert any(p.text == "Kính gửi: Các đơn vị thành viên" for p in doc.paragraphs)


# --- signatures and recipients ------------------------------------------------------------
def _signature_table(doc):
    return doc.tables[1]


def test_signature_block_on_the_right_and_recipients_on_the_left(plan):
    table = _signature_table(plan)
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {c.get(qn("w:val")) for c in borders} == {"nil"}
    recipients, signature = table.cell(0, 0), table.cell(0, 1)
    assert _texts(signature)[:2] == ["TM. CỤM THI ĐUA SỐ 3", "CỤM TRƯỞNG"]
    assert _texts(signature)[-1] == SIGNER
    for p in signature.paragraphs[:2] + signature.paragraphs[-1:]:
        assert _runs_style(p) == {(True, False, 14)} and p.alignment == WD_ALIGN_PARAGRAPH.CENTER
    # room for the signature and seal between the title and the name
    assert [p.text for p in signature.paragraphs[2:-1]] == [""] * 4
    texts = _texts(recipients)
    assert texts[0] == "Nơi nhận:" and texts[-1] == "- Lưu: VT, VP."
    assert texts[1:-1] == [
        "- Vụ TĐKT và TTNG - Bộ Ngoại giao (b/c);",
        "- UBND tỉnh Quảng Nam (b/c);",
        "- Các đơn vị thành viên Cụm thi đua số 3;",
    ]
    assert _runs_style(recipients.paragraphs[0]) == {(True, True, 12)}
    assert all(_runs_style(p) == {(False, False, 11)} for p in recipients.paragraphs[1:])
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.LEFT for p in recipients.paragraphs)


def test_signature_block_is_never_split_from_its_title(plan):
    table = _signature_table(plan)
    for row in table.rows:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    signature = table.cell(0, 1)
    assert all(p.paragraph_format.keep_with_next for p in signature.paragraphs[:-1])


def test_covenant_signed_by_nine_units_is_a_grid():
    units = ["THANH HÓA", "NGHỆ AN", "HÀ TĨNH", "QUẢNG BÌNH", "QUẢNG TRỊ", "THỪA THIÊN HUẾ", "ĐÀ NẴNG", "QUẢNG NAM", "QUẢNG NGÃI"]
    sigs = [Signature([f"SỞ NGOẠI VỤ TỈNH {u}", "GIÁM ĐỐC"], f"Người ký {i}") for i, u in enumerate(units)]
    covenant = _simple(type_title="GIAO ƯỚC THI ĐUA", signatures=sigs, recipients=None, number=DocumentNumber(1, "GƯ", "CTĐ"))
    doc = _open(covenant)
    assert _para(doc, "GIAO ƯỚC THI ĐUA")
    grid = doc.tables[1]
    # Each row of signatures is two table rows: the titles, then the names on a row of their
    # own, so that the names line up even when a title (THỪA THIÊN HUẾ) wraps further.
    assert len(grid.columns) == 3 and len(grid.rows) == 6
    names = [_texts(grid.cell(r, c)) for r in (1, 3, 5) for c in range(3)]
    assert names == [[f"Người ký {i}"] for i in range(9)]
    assert _texts(grid.cell(4, 2))[0] == "SỞ NGOẠI VỤ TỈNH QUẢNG NGÃI"
    assert all(f"Người ký {i}" not in _texts(grid.cell(r, c)) for i in range(9) for r in (0, 2, 4) for c in range(3))
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in grid.rows)


def test_minutes_signatures_left_and_right():
    minutes = _simple(
        number=DocumentNumber(3, "BB", "CTĐ"),
        signatures=[Signature(["THƯ KÝ"], "Nguyễn Thu Hà", position="left"), Signature(["CHỦ TỌA"], "Lê Thị Lan")],
        recipients=None,
    )
    table = _open(minutes).tables[1]
    assert _texts(table.cell(0, 0))[0] == "THƯ KÝ" and _texts(table.cell(0, 1))[0] == "CHỦ TỌA"


# --- page numbers ----------------------------------------------------------------------------
def test_page_number_field_centred_in_the_header_from_page_two(plan):
    section = plan.sections[0]
    assert section.different_first_page_header_footer
    header = section.header
    assert not header.is_linked_to_previous
    instr = [el.text for el in header._element.iter(qn("w:instrText"))]
    assert [t.strip() for t in instr] == ["PAGE"]
    assert [el.get(qn("w:fldCharType")) for el in header._element.iter(qn("w:fldChar"))] == ["begin", "separate", "end"]
    assert header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert not list(first._element.iter(qn("w:instrText"))) and all(p.text == "" for p in first.paragraphs)


def test_user_text_is_stored_as_text(tmp_path):
    doc = _open(_simple(subject="<b>đậm</b> & \"trích\""))
    assert _para(doc, "<b>đậm</b> & \"trích\"")


# --- well-formed for Word ----------------------------------------------------------------------
SCHEMA_ORDER = {
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing tblInd "
    "tblBorders shd tblLayout tblCellMar tblLook",
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid "
    "spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl "
    "divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid vanish "
    "webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang "
    "eastAsianLayout specVanish oMath",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark",
    "sectPr": "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType pgNumType "
    "cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid printerSettings",
}


def test_xml_children_follow_the_schema_order(plan_bytes):
    """Word refuses a file whose elements are out of the schema's order; LibreOffice and
    python-docx do not mind, so check it here."""
    from lxml import etree

    checked = 0
    for name, xml in _parts(plan_bytes).items():
        if not any(part in name for part in ("document", "styles", "header")):
            continue
        for parent_name, order in SCHEMA_ORDER.items():
            rank = {tag: i for i, tag in enumerate(order.split())}
            for parent in etree.fromstring(xml).iter(f"{W}{parent_name}"):
                tags = [child.tag.removeprefix(W) for child in parent if child.tag.startswith(W)]
                assert all(tag in rank for tag in tags), (name, parent_name, tags)
                positions = [rank[tag] for tag in tags]
                assert positions == sorted(positions), (name, parent_name, tags)
                assert len(set(tags) - {"headerReference", "footerReference"}) == len(
                    [t for t in tags if t not in ("headerReference", "footerReference")]
                ), (name, parent_name, tags)
                checked += 1
    assert checked > 100

"""The year's further document types (cycle.documents_more, voting.documents_more,
scoring.documents_annex) and the engine features they need (grouped headers, merged
cells, bold total rows, centred chapter headings, a decision's parts). The types
themselves, built on the demo's data, are tested in tests/demo/test_document_types.py."""

from __future__ import annotations

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from tests.documents.helpers import _open, _para
from thidua.documents.document import (
    Document,
    DocumentNumber,
    Heading,
    Issuer,
    Table,
    article,
    chapter,
    decides_line,
    legal_basis,
)
from thidua.documents.html import render_html


# --- the engine ---------------------------------------------------------------------------------------
def _annex_table() -> Table:
    return Table(
        header=["TT", "Đơn vị", "I", "II", "Tổng điểm"],
        rows=[["1", "Sở Ngoại vụ tỉnh A", "50,00", "40,00", "90,00"], ["Bình quân", "", "50,00", "40,00", "90,00"]],
        groups=[("", 1), ("", 1), ("Điểm theo nhóm", 2), ("", 1)], spans={(1, 0): 2}, total_rows=1,
    )


def _doc(*blocks, landscape=False) -> Document:
    return Document(issuer=Issuer("SỞ NGOẠI VỤ", "UBND TỈNH QUẢNG TRỊ"), number=DocumentNumber(None, "QĐ", "SNgV"),
                    place="Quảng Trị", date=__import__("datetime").date(2026, 3, 2), subject="Về việc thử",
                    body=list(blocks), landscape=landscape)


class TestTableModel:
    def test_header_rows_of_a_grouped_header(self):
        rows = _annex_table().header_rows
        assert rows[0] == [("TT", 0, 1, 2), ("Đơn vị", 1, 1, 2), ("Điểm theo nhóm", 2, 2, 1), ("Tổng điểm", 4, 1, 2)]
        assert rows[1] == [("I", 2, 1, 1), ("II", 3, 1, 1)]

    def test_body_cells_leave_out_the_merged_ones(self):
        table = _annex_table()
        assert [c[0] for c in table.body_cells(1)] == ["Bình quân", "50,00", "40,00", "90,00"]
        assert table.is_total_row(1) and not table.is_total_row(0)

    @pytest.mark.parametrize("kwargs, message", [
        ({"groups": [("", 1), ("X", 2)]}, "cover every column"),
        ({"groups": [("", 1), ("", 1), ("X", 0), ("", 3)]}, "cover every column"),
        ({"spans": {(0, 1): 2}}, "must be empty"),
        ({"spans": {(0, 4): 2}}, "outside the table"),
        ({"spans": {(5, 0): 2}}, "outside the table"),
        ({"total_rows": 3}, "More total rows"),
    ])
    def test_bad_shapes_are_refused(self, kwargs, message):
        base = {"header": ["TT", "Đơn vị", "I", "II", "Tổng"], "rows": [["1", "A", "1", "2", "3"], ["", "", "", "", ""]]}
        with pytest.raises(ValueError, match=message):
            Table(**(base | kwargs))

    def test_article_and_chapter_helpers(self):
        (single,) = article(1, "Tặng Bằng khen.")
        assert single.runs[0].text == "Điều 1. " and single.runs[0].bold and single.runs[1].text == "Tặng Bằng khen."
        head, text = article(2, "Nội dung.", title="Phạm vi")
        assert head.runs[0].text == "Điều 2. Phạm vi" and head.keep_with_next and text.content == "Nội dung."
        assert chapter("I", "Quy định chung").display == "Chương I\nQUY ĐỊNH CHUNG"
        assert Heading("Mục", label="1.").display == "1. Mục"  # not centred: one line as before


class TestEngineDocx:
    def test_grouped_header_merges_with_gridspan_and_vmerge_and_repeats(self):
        doc = _open(_doc(_annex_table(), landscape=True))
        table = doc.tables[-2] if len(doc.tables) > 2 else doc.tables[1]
        xml = table._tbl.xml
        first, second = table.rows[0]._tr, table.rows[1]._tr
        spans = [tc.tcPr.find(qn("w:gridSpan")) for tc in first.findall(qn("w:tc"))]
        assert [s.get(qn("w:val")) if s is not None else None for s in spans] == [None, None, "2", None]
        assert [tc.tcPr.find(qn("w:vMerge")).get(qn("w:val")) for tc in first.findall(qn("w:tc"))
                if tc.tcPr.find(qn("w:vMerge")) is not None] == ["restart", "restart", "restart"]
        continued = [tc for tc in second.findall(qn("w:tc")) if tc.tcPr.find(qn("w:vMerge")) is not None]
        assert len(continued) == 3 and all(tc.tcPr.find(qn("w:vMerge")).get(qn("w:val")) in (None, "continue") for tc in continued)
        # both header rows repeat on every page
        assert all(tr.trPr.find(qn("w:tblHeader")) is not None for tr in (first, second))
        assert "Điểm theo nhóm" in xml
        # the total row: "Bình quân" over two columns, every run bold; the data row is not
        total, data = table.rows[3]._tr, table.rows[2]._tr
        assert total.findall(qn("w:tc"))[0].tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "2"
        total_runs = [r for tc in table.rows[3].cells for p in tc.paragraphs for r in p.runs if r.text]
        assert total_runs and all(r.bold for r in total_runs)
        assert not any(r.bold for tc in table.rows[2].cells for p in tc.paragraphs for r in p.runs if r.text)
        assert data is not None

    def test_chapter_heading_is_centred_bold_and_decision_parts(self):
        doc = _open(_doc(chapter("I", "Quy định chung"), legal_basis("Căn cứ Luật Thi đua, khen thưởng;"), decides_line(),
                         *article(1, "Tặng Bằng khen.")))
        head = _para(doc, "Chương I")
        assert head.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(r.bold for r in head.runs if r.text)
        assert head.text == "Chương I\nQUY ĐỊNH CHUNG" and head.paragraph_format.first_line_indent.cm == 0
        basis = _para(doc, "Căn cứ Luật")
        assert all(r.italic for r in basis.runs if r.text)
        decides = _para(doc, "QUYẾT ĐỊNH:")
        assert decides.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(r.bold for r in decides.runs)
        art = _para(doc, "Điều 1.")
        assert art.runs[0].bold and not art.runs[1].bold

    def test_html_has_colspan_rowspan_total_row_and_chapter(self):
        html = render_html(_doc(chapter("II", "Tổ chức"), _annex_table(), landscape=True))
        assert '<th rowspan="2">TT</th>' in html and '<th colspan="2">Điểm theo nhóm</th>' in html
        assert '<tr class="nd30-total"><td class="align-center" colspan="2">Bình quân</td>' in html
        assert '<p class="nd30-heading nd30-chapter">Chương II<br>TỔ CHỨC</p>' in html

    def test_a_plain_table_is_unchanged(self):
        html = render_html(_doc(Table(header=["TT", "Tên"], rows=[["1", "A"]])))
        assert "<thead><tr><th>TT</th><th>Tên</th></tr></thead>" in html and "colspan" not in html

"""The plain document model: numbers, date lines, the signature layout."""

import datetime as dt

import pytest

from thidua.documents.document import (
    Document,
    DocumentNumber,
    Issuer,
    Paragraph,
    Recipients,
    Signature,
    Table,
    date_line,
    format_date_vi,
)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (DocumentNumber(91, "KH", "CTĐ"), "91/KH-CTĐ"),
        (DocumentNumber(5, "KH", "CTĐ"), "05/KH-CTĐ"),
        (DocumentNumber(1, "TTr", "SNgV"), "01/TTr-SNgV"),
        (DocumentNumber(10, "QĐ", "SNgV"), "10/QĐ-SNgV"),
        (DocumentNumber(123, "", "SNgV-VP"), "123/SNgV-VP"),  # công văn: no type code
        (DocumentNumber(7, "", "SNgV"), "07/SNgV"),
    ],
)
def test_document_number_text(number, expected):
    assert str(number) == expected
    assert number.line == f"Số: {expected}"


def test_draft_number_leaves_room_for_the_clerk():
    assert str(DocumentNumber(None, "KH", "CTĐ")).strip() == "/KH-CTĐ"
    assert DocumentNumber(None, "KH", "CTĐ").line.startswith("Số:   ")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"number": 0, "type_code": "KH", "issuer_symbol": "CTĐ"},
        {"number": -3, "type_code": "KH", "issuer_symbol": "CTĐ"},
        {"number": 1, "type_code": "KH", "issuer_symbol": ""},
        {"number": 1, "type_code": "KH", "issuer_symbol": "A/B"},
        {"number": 1, "type_code": "K-H", "issuer_symbol": "CTĐ"},
    ],
)
def test_invalid_numbers_are_refused(kwargs):
    with pytest.raises(ValueError):
        DocumentNumber(**kwargs)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2022, 11, 23), "ngày 23 tháng 11 năm 2022"),
        (dt.date(2026, 2, 5), "ngày 05 tháng 02 năm 2026"),  # day < 10 and February: leading zeros
        (dt.date(2026, 1, 31), "ngày 31 tháng 01 năm 2026"),
        (dt.date(2025, 12, 5), "ngày 05 tháng 12 năm 2025"),
        (dt.date(2026, 3, 15), "ngày 15 tháng 3 năm 2026"),  # March to September: no leading zero
        (dt.date(2026, 9, 1), "ngày 01 tháng 9 năm 2026"),
    ],
)
def test_vietnamese_date(day, expected):
    assert format_date_vi(day) == expected


def test_date_line_needs_a_place():
    assert date_line("Quảng Nam", dt.date(2022, 11, 23)) == "Quảng Nam, ngày 23 tháng 11 năm 2022"
    with pytest.raises(ValueError):
        date_line("  ", dt.date(2022, 11, 23))


def _doc(**kwargs):
    base = {
        "issuer": Issuer("SỞ NGOẠI VỤ", "UBND TỈNH QUẢNG NAM"),
        "number": DocumentNumber(91, "KH", "CTĐ"),
        "place": "Quảng Nam",
        "date": dt.date(2022, 11, 23),
        "subject": "Tổ chức Hội nghị",
    }
    return Document(**{**base, **kwargs})


def test_type_title_comes_from_the_type_code_and_a_letter_has_none():
    assert _doc().type_title == "KẾ HOẠCH" and not _doc().is_letter
    letter = _doc(number=DocumentNumber(12, "", "SNgV-VP"), subject="góp ý dự thảo báo cáo")
    assert letter.is_letter and letter.vv_line == "V/v góp ý dự thảo báo cáo"
    assert _doc(type_title="GIAO ƯỚC THI ĐUA").type_title == "GIAO ƯỚC THI ĐUA"


def test_recipient_lines_end_with_semicolons_and_the_archive_line():
    lines = Recipients(["Như trên", "- UBND tỉnh (b/c);"], archive=["VT", "VP"]).lines
    assert lines == ["- Như trên;", "- UBND tỉnh (b/c);", "- Lưu: VT, VP."]


def test_one_signature_sits_right_of_the_recipients():
    sig = Signature(["TM. CỤM THI ĐUA SỐ 3", "CỤM TRƯỞNG"], "Trần Văn Minh")
    rec = Recipients(["Như trên"])
    layout = _doc(signatures=[sig], recipients=rec).signature_layout()
    assert layout.rows == [[rec, sig]] and layout.columns == 2 and layout.recipients_below is None


def test_minutes_put_the_secretary_left_and_the_chair_right():
    chair = Signature(["CHỦ TỌA"], "A", position="right")
    secretary = Signature(["THƯ KÝ"], "B", position="left")
    rec = Recipients(["Các đơn vị"])
    layout = _doc(signatures=[chair, secretary], recipients=rec).signature_layout()
    assert layout.rows == [[secretary, chair]] and layout.recipients_below is rec


def test_many_signatures_make_a_grid():
    sigs = [Signature([f"ĐƠN VỊ {i}", "GIÁM ĐỐC"], f"Người {i}") for i in range(9)]
    layout = _doc(signatures=sigs).signature_layout()
    assert layout.columns == 3 and len(layout.rows) == 3 and all(len(r) == 3 for r in layout.rows)
    layout = _doc(signatures=sigs[:5], signature_columns=2).signature_layout()
    assert layout.columns == 2 and layout.rows[-1] == [sigs[4], None]


def test_blocks_check_their_shape():
    with pytest.raises(ValueError):
        Table(header=["A", "B"], rows=[["1"]])
    with pytest.raises(ValueError):
        Table(header=["A"], rows=[["1"]], align=["middle"])
    with pytest.raises(ValueError):
        Paragraph("x", align="wherever")

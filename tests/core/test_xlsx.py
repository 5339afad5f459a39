"""thidua.core.xlsx: each limit of the pre-parse check, with small limits so that the
files stay tiny, and the writer's text cells."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from tests.scoring.xlsx_files import make_sheet, shared_strings, workbook
from thidua.core.xlsx import LIMITS, XlsxLimits, XlsxRefused, check_xlsx, workbook_bytes

ROWS = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}"><v>1</v></c></row>' for n in range(3, 53))


def test_a_workbook_within_the_limits_passes():
    check_xlsx(workbook(sheet=make_sheet(ROWS)))


@pytest.mark.parametrize(
    ("limits", "words"),
    [
        (XlsxLimits(max_rows=40), "quá nhiều dòng"),
        (XlsxLimits(max_cells=100), "quá nhiều ô"),
        (XlsxLimits(max_elements=150), "quá nhiều phần tử"),
        (XlsxLimits(max_shared_strings=5), "quá nhiều chuỗi văn bản"),
        (XlsxLimits(max_text_chars=150), "quá nhiều chữ"),
        (XlsxLimits(max_string_chars=10), "quá dài"),
        (XlsxLimits(max_entries=5), "quá nhiều thành phần"),
        (XlsxLimits(max_entry_bytes=2_000), "khi giải nén quá lớn"),
        (XlsxLimits(max_total_bytes=5_000), "khi giải nén quá lớn"),
        (XlsxLimits(max_file_bytes=1_000), "Tệp Excel quá lớn"),
        (XlsxLimits(max_ratio=2, ratio_grace_bytes=100), "bị nén bất thường"),
    ],
)
def test_each_limit(limits, words):
    with pytest.raises(XlsxRefused) as caught:
        check_xlsx(workbook(sheet=make_sheet(ROWS)), limits)
    assert words in str(caught.value.message)
    assert caught.value.errors == {"file": [caught.value.message]}


def test_cells_without_references_are_counted_like_openpyxl_counts_them():
    cells = "<c><v>1</v></c>" * (LIMITS.max_columns + 1)  # the last lands past the farthest column allowed
    with pytest.raises(XlsxRefused, match="quá nhiều cột"):
        check_xlsx(workbook(sheet=make_sheet(f"<row>{cells}</row>")))
    with pytest.raises(XlsxRefused, match="quá nhiều dòng"):
        check_xlsx(workbook(sheet=make_sheet('<row r="99999999999999999999"/>')))


def test_an_encrypted_or_broken_part_is_not_a_workbook():
    data = bytearray(workbook(strings=shared_strings()))
    at = data.find(b"PK\x01\x02")
    data[at + 8] |= 0x1  # the central directory's "encrypted" flag
    with pytest.raises(XlsxRefused, match="không phải là tệp Excel"):
        check_xlsx(bytes(data))
    with pytest.raises(XlsxRefused, match="không phải là tệp Excel"):
        check_xlsx(workbook(strings="<sst><si><t>unclosed</sst>"))


def test_written_text_is_text():
    wb = Workbook()
    wb.active.append(["=1+1", "#N/A", "-5", 7, None, "ok"])
    wb.create_sheet("Hai")["B2"] = "@x"
    data = workbook_bytes(wb)
    check_xlsx(data)
    read = load_workbook(io.BytesIO(data))
    assert [(c.value, c.data_type) for c in read["Sheet"][1] if c.value is not None] == [
        ("=1+1", "s"), ("#N/A", "s"), ("-5", "s"), (7, "n"), ("ok", "s"),
    ]  # fmt: skip
    assert (read["Hai"]["B2"].value, read["Hai"]["B2"].data_type) == ("@x", "s")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert all(b"<f>" not in archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))

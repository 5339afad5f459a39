"""Hostile .xlsx files given to the criteria table import: each is refused with a clear
message before openpyxl parses it, nothing is saved, and the cost stays bounded — shown by
the peak of memory allocated while refusing (tracemalloc), never by a clock. Opened by
openpyxl, the first files here would take hundreds of MB (the shared strings are loaded
whole; a row is built whole, with a value for each column up to the farthest cell)."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile

import pytest
from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.scoring.models import CriteriaTable
from thidua.scoring.table_io import TableImportError, import_xlsx

from .helpers import upload
from .xlsx_files import END, MAIN, make_sheet, numbered, shared_strings, streamed, workbook

MB = 1024 * 1024
PEAK_BOUND = 4 * MB  # what refusing may allocate, whatever the file (under 1 MB today)
SST_HEAD, SST_TAIL = shared_strings()[: -len("</sst>")], "</sst>"
SHEET_HEAD = make_sheet()[: -len(END)]
NOT_XLSX = "không phải là tệp Excel .xlsx hợp lệ"


def sheet_with(rows: str = "", **kwargs) -> str:
    return make_sheet(rows, **kwargs)


def _big_row_sheet(stream) -> None:
    """One row of 20 million cells: 320 MB of sheet XML."""
    head, tail = make_sheet('<row r="3">').split('<row r="3">')
    streamed(head + '<row r="3">', "<c><v>1</v></c>", 20_000_000, "</row>" + tail)(stream)


def _lying_directory() -> bytes:
    """A 40 MB sheet whose zip directory and local header claim 2,000 bytes."""
    data = bytearray(workbook(sheet=streamed(SHEET_HEAD, "<row/>", 7_000_000, END)))
    name = b"xl/worksheets/sheet1.xml"
    for signature, size_at, name_at in ((b"PK\x01\x02", 24, 46), (b"PK\x03\x04", 22, 30)):
        at = data.find(signature)
        while data[at + name_at : at + name_at + len(name)] != name:
            at = data.find(signature, at + 1)
        assert struct.unpack_from("<I", data, at + size_at)[0] > 42_000_000  # the true size, about to be replaced
        struct.pack_into("<I", data, at + size_at, 2_000)
    return bytes(data)


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + f']><sst xmlns="{MAIN}"><si><t>&i;</t></si></sst>'
)

BOMBS = {
    # name: (file, words of the message)
    "sheet decompressing to 320 MB, one row of 20 million cells": (lambda: workbook(sheet=_big_row_sheet), "khi giải nén quá lớn"),
    "3 million shared strings (48 MB)": (
        lambda: workbook(strings=streamed(SST_HEAD, "<si><t>a</t></si>", 3_000_000, SST_TAIL)), "khi giải nén quá lớn"),
    "800,000 different shared strings within the sizes": (
        lambda: workbook(strings=numbered(SST_HEAD, "<si><t>{n}</t></si>", 800_000, SST_TAIL)), "quá nhiều chuỗi văn bản"),
    "1,000,000 rows filled": (
        lambda: workbook(sheet=numbered(SHEET_HEAD, '<row r="{n}"><c r="J{n}"><v>1</v></c></row>', 1_000_000, END)),
        "khi giải nén quá lớn"),
    "20,000 rows within the sizes": (
        lambda: workbook(sheet=numbered(SHEET_HEAD, '<row r="{n}"/>', 20_000, END)), "quá nhiều dòng"),
    "one cell in row 1,000,000": (
        lambda: workbook(sheet=sheet_with('<row r="1000000"><c r="A1000000"><v>1</v></c></row>')), "quá nhiều dòng"),
    "1,000,000 rows declared": (lambda: workbook(sheet=sheet_with(head='<dimension ref="A1:I1000000"/>')), "quá nhiều dòng"),
    "one cell in the last column": (lambda: workbook(sheet=sheet_with('<row r="3"><c r="XFD3"><v>1</v></c></row>')), "quá nhiều cột"),
    "a 10-million-character shared string": (
        lambda: workbook(strings=streamed(SST_HEAD + "<si><t>", "a", 10_000_000, "</t></si>" + SST_TAIL)), "bị nén bất thường"),
    "a 100,000-character shared string": (
        lambda: workbook(strings=shared_strings("<si><t>" + "ab" * 50_000 + "</t></si>")), "quá dài"),
    "a 100,000-character cell": (
        lambda: workbook(sheet=sheet_with(f'<row r="3"><c r="A3" t="inlineStr"><is><t>{"ab" * 50_000}</t></is></c></row>')), "quá dài"),
    "entity expansion (billion laughs)": (lambda: workbook(strings=BILLION_LAUGHS), "DOCTYPE"),
    "a zip directory lying about a 40 MB sheet": (_lying_directory, NOT_XLSX),
    "5 MB of zeros as an image": (lambda: workbook(extra={"xl/media/image1.png": b"\0" * (5 * MB)}), "bị nén bất thường"),
    "600 parts": (lambda: workbook(extra={f"xl/media/i{i}.png": b"x" for i in range(600)}), "quá nhiều thành phần"),
    "not a zip": (lambda: b"%PDF-1.4\n" + b"x" * 5000, NOT_XLSX),
    "a zip that is not a workbook": (lambda: _zip({"readme.txt": b"hello", "data.xml": b"<a/>"}), NOT_XLSX),
    "a workbook without its workbook part": (lambda: _zip({"[Content_Types].xml": b"<Types/>", "xl/x.xml": b"<a/>"}), NOT_XLSX),
}  # fmt: skip


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_the_hand_made_workbook_is_a_valid_table():
    table = import_xlsx(workbook())
    assert [c.code for c in table.criteria] == ["A.1"]


@pytest.mark.parametrize("name", list(BOMBS))
def test_hostile_file_refused_with_bounded_cost(name):
    make, words = BOMBS[name]
    data = make()
    assert len(data) < 5 * MB  # each fits under the page's upload limit: the checks must catch it
    tracemalloc.start()
    try:
        with pytest.raises(TableImportError) as caught:
            import_xlsx(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    message = str(caught.value)
    assert words in message, message
    assert peak < PEAK_BOUND, f"{name}: {peak / MB:.1f} MB"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["3 million shared strings (48 MB)", "one cell in the last column", "not a zip"])
def test_the_page_refuses_and_saves_nothing(world, client_for, name):
    make, words = BOMBS[name]
    events = AuditEvent.objects.count()
    response = client_for(world.organizer_officer).post(
        reverse("scoring_criteria", args=[world.cluster.pk, 2026]), {"action": "import", "file": upload("bang.xlsx", make())}
    )
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not CriteriaTable.objects.exists()
    assert AuditEvent.objects.count() == events

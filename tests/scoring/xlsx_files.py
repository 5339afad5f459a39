"""Hand-made .xlsx files for the import tests: a minimal workbook as Excel writes it (with
shared strings, which openpyxl's own files lack), and the same with hostile parts. Large
parts are streamed into the zip from a repetitive payload, so that building a file that
decompresses to hundreds of MB stays cheap."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from xml.sax.saxutils import escape

from thidua.scoring.table_io import HEADERS

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
END = "</sheetData></worksheet>"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{SML}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SML}.worksheet+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SML}.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" '
    f'xmlns:r="{REL}">'
    '<sheets><sheet name="Bảng tiêu chí" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
# One valid criterion row after the header (shared strings 0-8 are the headers).
ROW = ["A", "Nhóm A", 10, "Không", "A.1", "Tiêu chí A.1", "điểm", 10, "Không"]


def make_sheet(extra_rows: str = "", *, head: str = "") -> str:
    header = "".join(f'<c r="{chr(65 + i)}1" t="s"><v>{i}</v></c>' for i in range(len(HEADERS)))
    cells = "".join(_cell(f"{chr(65 + i)}2", v) for i, v in enumerate(ROW))
    rows = f'<row r="1">{header}</row><row r="2">{cells}</row>{extra_rows}'
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{head}<sheetData>{rows}{END}'


def _cell(ref: str, value: str | int) -> str:
    if isinstance(value, int):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def shared_strings(extra: str = "") -> str:
    items = "".join(f"<si><t>{escape(h)}</t></si>" for h in HEADERS)
    return f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">{items}{extra}</sst>'


Part = str | bytes | Callable[[io.BufferedIOBase], None]


def workbook(*, sheet: Part | None = None, strings: Part | None = None, extra: dict[str, Part] | None = None) -> bytes:
    """The minimal workbook, with its sheet, its shared strings or other parts replaced
    or added (a part is its content or a function that writes it to a stream)."""
    files: dict[str, Part] = {
        "[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS, "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS, "xl/worksheets/sheet1.xml": sheet if sheet is not None else make_sheet(),
        "xl/sharedStrings.xml": strings if strings is not None else shared_strings(),
    }  # fmt: skip
    files.update(extra or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, content in files.items():
            with archive.open(name, "w", force_zip64=True) as stream:
                if callable(content):
                    content(stream)
                else:
                    stream.write(content.encode() if isinstance(content, str) else content)
    return out.getvalue()


def streamed(head: str, unit: str, times: int, tail: str, *, per_chunk: int = 1 << 16) -> Callable[[io.BufferedIOBase], None]:
    """A part made of `head`, `unit` repeated `times` times and `tail`, written in chunks."""

    def write(stream) -> None:
        stream.write(head.encode())
        chunk, left = unit.encode() * per_chunk, times
        while left >= per_chunk:
            stream.write(chunk)
            left -= per_chunk
        stream.write(unit.encode() * left)
        stream.write(tail.encode())

    return write


def numbered(head: str, template: str, count: int, tail: str) -> Callable[[io.BufferedIOBase], None]:
    """A part whose `count` items differ from each other (`template` with {n}), so that it
    does not compress a hundredfold, written in chunks."""

    def write(stream) -> None:
        stream.write(head.encode())
        for start in range(1, count + 1, 10_000):
            stream.write("".join(template.format(n=n) for n in range(start, min(start + 10_000, count + 1))).encode())
        stream.write(tail.encode())

    return write

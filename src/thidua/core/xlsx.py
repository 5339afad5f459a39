"""Spreadsheets (.xlsx) written and read by the product, safe against hostile content.

Writing — `workbook_bytes(wb)` saves a workbook after making every text cell text.
openpyxl stores a str starting with "=" as a formula (and "#N/A" and the like as an error),
so a unit named '=HYPERLINK("http://…")' would come back as a live formula in the .xlsx
every member downloads. The value is kept exact, with no apostrophe added: the criteria
table's export is imported back, and a title must come back as it was typed; a cell of type
string is never evaluated. Text that starts like a formula (= + - @, after any blanks) also
gets Excel's quotePrefix style, so that editing the cell in Excel (F2, Enter) keeps it text.

Printing — `print_setup(ws, …)` gives every exported sheet the same print set-up: A4,
landscape when the sheet is wide, fitted to one page wide, the header rows repeated on
every page, the cluster and the year in the page header and the page number in the footer.

Reading — `check_xlsx(data)` looks at an .xlsx before any parser does, and refuses it
(XlsxRefused, a 400 with a Vietnamese message) unless every limit of XlsxLimits holds:
the file's size, the number of zip entries, each entry's and the total uncompressed size
(as declared by the zip's central directory, then counted while the entries are
decompressed in chunks, stopping at the cap), the compression ratio, and in the XML: no
DOCTYPE, the number of elements, rows, cells, the farthest row and column (a single cell
at XFD1048576 would make a row-by-row reader fill a million rows of 16,384 values), the
number of shared strings and the length of each text and of all of them. The cost of the
check is bounded by those limits whatever the file, and what passes it is small enough
for openpyxl (read-only mode) to parse cheaply.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from xml.parsers import expat

from .errors import InvalidInput

MiB = 1024 * 1024


def _(message: str) -> str:
    """gettext once Django is set up; the Vietnamese source otherwise, since
    scoring.table_io also runs in plain scripts, without Django (imported only here)."""
    import sys

    if "django" in sys.modules:
        from django.conf import settings

        if settings.configured:
            from django.utils.translation import gettext

            return gettext(message)
    return message


def filesizeformat(size: int) -> str:
    return f"{size / MiB:g} MB"


# --- writing ---------------------------------------------------------------------------------------------------
FORMULA_START = ("=", "+", "-", "@")


def workbook_bytes(wb) -> bytes:
    """The saved .xlsx of `wb`, every str value stored as a string cell (never a formula or
    an error). The product writes no formulas of its own, so none is kept."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    as_text(cell)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


WIDE_COLUMNS = 7  # more columns than this: print landscape


def _header_text(text: str) -> str:
    """Text for a page header or footer: "&" starts a code there (&P is the page number)."""
    return str(text).replace("&", "&&")


def print_setup(ws, *, title: str, header_rows: tuple[int, int] = (1, 1), landscape: bool | None = None) -> None:
    """The print set-up of every sheet the product exports: paper A4; landscape when the
    sheet is wide (more than WIDE_COLUMNS columns) unless told; one page wide, as many
    pages tall as needed; rows `header_rows` (first, last) repeated at the top of every
    page; `title` (the cluster and the year) in the page header, "Trang n/m" in the footer."""
    if landscape is None:
        landscape = ws.max_column > WIDE_COLUMNS
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as the rows need
    first, last = header_rows
    ws.print_title_rows = f"{first}:{last}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.oddHeader.center.text = _header_text(title)
    ws.oddHeader.center.size = 10
    ws.oddFooter.left.text = _header_text(title)
    ws.oddFooter.left.size = 8
    ws.oddFooter.right.text = _header_text(_("Trang")) + " &P/&N"
    ws.oddFooter.right.size = 8
    ws.evenHeader.center.text, ws.evenFooter.right.text = ws.oddHeader.center.text, ws.oddFooter.right.text


def as_text(cell) -> None:
    """Make a cell holding a str a text cell, its value unchanged."""
    cell.data_type = "s"
    if cell.value.lstrip(" \t\r\n").startswith(FORMULA_START):
        cell.quotePrefix = True


# --- reading ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class XlsxLimits:
    """Far above any real file the product reads (a criteria table has at most 2,000 rows
    of 9 columns); low enough that checking, then parsing, a file stays cheap."""

    max_file_bytes: int = 5 * MiB
    max_entries: int = 500
    max_entry_bytes: int = 20 * MiB  # uncompressed
    max_total_bytes: int = 40 * MiB  # uncompressed, all entries
    max_ratio: int = 100  # uncompressed / compressed, for entries above ratio_grace_bytes
    ratio_grace_bytes: int = 1 * MiB
    max_elements: int = 1_000_000  # XML elements, all entries
    max_rows: int = 10_000  # rows in all sheets, and the farthest row number
    max_columns: int = 256  # the farthest column (IV)
    max_cells: int = 200_000
    max_shared_strings: int = 100_000
    max_string_chars: int = 32_767  # one text (Excel's own limit for a cell)
    max_text_chars: int = 5_000_000  # all texts


LIMITS = XlsxLimits()
CHUNK = 64 * 1024

_MAIN_NAMESPACES = {"http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main"}
_TEXT_ELEMENTS = {"t", "v", "f"}
_CELL_REF = re.compile(r"\$?([A-Za-z]+)\$?([0-9]+)")


class XlsxRefused(InvalidInput):
    """The file is refused before parsing; the message says why."""


def not_xlsx_message() -> str:
    return _("Tệp tải lên không phải là tệp Excel .xlsx hợp lệ.")


def check_xlsx(data: bytes, limits: XlsxLimits = LIMITS) -> None:
    """Refuse (XlsxRefused) an .xlsx beyond `limits`, before anything parses it."""
    if len(data) > limits.max_file_bytes:
        raise XlsxRefused(_("Tệp Excel quá lớn (tối đa {size}).").format(size=filesizeformat(limits.max_file_bytes)), field="file")
    # The central directory is parsed whole by ZipFile: count its entries' signatures first.
    if data.count(b"PK\x01\x02") > limits.max_entries:
        raise _too_many_entries(limits)
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise XlsxRefused(not_xlsx_message(), field="file")
    with archive:
        infos = archive.infolist()
        _check_directory(infos, limits)
        _Scan(archive, limits).run(infos)


def _too_many_entries(limits: XlsxLimits) -> XlsxRefused:
    return XlsxRefused(_("Tệp Excel có quá nhiều thành phần bên trong (tối đa {n}).").format(n=limits.max_entries), field="file")


def _too_big_inside(limits: XlsxLimits) -> XlsxRefused:
    return XlsxRefused(
        _("Tệp Excel khi giải nén quá lớn (tối đa {entry} mỗi thành phần, {total} cả tệp): tệp hỏng hoặc được tạo để gây quá tải.").format(
            entry=filesizeformat(limits.max_entry_bytes), total=filesizeformat(limits.max_total_bytes)
        ),
        field="file",
    )


def _check_directory(infos: list[zipfile.ZipInfo], limits: XlsxLimits) -> None:
    """What the central directory declares: refuse early, before decompressing anything."""
    if len(infos) > limits.max_entries:
        raise _too_many_entries(limits)
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or not any(name.startswith("xl/") for name in names):
        raise XlsxRefused(not_xlsx_message(), field="file")
    if any(info.flag_bits & 0x1 for info in infos):  # encrypted entries
        raise XlsxRefused(not_xlsx_message(), field="file")
    if any(info.file_size > limits.max_entry_bytes for info in infos) or sum(i.file_size for i in infos) > limits.max_total_bytes:
        raise _too_big_inside(limits)
    for info in infos:
        _check_ratio(info.file_size, info.compress_size, limits)


def _check_ratio(size: int, compressed: int, limits: XlsxLimits) -> None:
    if size > limits.ratio_grace_bytes and size > limits.max_ratio * max(compressed, 1):
        raise XlsxRefused(
            _("Tệp Excel bị nén bất thường (giải nén lớn gấp hơn {ratio} lần): tệp hỏng hoặc được tạo để gây quá tải.").format(
                ratio=limits.max_ratio
            ),
            field="file",
        )


class _Scan:
    """Decompresses every entry in chunks (never more than the caps, whatever the central
    directory claims) and feeds the XML ones to a streaming parser that counts."""

    def __init__(self, archive: zipfile.ZipFile, limits: XlsxLimits):
        self.archive, self.limits = archive, limits
        self.total = self.elements = self.rows = self.cells = self.strings = self.text = 0

    def run(self, infos: list[zipfile.ZipInfo]) -> None:
        for info in infos:
            if not info.is_dir():
                self._entry(info)

    def _entry(self, info: zipfile.ZipInfo) -> None:
        limits = self.limits
        xml = info.filename.lower().endswith((".xml", ".rels"))
        parser = _EntryParser(self) if xml else None
        read = 0
        try:
            with self.archive.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    read += len(chunk)
                    self.total += len(chunk)
                    if read > limits.max_entry_bytes or self.total > limits.max_total_bytes:
                        raise _too_big_inside(limits)
                    _check_ratio(read, info.compress_size, limits)
                    if parser is not None:
                        parser.feed(chunk)
            if parser is not None:
                parser.feed(b"", final=True)
        except XlsxRefused:
            raise
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError, expat.ExpatError):
            # A bad CRC (a size the directory lied about), an unknown compression, broken XML.
            raise XlsxRefused(not_xlsx_message(), field="file")


class _EntryParser:
    """Counts one XML entry's elements, rows, cells, shared strings and text lengths;
    raises XlsxRefused as soon as a limit is passed (so that parsing stops there)."""

    def __init__(self, scan: _Scan):
        self.scan, self.limits = scan, scan.limits
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.buffer_text = True
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._doctype
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._characters
        self.stack: list[str] = []
        self.row = 0  # the current row's number and the last cell's column, as openpyxl counts them
        self.column = 0
        self.string_chars = 0  # of the current shared string, or of the current cell's text

    def feed(self, chunk: bytes, final: bool = False) -> None:
        self.parser.Parse(chunk, final)

    def _doctype(self, *args) -> None:
        # No real .xlsx has one; entity definitions are how XML bombs expand.
        raise XlsxRefused(_("Tệp Excel chứa khai báo DOCTYPE, không được chấp nhận."), field="file")

    def _start(self, name: str, attrs: dict) -> None:
        scan, limits = self.scan, self.limits
        scan.elements += 1
        if scan.elements > limits.max_elements:
            raise XlsxRefused(_("Tệp Excel có quá nhiều phần tử (tối đa {n}).").format(n=limits.max_elements), field="file")
        namespace, _sep, local = name.rpartition(" ")
        self.stack.append(local)
        if namespace not in _MAIN_NAMESPACES:
            return
        if local == "row":
            scan.rows += 1
            self.row = _number(attrs.get("r"), self.row + 1)
            self.column = 0
            self._check_rows(max(scan.rows, self.row))
        elif local == "c":
            scan.cells += 1
            if scan.cells > limits.max_cells:
                raise XlsxRefused(_("Tệp Excel có quá nhiều ô (tối đa {n}).").format(n=limits.max_cells), field="file")
            match = _CELL_REF.fullmatch(attrs.get("r", ""))
            self.column = _column(match.group(1)) if match else self.column + 1
            self._check_columns(self.column)
            if match:
                self._check_rows(_number(match.group(2), 0))
            self.string_chars = 0
        elif local == "si":
            scan.strings += 1
            if scan.strings > limits.max_shared_strings:
                raise XlsxRefused(_("Tệp Excel có quá nhiều chuỗi văn bản (tối đa {n}).").format(n=limits.max_shared_strings), field="file")
            self.string_chars = 0
        elif local == "dimension":
            # The declared size: openpyxl is told to ignore it, other readers may not.
            for ref in str(attrs.get("ref", "")).split(":"):
                if match := _CELL_REF.fullmatch(ref):
                    self._check_columns(_column(match.group(1)))
                    self._check_rows(_number(match.group(2), 0))

    def _end(self, name: str) -> None:
        self.stack.pop()

    def _characters(self, data: str) -> None:
        if not self.stack or self.stack[-1] not in _TEXT_ELEMENTS:
            return
        scan, limits = self.scan, self.limits
        self.string_chars += len(data)
        scan.text += len(data)
        if self.string_chars > limits.max_string_chars:
            raise XlsxRefused(
                _("Tệp Excel có ô hoặc chuỗi văn bản quá dài (tối đa {n} ký tự).").format(n=limits.max_string_chars), field="file"
            )
        if scan.text > limits.max_text_chars:
            raise XlsxRefused(_("Tệp Excel có quá nhiều chữ (tối đa {n} ký tự).").format(n=limits.max_text_chars), field="file")

    def _check_rows(self, rows: int) -> None:
        if rows > self.limits.max_rows:
            raise XlsxRefused(_("Tệp Excel có quá nhiều dòng (tối đa {n}).").format(n=self.limits.max_rows), field="file")

    def _check_columns(self, column: int) -> None:
        if column > self.limits.max_columns:
            raise XlsxRefused(_("Tệp Excel có quá nhiều cột (tối đa {n}).").format(n=self.limits.max_columns), field="file")


_FAR = 10**10  # beyond any limit: what a reference too long to convert cheaply stands for


def _number(text, default: int) -> int:
    """A row's r attribute as openpyxl reads it (any length: a huge one is refused after)."""
    if not isinstance(text, str) or not re.fullmatch(r"[0-9]+", text):
        return default
    return int(text) if len(text) <= 9 else _FAR


def _column(letters: str) -> int:
    if len(letters) > 3:
        return _FAR
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - ord("A") + 1
    return index

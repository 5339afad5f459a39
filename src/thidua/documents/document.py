"""The document model: what an official document (Decree 30/2020/NĐ-CP) says, as plain
dataclasses, independent of how it is rendered. `docx/` turns it into a Word file (the
primary output) and `html.py` into an HTML preview; both follow the same layout.

A document is: the issuer block (parent authority, issuing body), the number
("Số: 91/KH-CTĐ"), the place and date line, the type line and subject ("KẾ HOẠCH" /
"Tổ chức Hội nghị …") or, for a công văn, a "V/v …" line under the number, the body (a list
of blocks), the signature block(s) and the recipients ("Nơi nhận:").

Nothing here touches the database; `thidua.documents.places.place_name` gives the place
for a `Province` on a date, `thidua.documents.numbering` hands out numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

#: Appendix III of Decree 30/2020 (and QĐ, which Appendix III lists as "QĐ"): the type
#: codes used in numbers, with the type line printed above the subject.
TYPE_CODES: dict[str, str] = {
    "KH": "KẾ HOẠCH",
    "BC": "BÁO CÁO",
    "BB": "BIÊN BẢN",
    "TTr": "TỜ TRÌNH",
    "QĐ": "QUYẾT ĐỊNH",
    "TB": "THÔNG BÁO",
    "GM": "GIẤY MỜI",
    "QC": "QUY CHẾ",
    "CTr": "CHƯƠNG TRÌNH",
    "HD": "HƯỚNG DẪN",
}
#: An ordinary letter (công văn) has no type code: "123/SNgV-VP".
CONG_VAN = ""

Align = Literal["left", "center", "right", "justify"]
ALIGNS = ("left", "center", "right", "justify")


# --- number, place and date --------------------------------------------------------------
@dataclass(frozen=True)
class DocumentNumber:
    """"91/KH-CTĐ": number / type code - issuer symbol. Numbers below 10 take a leading
    zero ("05/KH-CTĐ"). `number=None` is a draft whose number the clerk fills in when the
    document is issued ("Số:      /KH-CTĐ"). A công văn has `type_code=""`: "123/SNgV-VP"
    (the issuer symbol may then name the drafting division after a hyphen)."""

    number: int | None
    type_code: str
    issuer_symbol: str

    def __post_init__(self) -> None:
        if self.number is not None and (not isinstance(self.number, int) or self.number < 1):
            raise ValueError(f"A document number is a positive integer, not {self.number!r}.")
        if not self.issuer_symbol.strip() or "/" in self.issuer_symbol or " " in self.issuer_symbol.strip():
            raise ValueError(f"Invalid issuer symbol {self.issuer_symbol!r}.")
        if "/" in self.type_code or "-" in self.type_code or " " in self.type_code:
            raise ValueError(f"Invalid type code {self.type_code!r}.")

    @property
    def display_number(self) -> str:
        return "      " if self.number is None else f"{self.number:02d}"

    @property
    def symbol(self) -> str:
        """The part after the slash: "KH-CTĐ", or "SNgV-VP" for a công văn."""
        return f"{self.type_code}-{self.issuer_symbol}" if self.type_code else self.issuer_symbol

    def __str__(self) -> str:
        return f"{self.display_number}/{self.symbol}"

    @property
    def line(self) -> str:
        return f"Số: {self}"


def format_date_vi(day: dt.date) -> str:
    """"ngày 05 tháng 02 năm 2026": days below 10 and the months January and February take
    a leading zero; March to September do not ("ngày 15 tháng 3 năm 2026")."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


#: The date line an unnumbered draft leaves for the clerk.
BLANK_DATE = "ngày … tháng … năm …"


def blank_date_line(place: str) -> str:
    """"Thanh Hóa, ngày … tháng … năm …": the place kept, the day left blank."""
    return f"{place.strip() or '……'}, {BLANK_DATE}"


def date_line(place: str, day: dt.date) -> str:
    """"Quảng Nam, ngày 23 tháng 11 năm 2022"."""
    if not place.strip():
        raise ValueError("The date line needs a place.")
    return f"{place.strip()}, {format_date_vi(day)}"


# --- header --------------------------------------------------------------------------------
@dataclass
class Issuer:
    """The one body that issues a document: its header (the parent authority "UBND TỈNH
    THANH HÓA", may be empty, and its own name "SỞ NGOẠI VỤ", both printed in capitals; a
    "\\n" in either forces a line break), its symbol in numbers ("SNgV" in "91/KH-SNgV"),
    its seat (the place of the date line: "Thanh Hóa"), its register (`unit_id`, the unit
    whose văn thư numbers the document) and its signature authority: `on_behalf_of` is the
    collective body it signs for ("CỤM THI ĐUA SỐ 3" gives the "TM. CỤM THI ĐUA SỐ 3"
    line above the signer's title) where the cluster's regulation says so.

    Builders take the header, the number's symbol, the place and the "TM." line from here
    (`number`, `authority`), so that they can never disagree. Only `issuing_body` is
    required: builders that do not (yet) know the rest keep working."""

    issuing_body: str
    parent_authority: str = ""
    symbol: str = ""
    place: str = ""
    on_behalf_of: str = ""
    unit_id: int | None = None
    #: the signer's title when the builder names none ("CỤM TRƯỞNG" for the cluster's
    #: leader, "GIÁM ĐỐC" for a unit signing in its own name)
    title: str = ""

    def number(self, number: int | None, type_code: str) -> DocumentNumber:
        """The document's number under this issuer's symbol ("91/KH-SNgV")."""
        return DocumentNumber(number, type_code, self.symbol)

    def authority(self, *title: str) -> list[str]:
        """The signature's authority lines: "TM. CỤM THI ĐUA SỐ 3" (when the issuer signs
        on behalf of a collective body), then the signer's title ("CỤM TRƯỞNG"; without
        one, the issuer's own `title`)."""
        lines = [f"TM. {self.on_behalf_of.upper()}"] if self.on_behalf_of.strip() else []
        titles = [t for t in title if t] or ([self.title] if self.title else [])
        return [*lines, *titles]

    @property
    def name(self) -> str:
        """The issuing body on one line, as the document's author."""
        return " ".join(self.issuing_body.split())


# --- body blocks ---------------------------------------------------------------------------
@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


Inline = str | Run


def runs_of(content: str | Run | list[Inline]) -> list[Run]:
    if isinstance(content, str):
        return [Run(content)]
    if isinstance(content, Run):
        return [content]
    return [Run(item) if isinstance(item, str) else item for item in content]


@dataclass
class Paragraph:
    """A body paragraph: justified, first-line indent, 14 pt unless told otherwise.
    `content` is a string or a list of strings and `Run`s (bold/italic parts)."""

    content: str | list[Inline]
    align: Align = "justify"
    first_line_indent: bool = True
    bold: bool = False
    italic: bool = False
    size: float | None = None
    keep_with_next: bool = False

    def __post_init__(self) -> None:
        if self.align not in ALIGNS:
            raise ValueError(f"Unknown alignment {self.align!r}.")
        if self.size is not None:
            self.size = float(self.size)

    @property
    def runs(self) -> list[Run]:
        return runs_of(self.content)


@dataclass
class Heading:
    """A numbered heading of the body: level 1 "I. MỤC ĐÍCH, YÊU CẦU" (bold), level 2
    "1. Mục đích" (bold), level 3 "a) …" (italic). The builder gives the label ("I.",
    "1.", "a)") and the text as it should be printed. Always kept with the next block."""

    text: str
    label: str = ""
    level: int = 1
    #: a "Chương I" / "QUY ĐỊNH CHUNG" heading of a regulation (quy chế): centred, bold, no
    #: indent; a "\n" in `display` breaks the line (the chapter's number above its title)
    centered: bool = False

    def __post_init__(self) -> None:
        if self.level not in (1, 2, 3):
            raise ValueError("Heading levels are 1, 2 and 3.")

    @property
    def display(self) -> str:
        if self.centered and self.label:
            return f"{self.label}\n{self.text}"
        return f"{self.label} {self.text}" if self.label else self.text


ListStyle = Literal["dash", "plus", "bullet", "number", "letter"]


@dataclass
class ListBlock:
    """Items printed as body paragraphs that start with a marker: "- " (the usual one in
    Vietnamese documents), "+ ", "• ", "1. ", "a) "."""

    items: list[str | list[Inline]]
    style: ListStyle = "dash"

    def marker(self, index: int) -> str:
        if self.style == "number":
            return f"{index + 1}."
        if self.style == "letter":
            return f"{'abcdefghiklmnopqrstuvxy'[index % 23]})"
        return {"dash": "-", "plus": "+", "bullet": "•"}[self.style]


@dataclass
class Table:
    """A bordered table with a header row (bold, centred, repeated on every page).
    `widths_mm` are the column widths (default: equal parts of the text width);
    `align` is one alignment per column (default: left, numbers right).

    A grouped (two-row) header, as an annex's ranking table has: `groups` covers the
    columns from left to right, each `(label, span)`; a group of span 1 is a column whose
    header cell fills both rows (vertically merged: "TT", "Đơn vị"), a wider group prints
    its label over its columns (horizontally merged: "Điểm theo nhóm tiêu chí") with the
    columns' own headers under it. `spans` merges body cells across columns:
    `{(row, column): n}` makes the cell span n columns (the cells it covers stay empty,
    e.g. "Tổng cộng" over TT and Đơn vị). The last `total_rows` rows are printed bold."""

    header: list[str]
    rows: list[list[str]]
    widths_mm: list[float] | None = None
    align: list[Align] | None = None
    size: float = 13
    groups: list[tuple[str, int]] | None = None
    spans: dict[tuple[int, int], int] | None = None
    total_rows: int = 0

    def __post_init__(self) -> None:
        width = len(self.header)
        if not width:
            raise ValueError("A table needs a header row.")
        if any(len(row) != width for row in self.rows):
            raise ValueError("Every row of a table must have as many cells as the header.")
        if self.widths_mm is not None and len(self.widths_mm) != width:
            raise ValueError("One width per column.")
        if self.align is not None and (len(self.align) != width or any(a not in ALIGNS for a in self.align)):
            raise ValueError("One alignment (left, center, right, justify) per column.")
        if self.widths_mm is not None:
            self.widths_mm = [float(w) for w in self.widths_mm]
        self.size = float(self.size)
        if self.groups is not None:
            self.groups = [(str(label), int(span)) for label, span in self.groups]
            if any(span < 1 for _label, span in self.groups) or sum(span for _label, span in self.groups) != width:
                raise ValueError("The header groups must cover every column once.")
        for (row, col), span in (self.spans or {}).items():
            if not (0 <= row < len(self.rows) and col >= 0 and span >= 2 and col + span <= width):
                raise ValueError(f"A merged cell ({row}, {col}) × {span} lies outside the table.")
            if any(self.rows[row][c].strip() for c in range(col + 1, col + span)):
                raise ValueError("The cells covered by a merged cell must be empty.")
        if not 0 <= self.total_rows <= len(self.rows):
            raise ValueError("More total rows than rows.")

    @property
    def header_rows(self) -> list[list[tuple[str, int, int, int]]]:
        """The header as rows of `(text, column, colspan, rowspan)`: one row, or two with
        grouped columns (a span-1 group's cell spans both rows)."""
        if not self.groups:
            return [[(text, i, 1, 1) for i, text in enumerate(self.header)]]
        top, bottom, col = [], [], 0
        for label, span in self.groups:
            if span == 1:
                top.append((self.header[col], col, 1, 2))
            else:
                top.append((label, col, span, 1))
                bottom.extend((self.header[c], c, 1, 1) for c in range(col, col + span))
            col += span
        return [top, bottom]

    def body_cells(self, row: int) -> list[tuple[str, int, int]]:
        """One body row as `(text, column, colspan)`, the cells under a merge left out."""
        spans = self.spans or {}
        cells, col = [], 0
        while col < len(self.header):
            span = spans.get((row, col), 1)
            cells.append((self.rows[row][col], col, span))
            col += span
        return cells

    def is_total_row(self, row: int) -> bool:
        return row >= len(self.rows) - self.total_rows


@dataclass
class PageBreak:
    pass


@dataclass
class SectionBreak:
    """Start a new page in portrait or landscape orientation (landscape for wide tables);
    page numbering continues."""

    landscape: bool = False


Block = Paragraph | Heading | ListBlock | Table | PageBreak | SectionBreak


# --- the parts of a decision (quyết định) and of a regulation (quy chế) ----------------------
def authority_title(text: str) -> Paragraph:
    """The decision-maker's title under the subject ("GIÁM ĐỐC SỞ NGOẠI VỤ"): centred, bold."""
    return Paragraph(text.upper(), align="center", first_line_indent=False, bold=True, keep_with_next=True)


def legal_basis(text: str) -> Paragraph:
    """A "Căn cứ …;" line of a decision: italic, indented like a body paragraph."""
    return Paragraph(text, italic=True, keep_with_next=True)


def decides_line(text: str = "QUYẾT ĐỊNH:") -> Paragraph:
    """The "QUYẾT ĐỊNH:" line between the bases and the articles: centred, bold."""
    return Paragraph(text, align="center", first_line_indent=False, bold=True, keep_with_next=True)


def article(number: int, text: str | list[Inline] = "", title: str = "") -> list[Paragraph]:
    """An article: "**Điều 1.** <text>" in one paragraph, or with a `title`, the bold line
    "Điều 1. <title>" kept with its text below (a regulation's articles)."""
    head = f"Điều {number}. {title}".rstrip()
    if title:
        return [Paragraph([Run(head, bold=True)], keep_with_next=True), *([Paragraph(text)] if text else [])]
    return [Paragraph([Run(head + " ", bold=True), *runs_of(text)])]


def chapter(number: str, title: str) -> Heading:
    """"Chương I" over "QUY ĐỊNH CHUNG", centred and bold (a regulation's chapter)."""
    return Heading(title.upper(), label=f"Chương {number}", centered=True)


# --- signatures and recipients -----------------------------------------------------------
@dataclass
class Signature:
    """A signature block: the authority lines in capitals, bold ("TM. CỤM THI ĐUA SỐ 3",
    "CỤM TRƯỞNG" or "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), an optional italic note
    ("(Ký, ghi rõ họ tên)"), room for the signature and seal, and the signer's full name
    (bold). `position` matters when there are one or two signatures (minutes: THƯ KÝ left,
    CHỦ TỌA right)."""

    authority: list[str]
    signer: str = ""
    position: Literal["left", "right"] = "right"
    note: str = ""


@dataclass
class Recipients:
    """"Nơi nhận:" — each line printed "- <line>;" and the last "- Lưu: VT, <drafting unit>."."""

    to: list[str]
    archive: list[str] = field(default_factory=lambda: ["VT"])

    @property
    def lines(self) -> list[str]:
        out = []
        for line in self.to:
            line = line.strip().removeprefix("- ").strip()
            out.append(f"- {line}" if line.endswith((";", ":", ".")) else f"- {line};")
        out.append(f"- Lưu: {', '.join(self.archive)}.")
        return out


# --- the document --------------------------------------------------------------------------
@dataclass
class Document:
    """An official document. `type_title` is the type line ("KẾ HOẠCH"; defaults to the
    type code's title); leave it empty with `number.type_code == ""` for a công văn, whose
    `subject` is then printed as "V/v <subject>" under the number. `addressees` gives the
    "Kính gửi:" lines of a công văn or a tờ trình."""

    issuer: Issuer
    number: DocumentNumber
    place: str
    date: dt.date
    subject: str
    type_title: str | None = None
    addressees: list[str] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    #: columns of the signature grid; default: 2 for up to 4 signatures, else 3
    signature_columns: int | None = None
    recipients: Recipients | None = None
    landscape: bool = False
    #: blocks after the signatures and recipients (an annex, phụ lục), usually starting
    #: with a `SectionBreak` (landscape for a wide table)
    annex: list[Block] = field(default_factory=list)
    #: marked "DỰ THẢO" on its first page; default: a document without a number is a draft
    draft: bool | None = None
    #: the index in `signatures` of the issuer's own signature block, where a digital
    #: signature's visible stamp goes; default: the right-hand one (else the first)
    issuer_signature: int | None = None
    #: whether the date line carries `date`; default: only a numbered document does — an
    #: unnumbered draft leaves "ngày … tháng … năm …" for the clerk, who dates it when it
    #: is issued (a draft printed years later must not carry the day it was printed).
    #: Minutes of a meeting that took place pass True: their date is the meeting's.
    dated: bool | None = None

    def __post_init__(self) -> None:
        if self.type_title is None:
            self.type_title = TYPE_CODES.get(self.number.type_code, "")
        if self.signature_columns is not None and self.signature_columns not in (1, 2, 3, 4):
            raise ValueError("A signature grid has 1 to 4 columns.")
        if self.recipients is not None and self.issuer.symbol:
            # "Lưu: VT, SNgV" on a document of the SNgV names the issuer itself: the archive
            # is its văn thư and, when known, its drafting division, never the body again.
            own = self.issuer.symbol.casefold()
            self.recipients.archive = [a for a in self.recipients.archive if a.casefold() != own] or ["VT"]

    @property
    def is_draft(self) -> bool:
        """Unnumbered (or said to be a draft): printed with the "DỰ THẢO" mark, so that a
        copy in circulation is never taken for the issued document."""
        return self.number.number is None if self.draft is None else self.draft

    @property
    def issuer_signature_index(self) -> int | None:
        if not self.signatures:
            return None
        if self.issuer_signature is not None:
            if not 0 <= self.issuer_signature < len(self.signatures):
                raise ValueError("issuer_signature is not the index of a signature.")
            return self.issuer_signature
        rows = self.signature_layout().rows
        side_by_side = len(self.signatures) <= 2 and not self.signature_columns
        # side by side, the issuer signs on the right (minutes: CHỦ TỌA); in a grid (the
        # covenant) the first block is the issuer's (the leader unit's)
        if side_by_side and rows and isinstance(rows[0][1], Signature):
            right = rows[0][1]
            return next(i for i, s in enumerate(self.signatures) if s is right)
        return 0

    @property
    def is_letter(self) -> bool:
        """A công văn: no type line; the subject is the "V/v …" line."""
        return not self.type_title

    @property
    def vv_line(self) -> str:
        return f"V/v {self.subject}" if self.is_letter and self.subject else ""

    @property
    def is_dated(self) -> bool:
        return self.number.number is not None if self.dated is None else self.dated

    @property
    def date_line(self) -> str:
        return date_line(self.place, self.date) if self.is_dated else blank_date_line(self.place)

    @property
    def grid_columns(self) -> int:
        if self.signature_columns:
            return self.signature_columns
        return 2 if len(self.signatures) <= 4 else 3

    def signature_layout(self) -> SignatureLayout:
        return signature_layout(self)


# --- signature layout (shared by both renderers) -------------------------------------------
Cell = Signature | Recipients | None


@dataclass
class SignatureLayout:
    """Rows of cells, `columns` wide: either one row side by side (the recipients on the
    left and a signature on the right, or two signatures), or a grid of signatures. The
    recipients go in `recipients_below` when they do not fit beside a signature."""

    rows: list[list[Cell]]
    columns: int
    recipients_below: Recipients | None = None


def signature_layout(document: Document) -> SignatureLayout:
    sigs, recipients = document.signatures, document.recipients
    if len(sigs) <= 2 and not document.signature_columns:
        left = [s for s in sigs if s.position == "left"]
        right = [s for s in sigs if s.position != "left"]
        if len(right) == 2:  # two signatures asking for the same side: the first goes left
            left, right = right[:1], right[1:]
        elif len(left) == 2:
            left, right = left[:1], left[1:]
        left_cell: Cell = left[0] if left else recipients
        right_cell: Cell = right[0] if right else None
        rows: list[list[Cell]] = [[left_cell, right_cell]] if (left_cell or right_cell) else []
        return SignatureLayout(rows=rows, columns=2, recipients_below=recipients if left else None)
    columns = document.grid_columns
    rows = [list(sigs[i : i + columns]) + [None] * (columns - len(sigs[i : i + columns])) for i in range(0, len(sigs), columns)]
    return SignatureLayout(rows=rows, columns=columns, recipients_below=recipients)

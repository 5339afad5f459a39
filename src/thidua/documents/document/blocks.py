"""The blocks of a document's body (paragraphs with runs, headings, lists, data tables with
grouped headers, page and section breaks) and the parts of a decision or a regulation
(legal basis, "QUYẾT ĐỊNH:", articles, chapters): what both renderers walk through."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Align = Literal["left", "center", "right", "justify"]
ALIGNS = ("left", "center", "right", "justify")


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

    def lead(self, index: int) -> str:
        """The marker and the space after it, a no-break space: a marker is never left
        alone at the end of a line (WeasyPrint broke "- Hoàng Văn Lợi, …" after the dash)."""
        return self.marker(index) + "\u00a0"


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

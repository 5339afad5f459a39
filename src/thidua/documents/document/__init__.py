"""The document model: what an official document (Decree 30/2020/NĐ-CP) says, as plain
dataclasses, independent of how it is rendered. `docx/` turns it into a Word file (the
primary output) and `html.py` into an HTML preview; both follow the same layout.

A document is: the issuer block (parent authority, issuing body), the number
("Số: 91/KH-CTĐ"), the place and date line, the type line and subject ("KẾ HOẠCH" /
"Tổ chức Hội nghị …") or, for a công văn, a "V/v …" line under the number, the body (a list
of blocks), the signature block(s) and the recipients ("Nơi nhận:").

Nothing here touches the database; `thidua.documents.places.place_name` gives the place
for a `Province` on a date, `thidua.documents.numbering` hands out numbers.

The package, by subject: `numbers` (number, type codes, place and date), `issuer`, `blocks`
(the body's blocks and a decision's parts), `signatures` (signatures and recipients); this
module holds the `Document` itself and the signature layout both renderers share, and
re-exports every name so that `from thidua.documents.document import Paragraph, …` keeps
working.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .blocks import (
    ALIGNS,
    Align,
    Block,
    Heading,
    Inline,
    ListBlock,
    ListStyle,
    PageBreak,
    Paragraph,
    Run,
    SectionBreak,
    Table,
    article,
    authority_title,
    chapter,
    decides_line,
    legal_basis,
    runs_of,
)
from .issuer import Issuer
from .numbers import BLANK_DATE, CONG_VAN, TYPE_CODES, DocumentNumber, blank_date_line, date_line, format_date_vi
from .signatures import Recipients, Signature


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

__all__ = [
    "ALIGNS",
    "BLANK_DATE",
    "CONG_VAN",
    "TYPE_CODES",
    "Align",
    "Block",
    "Cell",
    "Document",
    "DocumentNumber",
    "Heading",
    "Inline",
    "Issuer",
    "ListBlock",
    "ListStyle",
    "PageBreak",
    "Paragraph",
    "Recipients",
    "Run",
    "SectionBreak",
    "Signature",
    "SignatureLayout",
    "Table",
    "article",
    "authority_title",
    "blank_date_line",
    "chapter",
    "date_line",
    "decides_line",
    "format_date_vi",
    "legal_basis",
    "runs_of",
    "signature_layout",
]

"""The issuer (parent authority and issuing body) that heads a document and gives its
number's symbol, its place and its "TM." line."""

from __future__ import annotations

from dataclasses import dataclass

from .numbers import DocumentNumber


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
    #: the body's whole name where text names it ("Sở Ngoại vụ tỉnh Thanh Hóa"), when the
    #: header splits it ("UBND TỈNH THANH HÓA" / "SỞ NGOẠI VỤ"); default: `issuing_body`
    full_name: str = ""

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
        """The issuing body on one line, as running text and the document's author name it."""
        return " ".join((self.full_name or self.issuing_body).split())

"""A document's number ("Số: 91/KH-CTĐ"), its type codes (Appendix III of Decree 30) and
the place-and-date line ("Hà Nội, ngày 05 tháng 3 năm 2026"), blank for undated drafts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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

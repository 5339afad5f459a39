"""Names for the header of a document that come from the organisation data: the place of
the date line (the province's name on the document's date — after 1 July 2025 the new
province: "Đà Nẵng", not "Quảng Nam"; the issuer's seat, except for minutes, which take
the place where the meeting was held) and the issuer block of a unit."""

from __future__ import annotations

import datetime as dt
import re

from thidua.org.models import Province, Unit
from thidua.org.selectors import province_on

from .document import Issuer


def place_name(province: Province, day: dt.date) -> str:
    """The place written in the date line: the short name of the province that covers
    `province`'s territory on `day` ("Thành phố Đà Nẵng" -> "Đà Nẵng")."""
    return province_on(province, day).short_name


def issuer_for_unit(unit: Unit, day: dt.date | None = None, *, on_behalf_of: str = "") -> Issuer:
    """The issuer block of a unit: its parent authority, and its own name without the
    trailing "tỉnh <X>" / "thành phố <X>" that the parent authority line already says
    ("UBND TỈNH QUẢNG NAM" / "SỞ NGOẠI VỤ"); its symbol, its register (the unit) and, with
    `day`, its seat: the place of the date line (its province's name on that day)."""
    body = unit.name
    if unit.parent_authority.strip():
        body = re.sub(r"\s+(tỉnh|thành phố|TP\.?)\s+\S.*$", "", body, flags=re.IGNORECASE) or unit.name
    place = place_name(unit.province, day) if day is not None and unit.province_id else ""
    return Issuer(
        issuing_body=body, parent_authority=unit.parent_authority, symbol=unit.symbol, place=place,
        on_behalf_of=on_behalf_of, unit_id=unit.pk, full_name=unit.name,
    )


def meeting_place(province: Province | None, day: dt.date, fallback: str = "") -> str:
    """The place of a minutes' date line: where the meeting was held (the host's
    province), not the issuer's seat — the one exception to the issuer's place."""
    return place_name(province, day) if province is not None else fallback

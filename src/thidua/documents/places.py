"""Names for the header of a document that come from the organisation data: the place of
the date line (the province's name on the document's date — after 1 July 2025 the new
province: "Đà Nẵng", not "Quảng Nam") and the issuer block of a unit."""

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


def issuer_for_unit(unit: Unit) -> Issuer:
    """The issuer block of a unit: its parent authority, and its own name without the
    trailing "tỉnh <X>" / "thành phố <X>" that the parent authority line already says
    ("UBND TỈNH QUẢNG NAM" / "SỞ NGOẠI VỤ")."""
    body = unit.name
    if unit.parent_authority.strip():
        body = re.sub(r"\s+(tỉnh|thành phố|TP\.?)\s+\S.*$", "", body, flags=re.IGNORECASE) or unit.name
    return Issuer(issuing_body=body, parent_authority=unit.parent_authority)

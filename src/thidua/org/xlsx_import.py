"""What the .xlsx imports share (accounts.imports, awards.awards_io; here, beside org.text.fold, which it uses): reading cells as
people type them (headers matched without diacritics or case, Vietnamese dd/mm/yyyy dates),
the rows of a sheet by their headers, and the dry-run file sent back sealed with its report
(base64, signed for the person and the file's digest) so that "Nhập" and the report's
download take only a file that went through the dry run — nothing is stored between."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import re
import unicodedata

from django.core import signing

from thidua.org.text import fold


def cell_key(text) -> str:
    """A header or a word as a key: diacritics and case folded, spaces collapsed, a trailing
    "*" or ":" dropped ("Tên đơn vị *" → "ten don vi")."""
    return fold(" ".join(unicodedata.normalize("NFC", str(text or "")).split())).rstrip(" *:")


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


def cell_date(value) -> dt.date:
    """A date cell or a "dd/mm/yyyy" text; ValueError otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if not match:
        raise ValueError
    day, month, year = (int(g) for g in match.groups())
    return dt.date(year, month, day)


def header_positions(header_row, columns, aliases: dict[str, str] | None = None) -> dict[str, int]:
    """{field: column index} for `columns` ((field, header, required), …) found in the row."""
    by_key = {cell_key(header): name for name, header, _required in columns} | dict(aliases or {})
    positions: dict[str, int] = {}
    for index, header in enumerate(header_row or ()):
        name = by_key.get(cell_key(header))
        if name and name not in positions:
            positions[name] = index
    return positions


def seal(user_pk, data: bytes, salt: str) -> dict:
    digest = hashlib.sha256(data).hexdigest()
    return {"payload": base64.b64encode(data).decode("ascii"), "seal": signing.Signer(salt=salt).sign(f"{user_pk}:{digest}")}


def unseal(post, user_pk, salt: str, max_bytes: int) -> bytes | None:
    """The dry-run file sent back in `post`, or None when it is missing, too big or altered."""
    payload, sealed = post.get("payload", ""), post.get("seal", "")
    if not payload or len(payload) > max_bytes * 4 // 3 + 8:
        return None
    try:
        data = base64.b64decode(payload, validate=True)
        expected = signing.Signer(salt=salt).unsign(sealed)
    except (binascii.Error, ValueError, signing.BadSignature):
        return None
    return data if expected == f"{user_pk}:{hashlib.sha256(data).hexdigest()}" else None

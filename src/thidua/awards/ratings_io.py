"""A year's ratings to and from .xlsx: the template lists the members (their id, name and
current rating) and the organizer fills the "Xếp loại" column; reading it checks every row
and reports each problem by row, so that a file with one broken row saves nothing."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from thidua.core.xlsx import XlsxRefused, check_xlsx, print_setup, workbook_bytes
from thidua.org.models import ClusterYear, Unit
from thidua.org.text import fold

from .models import RATING_SHORT, Rating

SHEET = "Xếp loại"
MAX_ROWS = 500
MAX_BYTES = 2 * 1024 * 1024


def _headers() -> list[str]:
    return [_("Mã đơn vị"), _("Đơn vị"), _("Xếp loại"), _("Ghi chú")]


def _rating_of(text: str) -> str | None:
    """A rating from its code ("excellent"), its short form ("HTXSNV") or its label."""
    key = fold(text).strip()
    for value, label in Rating.choices:
        if key in (fold(value), fold(RATING_SHORT[value]), fold(str(label))):
            return value
    return None


def ratings_template(cluster_year: ClusterYear, units: list[Unit], saved: dict) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(_headers())
    for unit in units:
        row = saved.get(unit.pk)
        ws.append([unit.pk, unit.name, RATING_SHORT[row.rating] if row else "", row.note if row else ""])
    ws.append([])
    ws.append(["", _("Xếp loại ghi một trong: HTXSNV, HTTNV, HTNV, KHTNV (để trống: không thay đổi).")])
    ws.column_dimensions["B"].width = 48
    ws.column_dimensions["C"].width = 14
    ws.column_dimensions["D"].width = 40
    print_setup(ws, title=f"{cluster_year.cluster.name} — {cluster_year.year}")
    return workbook_bytes(wb)


@dataclass
class RatingsImport:
    ratings: dict[int, tuple[str, str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # "Dòng n: …", or about the file


def read_ratings(data: bytes, units: list[Unit]) -> RatingsImport:
    """The ratings in the file, by member unit id; any problem goes to `errors` (then the
    caller saves nothing)."""
    result = RatingsImport()
    try:
        check_xlsx(data)
        wb = load_workbook(BytesIO(data), read_only=True, data_only=True)
        try:
            ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
            ws.reset_dimensions()
            lines = list(itertools.islice(ws.iter_rows(values_only=True), MAX_ROWS + 2))
        finally:
            wb.close()
    except XlsxRefused as exc:
        result.errors.append(str(exc.message))
        return result
    except Exception:  # a zip that is not a workbook fails in many ways inside openpyxl
        result.errors.append(_("Tệp tải lên không phải là tệp Excel .xlsx hợp lệ."))
        return result
    if len(lines) > MAX_ROWS + 1:
        result.errors.append(_("Tệp có quá nhiều dòng (tối đa {n}).").format(n=MAX_ROWS))
        return result
    if not lines or [fold(str(c or "")) for c in lines[0][:3]] != [fold(h) for h in _headers()[:3]]:
        result.errors.append(_("Dòng tiêu đề phải là: {headers} — hãy dùng tệp mẫu.").format(headers=", ".join(_headers())))
        return result
    by_id = {u.pk: u for u in units}
    by_name = {fold(u.name): u for u in units}
    seen: dict[int, int] = {}
    for number, line in enumerate(lines[1:], start=2):
        cells = [("" if c is None else str(c)).strip() for c in (*line, "", "", "", "")[:4]]
        ident, name, rating_text, note = cells
        if not any((ident, rating_text, note)):
            continue  # blank lines and the explanation under the table
        unit = by_id.get(int(ident)) if ident.isascii() and ident.isdigit() else None
        unit = unit or (by_name.get(fold(name)) if name else None)
        if unit is None:
            result.errors.append(_("Dòng {n}: đơn vị «{name}» không thuộc cụm trong năm.").format(n=number, name=name or ident))
            continue
        if unit.pk in seen:
            result.errors.append(_("Dòng {n}: {unit} đã có ở dòng {first}.").format(n=number, unit=unit.name, first=seen[unit.pk]))
            continue
        seen[unit.pk] = number
        if not rating_text:
            continue  # not rated: left as it is
        rating = _rating_of(rating_text)
        if rating is None:
            result.errors.append(
                _("Dòng {n}: xếp loại «{value}» không hợp lệ (HTXSNV, HTTNV, HTNV, KHTNV).").format(n=number, value=rating_text)
            )
            continue
        if len(note) > 2000:
            result.errors.append(_("Dòng {n}: ghi chú tối đa 2000 ký tự.").format(n=number))
            continue
        result.ratings[unit.pk] = (rating, note)
    return result

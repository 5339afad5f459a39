"""Reading the workbook: the sheets by name, the columns by their headers (any order, known
aliases), each row as a record of cleaned cells. Nothing is checked against the database
here."""

from __future__ import annotations

import itertools
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from thidua.core.xlsx import XlsxRefused, check_xlsx
from thidua.org.models import Unit
from thidua.org.xlsx_import import cell_date, cell_key, cell_text

from .plan import _HEADER_ALIASES, ACCOUNT_SHEET, LIMITS, MAX_ROWS, UNIT_SHEET, ImportPlan

_key, _text, _date = cell_key, cell_text, cell_date  # shared with the other imports (core.xlsx_import)


_KINDS = {**{_key(label): value for value, label in Unit.Kind.choices}, **{value: value for value in Unit.Kind.values}}


def _read_sheets(data: bytes, plan: ImportPlan) -> dict[str, list[tuple]]:
    """{"units"/"accounts": rows (header first)}; problems with the file go to plan.file_errors."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        plan.file_errors.append(_("Tệp .xls (Excel 97–2003) không được hỗ trợ; hãy mở bằng Excel và lưu lại dưới dạng .xlsx."))
        return {}
    try:
        check_xlsx(data, LIMITS)  # a real .xlsx (zip), within sizes, before openpyxl reads it
    except XlsxRefused as exc:
        plan.file_errors.append(str(exc.message))
        return {}
    sheets: dict[str, list[tuple]] = {}
    try:
        wb = load_workbook(BytesIO(data), read_only=True, data_only=True)
        try:
            for ws in wb.worksheets:
                which = {_key(UNIT_SHEET): "units", _key(ACCOUNT_SHEET): "accounts"}.get(_key(ws.title))
                if which and which not in sheets:
                    ws.reset_dimensions()
                    sheets[which] = list(itertools.islice(ws.iter_rows(values_only=True), MAX_ROWS + 2))
        finally:
            wb.close()
    except Exception:  # a zip that is not a workbook fails in many ways inside openpyxl
        plan.file_errors.append(_("Tệp tải lên không phải là tệp Excel .xlsx hợp lệ."))
        return {}
    if not sheets:
        plan.file_errors.append(
            _("Không thấy trang tính «{units}» hay «{accounts}»: hãy dùng tệp mẫu.").format(units=UNIT_SHEET, accounts=ACCOUNT_SHEET)
        )
    return sheets


def _records(lines: list[tuple], columns, sheet: str, plan: ImportPlan) -> list[tuple[int, dict]]:
    """(row number, {field: value}) of the non-empty rows, after matching the header."""
    if not lines:
        return []
    by_key = {_key(header): name for name, header, _required in columns} | {
        k: v for k, v in _HEADER_ALIASES.items() if v in {c[0] for c in columns}
    }
    positions: dict[str, int] = {}
    for index, header in enumerate(lines[0]):
        name = by_key.get(_key(header))
        if name and name not in positions:
            positions[name] = index
    missing = [header for name, header, required in columns if required and name not in positions]
    if missing:
        plan.file_errors.append(_("Trang «{sheet}» thiếu cột {columns}.").format(sheet=sheet, columns=", ".join(f"«{h}»" for h in missing)))
        return []
    if len(lines) > MAX_ROWS + 1:
        plan.file_errors.append(_("Trang «{sheet}» có quá nhiều dòng (tối đa {n}).").format(sheet=sheet, n=MAX_ROWS))
        return []
    records = []
    for number, values in enumerate(lines[1:], start=2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        records.append((number, {name: values[i] if i < len(values) else None for name, i in positions.items()}))
    return records


def _header(columns, name: str) -> str:
    return next(header for n, header, _r in columns if n == name)

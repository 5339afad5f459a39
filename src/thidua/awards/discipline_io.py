"""A year's discipline records from .xlsx: the template lists the year's members; each row
names a unit, the subject (the collective or its head) and what was imposed. Every row is
checked and reported by its number; a file with one broken row saves nothing."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from thidua.core.xlsx import MiB, XlsxLimits, XlsxRefused, check_xlsx, print_setup, workbook_bytes
from thidua.org.models import ClusterYear, Unit
from thidua.org.text import fold
from thidua.org.xlsx_import import cell_key, cell_text, header_positions

from .models import DisciplineRecord

MAX_ROWS = 500
LIMITS = XlsxLimits(max_file_bytes=2 * MiB, max_rows=MAX_ROWS + 1)
COLUMNS = (("unit", "Đơn vị", True), ("subject", "Đối tượng", True), ("note", "Nội dung", False))


@dataclass
class DisciplineImport:
    rows: list[tuple[Unit, str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # "Dòng n: …", or about the file


def _subject(text: str) -> str | None:
    key = cell_key(text)
    for value, label in DisciplineRecord.Subject.choices:
        if (
            key in (value, cell_key(label))
            or (value == "collective" and key == "tap the")
            or (value == "head" and key.startswith("nguoi dung dau"))
        ):
            return value
    return None


def template(cluster_year: ClusterYear, units: list[Unit]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Kỷ luật")
    ws.append([h for _n, h, _r in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.append([units[0].name if units else "", str(DisciplineRecord.Subject.COLLECTIVE.label), "Khiển trách"])
    ws.append([])
    ws.append(["", _("Đối tượng: «Tập thể đơn vị» hoặc «Người đứng đầu». Xóa dòng ví dụ. Đơn vị thành viên năm {year}:").format(
        year=cluster_year.year)])  # fmt: skip
    for unit in units:
        ws.append(["", unit.name])
    for column, width in zip("ABC", (44, 22, 60), strict=True):
        ws.column_dimensions[column].width = width
    print_setup(ws, title=f"{cluster_year.cluster.name} — {cluster_year.year}")
    return workbook_bytes(wb)


def read(data: bytes, units: list[Unit]) -> DisciplineImport:
    result = DisciplineImport()
    try:
        check_xlsx(data, LIMITS)
        wb = load_workbook(BytesIO(data), read_only=True, data_only=True)
        try:
            ws = wb.worksheets[0]
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
    positions = header_positions(lines[0] if lines else (), COLUMNS)
    if "unit" not in positions or "subject" not in positions:
        result.errors.append(_("Dòng tiêu đề phải có «Đơn vị», «Đối tượng» — hãy dùng tệp mẫu."))
        return result
    if len(lines) > MAX_ROWS + 1:
        result.errors.append(_("Tệp có quá nhiều dòng (tối đa {n}).").format(n=MAX_ROWS))
        return result
    by_name = {fold(u.name): u for u in units} | {fold(u.symbol): u for u in units if u.symbol}
    for number, values in enumerate(lines[1:], start=2):
        cells = {n: cell_text(values[i] if i < len(values) else None) for n, i in positions.items()}
        if not cells.get("subject") and not cells.get("note"):
            continue  # blank lines and the list of members under the table
        unit = by_name.get(fold(cells["unit"]))
        subject = _subject(cells["subject"])
        if unit is None:
            result.errors.append(_("Dòng {n}: đơn vị «{name}» không thuộc cụm trong năm.").format(n=number, name=cells["unit"]))
        if subject is None:
            result.errors.append(_("Dòng {n}: đối tượng «{value}» không hợp lệ (Tập thể đơn vị, Người đứng đầu).").format(
                n=number, value=cells["subject"]))  # fmt: skip
        if len(cells.get("note", "")) > 2000:
            result.errors.append(_("Dòng {n}: nội dung tối đa 2000 ký tự.").format(n=number))
        if unit is not None and subject is not None:
            result.rows.append((unit, subject, cells.get("note", "")))
    if not result.rows and not result.errors:
        result.errors.append(_("Tệp không có dòng nào."))
    return result

"""The .xlsx files the page offers: the empty template with its notes and drop-down lists,
and the report of a dry run or an import, row by row."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.core.xlsx import workbook_bytes
from thidua.org.models import Unit

from .plan import (
    ACCOUNT_COLUMNS,
    ACCOUNT_SHEET,
    DONE_LABELS,
    ERROR,
    MAX_ROWS,
    NOTES_SHEET,
    STATUS_LABELS,
    UNIT_COLUMNS,
    UNIT_SHEET,
    ImportPlan,
)

_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")


def _sheet(ws, columns, example: list) -> None:
    ws.append([header + (" *" if required else "") for _n, header, required in columns])
    for cell in ws[1]:
        cell.font, cell.fill = _BOLD, _HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.append(example)
    for index in range(len(columns)):
        ws.column_dimensions[chr(ord("A") + index)].width = 30
    ws.freeze_panes = "A2"


def template_xlsx() -> bytes:
    """The template: both sheets with their headers (* = required) and one example row each
    (which imports cleanly), a list to pick the kind of unit, and a sheet of notes."""
    wb = Workbook()
    units = wb.active
    units.title = UNIT_SHEET
    _sheet(
        units,
        UNIT_COLUMNS,
        [
            "Sở Ngoại vụ tỉnh Ví Dụ",
            "SNgV-VD",
            str(Unit.Kind.FOREIGN_AFFAIRS_DEPARTMENT.label),
            1,
            "UBND TỈNH VÍ DỤ",
            "Giám đốc",
            "01/07/2025",
        ],
    )
    kinds = DataValidation(type="list", formula1='"' + ",".join(str(label) for label in Unit.Kind.labels) + '"', allow_blank=False)
    units.add_data_validation(kinds)
    kinds.add(f"C2:C{MAX_ROWS + 1}")
    for (cell,) in units[f"G2:G{MAX_ROWS + 1}"]:
        cell.number_format = "@"  # dates typed as dd/mm/yyyy stay text, read as Vietnamese dates
    accounts = wb.create_sheet(ACCOUNT_SHEET)
    _sheet(accounts, ACCOUNT_COLUMNS, ["Nguyễn Văn A", "nguyenvana@example.gov.vn", "", "SNgV-VD", "cán bộ thi đua, đại biểu"])
    notes = wb.create_sheet(NOTES_SHEET)
    notes.column_dimensions["A"].width = 110
    for line in (
        "Hướng dẫn nhập đơn vị và tài khoản",
        "",
        "Cột có dấu * là bắt buộc. Xóa các dòng ví dụ trước khi nhập. Có thể để trống một trong hai trang.",
        "Trang «Đơn vị»: một đơn vị mỗi dòng. Đơn vị đã có cùng tên (do cơ quan của bạn quản lý) được cập nhật thay vì tạo mới.",
        "  Loại đơn vị: " + "; ".join(str(label) for label in Unit.Kind.labels) + ".",
        "  Mã tỉnh: mã (hoặc tên) của một trong 34 tỉnh, thành phố hiện nay, ví dụ 1 là Thành phố Hà Nội. Có thể để trống.",
        "  Thành lập từ ngày: ngày/tháng/năm, ví dụ 01/07/2025. Có thể để trống.",
        "Trang «Tài khoản»: một người mỗi dòng.",
        "  E-mail: bắt buộc, không trùng với tài khoản khác; lời mời đặt mật khẩu được gửi tới đây.",
        "  Tên đăng nhập: có thể để trống — khi đó dùng chính địa chỉ e-mail.",
        "  Đơn vị: tên hoặc tên viết tắt của một đơn vị trong trang «Đơn vị» hoặc đơn vị đã có mà bạn quản lý.",
        "  Vai trò: một hoặc nhiều trong «cán bộ thi đua», «lãnh đạo», «đại biểu», cách nhau bằng dấu phẩy.",
        "Tài khoản mới chưa có mật khẩu: người dùng tự đặt mật khẩu từ thư mời.",
        "Bước 1 (kiểm tra) không ghi gì; bước 2 (Nhập) ghi tất cả hoặc không ghi gì nếu còn lỗi.",
    ):
        notes.append([line])
    notes["A1"].font = Font(bold=True, size=13)
    return workbook_bytes(wb)


def report_xlsx(plan: ImportPlan) -> bytes:
    """The report as a spreadsheet: one line per row (and per problem), to fix the file by."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Báo cáo"
    ws.append(["Trang", "Dòng", "Đơn vị / người", "Kết quả", "Cột", "Lý do"])
    for cell in ws[1]:
        cell.font, cell.fill = _BOLD, _HEAD_FILL
    for message in plan.file_errors:
        ws.append(["", "", "", STATUS_LABELS[ERROR], "", message])
    labels = DONE_LABELS if plan.applied else STATUS_LABELS
    for row in plan.rows:
        if row.problems:
            for column, message in row.problems:
                ws.append([row.sheet, row.row, row.label, labels[ERROR], column, message])
        else:
            ws.append([row.sheet, row.row, row.label, labels[row.status], "", ""])
    for column, width in zip("ABCDEF", (12, 7, 40, 16, 22, 80), strict=True):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"
    return workbook_bytes(wb)

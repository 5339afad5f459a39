"""The shape of an import: the sheets and their columns, the row statuses, and the plan
(one RowResult a row) that the dry run reports and the apply step carries out. Every
other module of the import reads or fills this."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from thidua.core.errors import InvalidInput
from thidua.core.xlsx import MiB, XlsxLimits
from thidua.org.models import Unit

MAX_ROWS = 2000  # per sheet; far more than a cluster's units and staff
LIMITS = XlsxLimits(max_file_bytes=2 * MiB, max_rows=2 * (MAX_ROWS + 1))
UNIT_SHEET = "Đơn vị"
ACCOUNT_SHEET = "Tài khoản"
NOTES_SHEET = "Hướng dẫn"

# (field, header, required)
UNIT_COLUMNS = (
    ("name", "Tên đơn vị", True),
    ("symbol", "Tên viết tắt", True),
    ("kind", "Loại đơn vị", True),
    ("province", "Mã tỉnh", False),
    ("parent_authority", "Cơ quan chủ quản", False),
    ("head_title", "Chức danh người đứng đầu", False),
    ("valid_from", "Thành lập từ ngày", False),
)
ACCOUNT_COLUMNS = (
    ("full_name", "Họ và tên", True),
    ("email", "E-mail", True),
    ("username", "Tên đăng nhập", False),
    ("unit", "Đơn vị", True),
    ("roles", "Vai trò", True),
)
# Other headers people write for the same columns.
_HEADER_ALIASES = {"ky hieu": "symbol", "ky hieu viet tat": "symbol", "email": "email", "thu dien tu": "email", "tinh": "province"}

ROLE_WORDS = {"can bo thi dua": "officer", "lanh dao": "head", "lanh dao don vi": "head", "dai bieu": "delegate"}
ROLE_LABELS = {"officer": "cán bộ thi đua", "head": "lãnh đạo", "delegate": "đại biểu"}
ROLE_FLAGS = {"officer": "is_unit_officer", "head": "is_unit_head", "delegate": "is_delegate"}

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
STATUS_LABELS = {CREATE: "Sẽ tạo mới", UPDATE: "Sẽ cập nhật", UNCHANGED: "Không thay đổi", ERROR: "Lỗi"}
DONE_LABELS = {CREATE: "Đã tạo mới", UPDATE: "Đã cập nhật", UNCHANGED: "Không thay đổi", ERROR: "Lỗi"}


@dataclass
class RowResult:
    sheet: str
    row: int
    label: str
    status: str = CREATE
    problems: list[tuple[str, str]] = field(default_factory=list)  # (column header, message)
    data: dict = field(default_factory=dict)
    unit: Unit | None = None  # the existing unit (update) or, for an account, its existing unit
    unit_row: RowResult | None = None  # for an account whose unit is made by this file

    def error(self, column: str, message: str) -> None:
        self.problems.append((column, message))
        self.status = ERROR

    @property
    def status_label(self) -> str:
        return _(STATUS_LABELS[self.status])


@dataclass
class ImportPlan:
    units: list[RowResult] = field(default_factory=list)
    accounts: list[RowResult] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    applied: bool = False

    @property
    def rows(self) -> list[RowResult]:
        return self.units + self.accounts

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(r.status == ERROR for r in self.rows)

    def count(self, sheet_rows: list[RowResult], status: str) -> int:
        return sum(r.status == status for r in sheet_rows)

    @property
    def counts(self) -> dict:
        return {
            "units_created": self.count(self.units, CREATE),
            "units_updated": self.count(self.units, UPDATE),
            "units_unchanged": self.count(self.units, UNCHANGED),
            "accounts_created": self.count(self.accounts, CREATE),
            "errors": sum(r.status == ERROR for r in self.rows) + len(self.file_errors),
        }


class ImportRefused(InvalidInput):
    """The import was refused, nothing written; `plan` holds the report."""

    def __init__(self, plan: ImportPlan):
        self.plan = plan
        super().__init__(
            _("Tệp có {n} lỗi; chưa nhập gì. Hãy sửa theo báo cáo rồi tải lên lại.").format(n=plan.counts["errors"]), field="file"
        )

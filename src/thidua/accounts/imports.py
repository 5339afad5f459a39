"""Bulk import of units and accounts from one .xlsx, with a row-by-row report.

The workbook has two sheets, both optional but not both empty: "Đơn vị" (one unit a row, as
org.services.unit_create needs it) and "Tài khoản" (one person a row; their unit named by its
name or short name, among the units of the same file or the existing ones the importer
manages). Columns are found by their headers (any order, extra columns ignored).

`import_plan` reads and checks everything and writes nothing: the dry run, whose report says
for each row "will create", "will update", "unchanged" or the errors, each with its column
and a message in Vietnamese. `import_apply` checks again (the database may have changed
since the dry run) and writes **all or nothing** in one transaction: a clerk fixes the file
and uploads it again, rather than tracking which half went in (docs/decisions/0017-bulk-import.md).
Units go through org.services.unit_create/unit_update (each audited there); accounts are
made here without a usable password (their owner sets it from the invitation), each audited
as `user.create`; the import itself is one `accounts.import` event with the counts."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.core.audit import audit_record, snapshot
from thidua.core.errors import Forbidden, InvalidInput
from thidua.core.permissions import can
from thidua.core.xlsx import MiB, XlsxLimits, XlsxRefused, check_xlsx, workbook_bytes
from thidua.org.models import Province, Unit, User
from thidua.org.rules import is_admin, is_organizer_officer
from thidua.org.services import unit_create, unit_update
from thidua.org.text import fold
from thidua.org.xlsx_import import cell_date, cell_key, cell_text

from .rules import may_import

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


# --- the plan -----------------------------------------------------------------------------------
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


# --- reading cells ------------------------------------------------------------------------------
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


# --- checking -----------------------------------------------------------------------------------
def _managed_units(actor):
    """Units the actor may place accounts in: every unit for an admin; for an organizer
    officer, the units its organizer manages or that were ever in its clusters."""
    if is_admin(actor):
        return Unit.objects.all()
    return Unit.objects.filter(Q(managed_by_id=actor.organizer_id) | Q(memberships__organizer_id=actor.organizer_id)).distinct()


def _check_units(actor, records, plan: ImportPlan) -> None:
    h = lambda name: _header(UNIT_COLUMNS, name)  # noqa: E731
    provinces = {p.code: p for p in Province.objects.filter(era=Province.Era.CURRENT)}
    provinces_by_name = {fold(p.name): p for p in provinces.values()} | {fold(p.short_name): p for p in provinces.values()}
    names = [fold(_text(v.get("name"))) for _n, v in records]
    existing = {u.search_name: u for u in Unit.objects.filter(search_name__in=[n for n in names if n]).order_by("pk")}
    seen_names: dict[str, int] = {}
    seen_symbols: dict[str, int] = {}
    for number, values in records:
        name, symbol = _text(values.get("name")), _text(values.get("symbol"))
        result = RowResult(sheet=UNIT_SHEET, row=number, label=name or symbol or "—")
        data = {"name": name, "symbol": symbol}
        if not name:
            result.error(h("name"), _("Tên đơn vị không được để trống."))
        elif len(name) > 200:
            result.error(h("name"), _("Tên đơn vị dài quá 200 ký tự."))
        elif fold(name) in seen_names:
            result.error(h("name"), _("Trùng tên với đơn vị ở dòng {row}.").format(row=seen_names[fold(name)]))
        else:
            seen_names[fold(name)] = number
        if not symbol:
            result.error(h("symbol"), _("Tên viết tắt không được để trống."))
        elif len(symbol) > 20:
            result.error(h("symbol"), _("Tên viết tắt dài quá 20 ký tự."))
        elif fold(symbol) in seen_symbols:
            result.error(h("symbol"), _("Trùng tên viết tắt với đơn vị ở dòng {row}.").format(row=seen_symbols[fold(symbol)]))
        else:
            seen_symbols[fold(symbol)] = number
        kind = _KINDS.get(_key(values.get("kind")))
        if kind is None:
            labels = ", ".join(f"«{label}»" for label in Unit.Kind.labels)
            result.error(h("kind"), _("Loại đơn vị không hợp lệ; chọn một trong: {labels}.").format(labels=labels))
        data["kind"] = kind
        if "province" in values and _text(values["province"]):
            raw = _text(values["province"])
            province = provinces.get(int(raw)) if raw.isdigit() else provinces_by_name.get(fold(raw))
            if province is None:
                result.error(
                    h("province"), _("Không có tỉnh, thành phố mã hoặc tên «{value}» (34 tỉnh, thành phố hiện nay).").format(value=raw)
                )
            data["province"] = province
        for name_ in ("parent_authority", "head_title"):
            if name_ in values and _text(values[name_]):
                data[name_] = _text(values[name_])
                limit = 200 if name_ == "parent_authority" else 100
                if len(data[name_]) > limit:
                    result.error(h(name_), _("Dài quá {n} ký tự.").format(n=limit))
        if "valid_from" in values and values["valid_from"] not in (None, ""):
            try:
                data["valid_from"] = _date(values["valid_from"])
            except ValueError:
                result.error(h("valid_from"), _("Ngày không hợp lệ; ghi theo dạng ngày/tháng/năm, ví dụ 01/07/2025."))
        result.data = data
        unit = existing.get(fold(name)) if name else None
        if unit is not None and result.status != ERROR:
            if not can(actor, "org.change_unit", unit):
                result.error(h("name"), _("Đã có đơn vị tên này do cơ quan khác quản lý; bạn không sửa được."))
            else:
                result.unit = unit
                changed = {f: v for f, v in data.items() if getattr(unit, f) != v}
                result.status = UPDATE if changed else UNCHANGED
                result.data = changed
        plan.units.append(result)


def _split_roles(value) -> list[tuple[str, str]]:
    """(the word as typed, its folded key) for each role named in the cell."""
    parts = (" ".join(p.split()) for p in re.split(r"[,;/\n+]", str(value or "")))
    return [(part, _key(part)) for part in parts if part]


def _check_accounts(actor, records, plan: ImportPlan) -> None:
    h = lambda name: _header(ACCOUNT_COLUMNS, name)  # noqa: E731
    emails = [_text(v.get("email")).lower() for _n, v in records]
    usernames = [(_text(v.get("username")) or _text(v.get("email"))).lower() for _n, v in records]
    taken_emails = set(User.objects.annotate(key=Lower("email")).filter(key__in=[e for e in emails if e]).values_list("key", flat=True))
    taken_usernames = set(
        User.objects.annotate(key=Lower("username")).filter(key__in=[u for u in usernames if u]).values_list("key", flat=True)
    )
    file_units: dict[str, RowResult] = {}
    for unit_row in plan.units:
        for text in (unit_row.label, (unit_row.data or {}).get("symbol") or ""):
            if text:
                file_units.setdefault(fold(text), unit_row)
    for unit_row in plan.units:  # the symbol of an updated unit is not in its changed data
        if unit_row.unit is not None:
            file_units.setdefault(fold(unit_row.unit.symbol), unit_row)
    scope = _managed_units(actor)
    seen_emails: dict[str, int] = {}
    seen_usernames: dict[str, int] = {}
    for number, values in records:
        full_name, email = _text(values.get("full_name")), _text(values.get("email"))
        username = _text(values.get("username")) or email.lower()
        result = RowResult(sheet=ACCOUNT_SHEET, row=number, label=full_name or email or "—")
        if not full_name:
            result.error(h("full_name"), _("Họ và tên không được để trống."))
        elif len(full_name) > 150:
            result.error(h("full_name"), _("Họ và tên dài quá 150 ký tự."))
        if not email:
            result.error(h("email"), _("E-mail không được để trống: lời mời đặt mật khẩu được gửi tới địa chỉ này."))
        else:
            try:
                validate_email(email)
            except ValidationError:
                result.error(h("email"), _("«{value}» không phải là địa chỉ e-mail hợp lệ.").format(value=email))
            else:
                if email.lower() in seen_emails:
                    result.error(h("email"), _("Trùng e-mail với tài khoản ở dòng {row}.").format(row=seen_emails[email.lower()]))
                elif email.lower() in taken_emails:
                    result.error(h("email"), _("Đã có tài khoản dùng e-mail này."))
                seen_emails.setdefault(email.lower(), number)
        typed = bool(_text(values.get("username")))
        if username and (typed or not any(col == h("email") for col, _m in result.problems)):
            # (a name made from the e-mail is not checked again when the e-mail is wrong)
            column = h("username") if typed else h("email")
            try:
                User.username_validator(username)
                if len(username) > 150:
                    raise ValidationError("")
            except ValidationError:
                result.error(
                    column,
                    _("Tên đăng nhập «{value}» chỉ được gồm chữ không dấu, số và các ký tự @ . + - _ (tối đa 150).").format(value=username),
                )
            else:
                if username.lower() in seen_usernames:
                    result.error(column, _("Trùng tên đăng nhập với tài khoản ở dòng {row}.").format(row=seen_usernames[username.lower()]))
                elif username.lower() in taken_usernames:
                    result.error(column, _("Tên đăng nhập «{value}» đã được dùng.").format(value=username))
                seen_usernames.setdefault(username.lower(), number)
        unit_text = _text(values.get("unit"))
        if not unit_text:
            result.error(h("unit"), _("Cần ghi đơn vị của tài khoản (tên hoặc tên viết tắt)."))
        elif fold(unit_text) in file_units:
            unit_row = file_units[fold(unit_text)]
            if unit_row.status == ERROR:
                result.error(
                    h("unit"),
                    _("Đơn vị «{value}» ở dòng {row} trang «{sheet}» có lỗi.").format(value=unit_text, row=unit_row.row, sheet=UNIT_SHEET),
                )
            elif unit_row.unit is not None:
                result.unit = unit_row.unit
            else:
                result.unit_row = unit_row
        else:
            found = list(scope.filter(Q(search_name=fold(unit_text)) | Q(symbol__iexact=unit_text))[:2])
            if not found and unit_text.isdigit():
                found = list(scope.filter(pk=int(unit_text))[:1])
            if not found:
                result.error(
                    h("unit"), _("Không tìm thấy đơn vị «{value}» trong tệp hay trong các đơn vị bạn quản lý.").format(value=unit_text)
                )
            elif len(found) > 1:
                result.error(h("unit"), _("Có nhiều đơn vị khớp «{value}»; hãy ghi tên đầy đủ.").format(value=unit_text))
            else:
                result.unit = found[0]
        roles: set[str] = set()
        for word, key in _split_roles(values.get("roles")):
            role = ROLE_WORDS.get(key)
            if role is None:
                allowed = ", ".join(f"«{label}»" for label in ROLE_LABELS.values())
                result.error(h("roles"), _("Vai trò «{value}» không hợp lệ; dùng: {allowed}.").format(value=word, allowed=allowed))
            else:
                roles.add(role)
        if not roles and not any(col == h("roles") for col, _m in result.problems):
            result.error(h("roles"), _("Cần ít nhất một vai trò: cán bộ thi đua, lãnh đạo hoặc đại biểu."))
        result.data = {"full_name": full_name, "email": email, "username": username, "roles": sorted(roles)}
        plan.accounts.append(result)


def import_plan(*, actor, data: bytes) -> ImportPlan:
    """Read and check the file; write nothing. The dry run."""
    if not may_import(actor):  # accounts.rules
        raise Forbidden(_("Bạn không có quyền nhập đơn vị và tài khoản."))
    plan = ImportPlan()
    sheets = _read_sheets(data, plan)
    unit_records = _records(sheets.get("units", []), UNIT_COLUMNS, UNIT_SHEET, plan)
    account_records = _records(sheets.get("accounts", []), ACCOUNT_COLUMNS, ACCOUNT_SHEET, plan)
    if sheets and not plan.file_errors and not unit_records and not account_records:
        plan.file_errors.append(_("Tệp không có dòng dữ liệu nào."))
    _check_units(actor, unit_records, plan)
    _check_accounts(actor, account_records, plan)
    return plan


# --- applying -----------------------------------------------------------------------------------
def _invite(actor, user: User, request=None) -> None:
    """The invitation e-mail with a one-time link to set a password (accounts.services),
    queued after the import's transaction commits: an import that fails invites nobody."""
    from .services import account_invite

    account_invite(actor=actor, user=user, request=request)


def _account_create(actor, row: RowResult, unit: Unit) -> User:
    data = row.data
    user = User(username=data["username"], full_name=data["full_name"], email=data["email"], unit=unit)
    for role in data["roles"]:
        setattr(user, ROLE_FLAGS[role], True)
    user.set_unusable_password()  # the person sets their own from the invitation
    user.save()
    audit_record(
        actor=actor,
        action="user.create",
        obj=user,
        after={**snapshot(user, exclude=("password", "last_login")), "source": "import"},
        organizer_id=unit.managed_by_id,
    )
    return user


def import_apply(*, actor, data: bytes, request=None) -> ImportPlan:
    """Check again and write everything, or nothing (ImportRefused with the report)."""
    plan = import_plan(actor=actor, data=data)
    if plan.has_errors:
        raise ImportRefused(plan)
    with transaction.atomic():
        made: dict[int, Unit] = {}
        for row in plan.units:
            if row.status == CREATE:
                made[id(row)] = unit_create(actor=actor, data=row.data)
            elif row.status == UPDATE:
                unit_update(actor=actor, unit=row.unit, data=row.data)
        users = []
        for row in plan.accounts:
            unit = row.unit if row.unit is not None else made[id(row.unit_row)]
            users.append(_account_create(actor, row, unit))
        for user in users:
            _invite(actor, user, request)
        audit_record(
            actor=actor,
            action="accounts.import",
            object_type="accounts.import",
            object_label=_("Nhập đơn vị và tài khoản từ tệp Excel"),
            after={k: v for k, v in plan.counts.items() if k != "errors"},
            organizer_id=actor.organizer_id if is_organizer_officer(actor) else None,
        )
    plan.applied = True
    return plan


# --- files ---------------------------------------------------------------------------------------
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

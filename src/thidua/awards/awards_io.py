"""Import of past awards from .xlsx, so an organizer brings its clusters' history into the
registry: one award a row (the unit, the year evaluated, the title or form, the decision's
number, date and signer). `import_plan` checks every row and writes nothing (the dry run,
whose report is shown and downloadable as .xlsx); `import_apply` checks again and writes
all or nothing — one imported Decision per number and year, audited as one event.

Checked: the unit is one the organizer may rate (in its clusters or managed by it) and
existed in the year; the award is in the catalogue; the date is a date not before the
year; rows of one number agree on the date; the number is not in the registry yet; the
same unit, award and year once; not the Flag and a Certificate of Merit for one unit and
year (one achievement, one form), in the file or with the registry."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from io import BytesIO

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from thidua.core.audit import audit_record
from thidua.core.errors import InvalidInput
from thidua.core.permissions import require
from thidua.core.xlsx import MiB, XlsxLimits, XlsxRefused, check_xlsx, print_setup, workbook_bytes
from thidua.cycle.awards import award_kinds_by_code
from thidua.org.models import Membership, Organizer, Unit
from thidua.org.text import fold
from thidua.org.xlsx_import import cell_date, cell_key, cell_text, header_positions

from .models import Award, Decision

MAX_ROWS = 2000
LIMITS = XlsxLimits(max_file_bytes=2 * MiB, max_rows=MAX_ROWS + 1)
SHEET = "Khen thưởng"
COLUMNS = (
    ("unit", "Đơn vị", True),
    ("year", "Năm", True),
    ("award", "Danh hiệu, hình thức", True),
    ("number", "Số quyết định", True),
    ("date", "Ngày ký", True),
    ("signer", "Người ký", False),
)
EXCLUSIVE = {frozenset({"flag_ministry", "merit_minister"})}
OK, ERROR = "ok", "error"


@dataclass
class Row:
    row: int
    label: str
    status: str = OK
    problems: list[tuple[str, str]] = field(default_factory=list)
    unit: Unit | None = None
    data: dict = field(default_factory=dict)

    def error(self, column: str, message: str) -> None:
        self.problems.append((column, message))
        self.status = ERROR


@dataclass
class Plan:
    rows: list[Row] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    applied: bool = False

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(r.status == ERROR for r in self.rows)

    @property
    def errors(self) -> int:
        return len(self.file_errors) + sum(r.status == ERROR for r in self.rows)


class ImportRefused(InvalidInput):
    def __init__(self, plan: Plan):
        self.plan = plan
        super().__init__(_("Tệp có {n} lỗi; chưa nhập gì. Hãy sửa theo báo cáo rồi tải lên lại.").format(n=plan.errors), field="file")


def _header(name: str) -> str:
    return next(h for n, h, _r in COLUMNS if n == name)


def _lines(data: bytes, plan: Plan) -> list[tuple]:
    try:
        check_xlsx(data, LIMITS)
        wb = load_workbook(BytesIO(data), read_only=True, data_only=True)
        try:
            ws = next((w for w in wb.worksheets if cell_key(w.title) == cell_key(SHEET)), wb.worksheets[0])
            ws.reset_dimensions()
            return list(itertools.islice(ws.iter_rows(values_only=True), MAX_ROWS + 2))
        finally:
            wb.close()
    except XlsxRefused as exc:
        plan.file_errors.append(str(exc.message))
    except Exception:  # a zip that is not a workbook fails in many ways inside openpyxl
        plan.file_errors.append(_("Tệp tải lên không phải là tệp Excel .xlsx hợp lệ."))
    return []


def organizer_units(organizer: Organizer) -> list[Unit]:
    ids = Membership.objects.filter(organizer=organizer).values("unit_id")
    return list(Unit.objects.filter(Q(pk__in=ids) | Q(managed_by=organizer)).select_related("province"))


def _kind_of(text: str, kinds) -> str | None:
    key = fold(text)
    return next((k.code for k in kinds.values() if key in (fold(k.code), fold(k.name))), None)


def import_plan(*, actor, data: bytes) -> Plan:
    require(actor, "awards.record_decision", actor.organizer, _("Chỉ cán bộ của cơ quan tổ chức được nhập sổ khen thưởng."))
    organizer, plan = actor.organizer, Plan()
    lines = _lines(data, plan)
    if plan.file_errors:
        return plan
    positions = header_positions(lines[0] if lines else (), COLUMNS)
    missing = [h for n, h, required in COLUMNS if required and n not in positions]
    if missing:
        plan.file_errors.append(_("Thiếu cột {columns} — hãy dùng tệp mẫu.").format(columns=", ".join(f"«{h}»" for h in missing)))
        return plan
    if len(lines) > MAX_ROWS + 1:
        plan.file_errors.append(_("Tệp có quá nhiều dòng (tối đa {n}).").format(n=MAX_ROWS))
        return plan
    kinds = award_kinds_by_code()
    units = organizer_units(organizer)
    by_name: dict[str, list[Unit]] = {}
    for u in units:
        for key in {fold(u.name), fold(u.symbol)} - {""}:
            by_name.setdefault(key, []).append(u)
    existing = {(a.unit_id, a.award, a.year) for a in Award.objects.filter(unit__in=units, revoked=False)}
    used = set(Decision.objects.filter(organizer=organizer).values_list("year", "number"))
    dates: dict[tuple[int, str], object] = {}
    seen: dict[tuple[int, str, int], int] = {}
    for number, values in enumerate(lines[1:], start=2):
        cells = {n: (values[i] if i < len(values) else None) for n, i in positions.items()}
        if all(cell_text(v) == "" for v in cells.values()):
            continue
        texts = {n: cell_text(v) for n, v in cells.items()}
        row = Row(row=number, label=texts.get("unit", ""))
        plan.rows.append(row)
        found = by_name.get(fold(texts["unit"]), [])
        if len(found) != 1:
            row.error(_header("unit"), _("Không tìm thấy đơn vị «{name}» trong các cụm của cơ quan.").format(name=texts["unit"])
                      if not found else _("Có nhiều đơn vị tên «{name}»: ghi tên viết tắt.").format(name=texts["unit"]))  # fmt: skip
        year = int(texts["year"]) if texts["year"].isdigit() else None
        if year is None or not 1990 <= year <= 2100:
            row.error(_header("year"), _("Năm không hợp lệ: «{value}».").format(value=texts["year"]))
        code = _kind_of(texts["award"], kinds)
        if code is None:
            row.error(_header("award"), _("Danh hiệu, hình thức không có trong danh mục: «{value}».").format(value=texts["award"]))
        if not texts["number"]:
            row.error(_header("number"), _("Cần số quyết định."))
        try:
            day = cell_date(cells["date"])
        except ValueError:
            day = None
            row.error(_header("date"), _("Ngày ký không hợp lệ (ngày/tháng/năm): «{value}».").format(value=texts["date"]))
        if row.status == ERROR:
            continue
        unit = row.unit = found[0]
        row.data = {"year": year, "award": code, "number": texts["number"], "date": day, "signer": texts.get("signer", "")}
        if not unit.existed_in_year(year):
            row.error(_header("year"), _("{unit} không tồn tại trong năm {year}.").format(unit=unit.name, year=year))
        if day.year < year:
            row.error(_header("date"), _("Ngày ký trước năm thi đua {year}.").format(year=year))
        if (year, texts["number"]) in used:
            row.error(_header("number"), _("Số quyết định {number} năm {year} đã có trong sổ.").format(number=texts["number"], year=year))
        first = dates.setdefault((year, texts["number"]), day)
        if first != day:
            row.error(_header("date"), _("Các dòng cùng số quyết định phải cùng ngày ký."))
        key = (unit.pk, code, year)
        if key in existing:
            row.error(_header("award"), _("Khen thưởng này đã có trong sổ."))
        elif key in seen:
            row.error(_header("award"), _("Trùng với dòng {n}.").format(n=seen[key]))
        seen.setdefault(key, number)
        for pair in EXCLUSIVE:
            if code in pair:
                other = next(iter(pair - {code}))
                if (unit.pk, other, year) in existing or (unit.pk, other, year) in seen:
                    row.error(_header("award"), _("Một thành tích chỉ được một hình thức: đơn vị đã có {name} năm {year}.").format(
                        name=kinds[other].name, year=year))  # fmt: skip
    if not plan.rows:
        plan.file_errors.append(_("Tệp không có dòng nào."))
    return plan


def import_apply(*, actor, data: bytes) -> Plan:
    plan = import_plan(actor=actor, data=data)
    if plan.has_errors:
        raise ImportRefused(plan)
    organizer = actor.organizer
    groups: dict[tuple[int, str], list[Row]] = {}
    for row in plan.rows:
        groups.setdefault((row.data["year"], row.data["number"]), []).append(row)
    with transaction.atomic():
        made = []
        for (year, number), rows in groups.items():
            decision = Decision.objects.create(
                organizer=organizer, number=number, date=rows[0].data["date"], year=year, imported=True, recorded_by=actor,
                signer=next((r.data["signer"] for r in rows if r.data["signer"]), ""), note=_("Nhập từ sổ khen thưởng các năm trước."),
            )  # fmt: skip
            Award.objects.bulk_create([Award(unit=r.unit, award=r.data["award"], year=year, decision=decision) for r in rows])
            made.append({"decision": decision.pk, "number": number, "year": year, "awards": [[r.unit.pk, r.data["award"]] for r in rows]})
        audit_record(actor=actor, action="awards.import", obj=organizer, organizer_id=organizer.pk,
                     after={"decisions": made, "awards": len(plan.rows)})  # fmt: skip
    plan.applied = True
    return plan


def template_xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([h + (" *" if required else "") for _n, h, required in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.append(["Sở Ngoại vụ tỉnh Ví Dụ", 2016, "Cờ thi đua cấp Bộ, ngành, tỉnh", "123/QĐ-BNG", "15/01/2017", "Thứ trưởng"])
    for (cell,) in ws["E2:E2001"]:
        cell.number_format = "@"
    for column, width in zip("ABCDEF", (44, 8, 34, 20, 14, 28), strict=True):
        ws.column_dimensions[column].width = width
    notes = wb.create_sheet(_("Hướng dẫn"))
    notes.column_dimensions["A"].width = 110
    for line in (
        _("Một khen thưởng mỗi dòng; xóa dòng ví dụ trước khi nhập."),
        _("Đơn vị: tên hoặc tên viết tắt của một đơn vị trong các cụm của cơ quan (cả đơn vị đã sáp nhập)."),
        _("Danh hiệu, hình thức: một trong {names}.").format(names="; ".join(k.name for k in award_kinds_by_code().values())),
        _("Ngày ký: ngày/tháng/năm. Các dòng cùng số quyết định là một quyết định."),
        _("Bước kiểm tra không ghi gì; bước Nhập ghi tất cả hoặc không ghi gì nếu còn lỗi."),
    ):
        notes.append([line])
    return workbook_bytes(wb)


def report_xlsx(plan: Plan) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Báo cáo")
    ws.append([_("Dòng"), _("Đơn vị"), _("Kết quả"), _("Cột"), _("Lý do")])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for message in plan.file_errors:
        ws.append(["", "", _("Lỗi"), "", message])
    ok = _("Đã nhập") if plan.applied else _("Sẽ nhập")
    for row in plan.rows:
        for column, message in row.problems or [("", "")]:
            ws.append([row.row, row.label, _("Lỗi") if row.problems else ok, column, message])
    for column, width in zip("ABCDE", (7, 44, 12, 22, 80), strict=True):
        ws.column_dimensions[column].width = width
    print_setup(ws, title=_("Báo cáo nhập sổ khen thưởng"))
    return workbook_bytes(wb)

"""Scoring tables in and out: the YAML/JSON shape of data/criteria-sample.yaml and of the
API's criteria endpoint, and an .xlsx sheet that organizers edit in Excel.

Every way in goes through the same checks (_build) and is all-or-nothing: a table with
one wrong row is rejected whole, with every problem listed, so that nobody scores
against a half-imported table.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import yaml
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.core.errors import InvalidInput
from thidua.core.xlsx import XlsxRefused, check_xlsx, print_setup, workbook_bytes
from thidua.org.text import fold

from .arithmetic import BONUS, KINDS, PASS_FAIL, PENALTY, POINTS, CriterionSpec, GroupSpec, TableSpec, has_two_decimals_at_most, to_decimal

SAMPLE_FILE = Path(__file__).resolve().parent / "data" / "criteria-sample.yaml"

HEADERS = (
    "Mã nhóm", "Nhóm", "Điểm tối đa nhóm", "Nhiệm vụ chuyên môn",
    "Mã tiêu chí", "Tiêu chí", "Loại", "Điểm tối đa", "Cần minh chứng",
)  # fmt: skip
# The field each column fills, in the order of HEADERS.
_FIELDS = ("group_code", "group_title", "group_max", "professional", "code", "title", "kind", "max_points", "evidence")

KIND_LABELS = {POINTS: "điểm", BONUS: "thưởng", PENALTY: "trừ", PASS_FAIL: "đạt/không đạt"}
# Accepted spellings, compared after _key(): English codes, the Vietnamese labels, with
# or without accents (people type both), a few longer forms.
_KIND_ALIASES = {
    **{_k: _k for _k in KINDS},
    "pass/fail": PASS_FAIL,
    "điểm": POINTS, "điểm thưởng": BONUS, "thưởng": BONUS, "điểm trừ": PENALTY, "trừ": PENALTY,
    "đạt/không đạt": PASS_FAIL,
}  # fmt: skip
_YES = {"có", "x", "yes", "true", "1", "đúng", "c"}
_NO = {"không", "no", "false", "0", "k", ""}

MAX_ROWS = 2000  # far more than any real table; stops a hostile file from running on
_TEXT_NUMBER = re.compile(r"-?\d+(?:[.,](\d+))?")


class TableImportError(InvalidInput):
    """The whole table is refused. `row_errors` is [(row number, message)] — the sheet's
    row (1 is the header) for .xlsx, None where there is no row (YAML, the file itself).
    `errors` is the API's 400 shape, one line per problem."""

    def __init__(self, row_errors: list[tuple[int | None, str]]):
        self.row_errors = row_errors
        lines = [f"Dòng {row}: {message}" if row is not None else message for row, message in row_errors]
        super().__init__(f"Không nhập được bảng tiêu chí ({len(row_errors)} lỗi). " + " ".join(lines), errors={"non_field_errors": lines})


def _key(text: str) -> str:
    """For matching labels typed by people: NFC, lower case, single spaces, no spaces
    around "/" ("Đạt / Không đạt" == "đạt/không đạt")."""
    text = " ".join(unicodedata.normalize("NFC", str(text)).lower().split())
    return text.replace(" /", "/").replace("/ ", "/")


_KINDS_BY_KEY = {**{_key(a): k for a, k in _KIND_ALIASES.items()}, **{fold(_key(a)): k for a, k in _KIND_ALIASES.items()}}
_HEADER_BY_KEY = {fold(_key(h)): f for h, f in zip(HEADERS, _FIELDS, strict=True)}


# -- reading cell or YAML values ----------------------------------------------------------


def _text(value) -> str:
    """A code or title. Numbers typed in a cell come back as numbers: 2 -> "2", 1.5 -> "1.5"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _positive_points(value, what: str, problems: list[str]) -> Decimal | None:
    """A max_points: a number > 0 with at most 2 decimals. Text cells may use the
    Vietnamese decimal comma ("7,5"), but "1.000" is refused rather than guessed at
    (a thousands separator or one point?)."""
    if isinstance(value, str):
        text = value.strip()
        match = _TEXT_NUMBER.fullmatch(text)
        if not match:
            problems.append(f"{what} phải là một số (đang là «{text}»).")
            return None
        if match.group(1) and len(match.group(1)) > 2:
            problems.append(f"{what} chỉ được có tối đa 2 chữ số thập phân (đang là «{text}»).")
            return None
        value = text.replace(",", ".")
    number = to_decimal(value)
    if number is None:
        problems.append(f"{what} phải là một số." if value in (None, "") else f"{what} phải là một số (đang là «{value}»).")
    elif number <= 0:
        problems.append(f"{what} phải lớn hơn 0 (đang là {number}).")
    elif not has_two_decimals_at_most(number):
        problems.append(f"{what} chỉ được có tối đa 2 chữ số thập phân (đang là {number}).")
    else:
        return number
    return None


def _yes_no(value, what: str, problems: list[str]) -> bool:
    if isinstance(value, bool):
        return value
    key = fold(_key(_text(value)))
    if key in {fold(y) for y in _YES}:
        return True
    if key in {fold(n) for n in _NO}:
        return False
    problems.append(f"{what} phải là «Có» hoặc «Không» (đang là «{value}»).")
    return False


def _kind(value, problems: list[str]) -> str | None:
    key = _key(_text(value))
    kind = _KINDS_BY_KEY.get(key) or _KINDS_BY_KEY.get(fold(key))
    if kind is None:
        labels = ", ".join(f"«{label}»" for label in KIND_LABELS.values())
        problems.append(f"Loại «{_text(value)}» không hợp lệ; dùng {labels} (hoặc {', '.join(KINDS)}).")
    return kind


# -- the shared checks ------------------------------------------------------------------


def _build(rows: Iterable[tuple[int | None, dict]]) -> TableSpec:
    """A TableSpec from flat rows (one per criterion, repeating its group's fields), or
    TableImportError listing every problem. Messages name the codes, since YAML has no
    row numbers."""
    errors: list[tuple[int | None, str]] = []
    groups: list[_Group] = []
    seen_codes: dict[str, int | None] = {}

    for row, raw in rows:
        problems: list[str] = []
        group_code, code = _text(raw.get("group_code")), _text(raw.get("code"))
        group_title, title = _text(raw.get("group_title")), _text(raw.get("title"))
        label = f"Tiêu chí «{code}»" if code else "Tiêu chí"
        if any(ILLEGAL_CHARACTERS_RE.search(text) for text in (group_code, group_title, code, title)):
            # Control characters (pasted from other software) cannot be written to .xlsx later.
            problems.append(f"{label}: mã hoặc tên có ký tự điều khiển không hợp lệ.")
        if not group_code:
            problems.append("Thiếu mã nhóm.")
        if not group_title:
            problems.append(f"Thiếu tên nhóm «{group_code}».")
        group_max = _positive_points(raw.get("group_max"), f"Điểm tối đa của nhóm «{group_code}»", problems)
        professional = _yes_no(raw.get("professional"), f"Cột «Nhiệm vụ chuyên môn» của nhóm «{group_code}»", problems)
        if not code:
            problems.append("Thiếu mã tiêu chí.")
        elif code in seen_codes:
            where = f" (đã có ở dòng {seen_codes[code]})" if seen_codes[code] is not None else ""
            problems.append(f"Mã tiêu chí «{code}» bị trùng{where}.")
        else:
            seen_codes[code] = row
        if not title:
            problems.append(f"{label}: thiếu tên tiêu chí.")
        kind = _kind(raw.get("kind"), problems)
        max_points = _positive_points(raw.get("max_points"), f"Điểm tối đa của tiêu chí «{code}»", problems)
        evidence = _yes_no(raw.get("evidence"), f"Cột «Cần minh chứng» của tiêu chí «{code}»", problems)
        if max_points is not None and group_max is not None and max_points > group_max:
            problems.append(f"{label}: điểm tối đa {max_points} vượt điểm tối đa của nhóm ({group_max}).")

        # A group's rows must follow one another and agree on the group's fields.
        group = groups[-1] if groups and group_code else None
        fields = (group_title, group_max, professional)
        if group_code and (group is None or group.code != group_code):
            if any(g.code == group_code for g in groups):
                problems.append(f"Các tiêu chí của nhóm «{group_code}» phải nằm liền nhau; nhóm này đã xuất hiện ở trên.")
                group = None
            else:
                group = _Group(group_code, fields, row)
                groups.append(group)
        elif group is not None and group.fields != fields:
            first = f" (dòng {group.row})" if group.row is not None else ""
            problems.append(f"Tên, điểm tối đa hoặc cột «Nhiệm vụ chuyên môn» của nhóm «{group_code}» khác với dòng đầu của nhóm{first}.")

        if problems:
            errors.extend((row, p) for p in problems)
        elif group is not None:
            group.criteria.append((row, CriterionSpec(code=code, title=title, kind=kind, max_points=max_points, evidence=evidence)))

    for g in groups:
        kinds = {c.kind for _, c in g.criteria}
        if PENALTY in kinds and kinds != {PENALTY}:
            # api-v1.md subtracts whole groups: a penalty among ordinary criteria would be added.
            errors.extend(
                (row, f"Tiêu chí «{c.code}» là điểm trừ nhưng nhóm «{g.code}» có tiêu chí loại khác; điểm trừ phải nằm trong nhóm riêng.")
                for row, c in g.criteria
                if c.kind == PENALTY
            )
        elif kinds == {PENALTY} and g.fields[2]:
            errors.append((g.row, f"Nhóm điểm trừ «{g.code}» không thể là nhóm nhiệm vụ chuyên môn."))
    if not errors and not groups:
        errors.append((None, "Bảng tiêu chí không có tiêu chí nào."))
    if errors:
        unique = list(dict.fromkeys(errors))  # a YAML group's problem would repeat once per criterion
        raise TableImportError(sorted(unique, key=lambda e: (e[0] is not None, e[0] or 0)))
    return TableSpec(groups=tuple(g.spec() for g in groups))


class _Group:
    """A group being read: its fields as on its first row (title, max, professional)."""

    def __init__(self, code: str, fields: tuple, row: int | None):
        self.code, self.fields, self.row = code, fields, row
        self.criteria: list[tuple[int | None, CriterionSpec]] = []

    def spec(self) -> GroupSpec:
        title, max_points, professional = self.fields
        return GroupSpec(self.code, title, max_points, professional, tuple(c for _, c in self.criteria))


# -- the YAML / JSON shape --------------------------------------------------------------


def table_from_dict(data) -> TableSpec:
    """From {groups: [{code, title, max_points, professional, criteria: [{code, title,
    kind, max_points, evidence}]}]} — the API's criteria body and the YAML file, parsed.
    `professional` and `evidence` default to false. An optional `total_base_points` must
    equal what the groups add up to (the sample says 100; a typo in a group would not)."""
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        raise TableImportError([(None, "Bảng tiêu chí phải có danh sách «groups».")])
    rows: list[tuple[int | None, dict]] = []
    errors: list[tuple[int | None, str]] = []
    for group in data["groups"]:
        if not isinstance(group, dict) or not isinstance(group.get("criteria"), list) or not group["criteria"]:
            name = _text(group.get("code")) if isinstance(group, dict) else ""
            errors.append((None, f"Nhóm «{name}» phải có danh sách tiêu chí («criteria») không rỗng."))
            continue
        for criterion in group["criteria"]:
            criterion = criterion if isinstance(criterion, dict) else {}
            rows.append((None, {
                "group_code": group.get("code"), "group_title": group.get("title"), "group_max": group.get("max_points"),
                "professional": group.get("professional", False),
                "code": criterion.get("code"), "title": criterion.get("title"), "kind": criterion.get("kind"),
                "max_points": criterion.get("max_points"), "evidence": criterion.get("evidence", False),
            }))  # fmt: skip
    try:
        table = _build(rows)
    except TableImportError as exc:
        raise TableImportError(errors + exc.row_errors)
    if errors:
        raise TableImportError(errors)
    declared = data.get("total_base_points")
    if declared is not None and to_decimal(declared) != table.base_max_points:
        raise TableImportError([(None, f"Tổng điểm cơ bản khai báo là {declared} nhưng các nhóm cộng lại được {table.base_max_points}.")])
    return table


def table_to_dict(table: TableSpec) -> dict:
    """The API's shape; numbers stay Decimal (the serializer decides how to write them)."""
    return {
        "groups": [
            {
                "code": g.code, "title": g.title, "max_points": g.max_points, "professional": g.professional,
                "criteria": [
                    {"code": c.code, "title": c.title, "kind": c.kind, "max_points": c.max_points, "evidence": c.evidence}
                    for c in g.criteria
                ],
            }
            for g in table.groups
        ]
    }  # fmt: skip


def load_yaml(text: str) -> TableSpec:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (dòng {mark.line + 1})" if mark is not None else ""
        raise TableImportError([(None, f"Tệp YAML không đọc được{where}.")])
    if isinstance(data, dict) and isinstance(data.get("groups"), list):
        data["groups"] = [_rejoin_title(g, _GROUP_KEYS) if isinstance(g, dict) else g for g in data["groups"]]
        for group in data["groups"]:
            if isinstance(group, dict) and isinstance(group.get("criteria"), list):
                group["criteria"] = [_rejoin_title(c, _CRITERION_KEYS) if isinstance(c, dict) else c for c in group["criteria"]]
    return table_from_dict(data)


_GROUP_KEYS = {"code", "title", "max_points", "professional", "criteria"}
_CRITERION_KEYS = {"code", "title", "kind", "max_points", "evidence"}


def _rejoin_title(mapping: dict, known: set[str]) -> dict:
    """Undo YAML's cut of an unquoted title at its commas. In a flow mapping,
    {code: "I.4", title: Quản lý đoàn ra, đoàn vào và lễ tân đối ngoại, kind: points}
    parses as title "Quản lý đoàn ra" plus a key "đoàn vào và lễ tân đối ngoại" without a
    value — a mistake easy to make with Vietnamese titles, and made by the shared sample
    file. Unknown keys without a value right after the title are glued back with ", "."""
    out: dict = {}
    last = None
    for key, value in mapping.items():
        if last == "title" and value is None and isinstance(key, str | int) and key not in known and isinstance(out.get("title"), str):
            out["title"] += f", {key}"
            continue  # `last` stays "title": the next piece may follow
        out[key] = value
        last = key
    return out


def load_sample() -> TableSpec:
    """The sample table shipped in data/ (for the demo, the tests, a new year's starting point)."""
    return load_yaml(SAMPLE_FILE.read_text(encoding="utf-8"))


# -- .xlsx ------------------------------------------------------------------------------


def export_xlsx(table: TableSpec, title: str = "Bảng tiêu chí chấm điểm") -> bytes:
    """One sheet, one row per criterion, the group's fields repeated on each of its rows
    (so that a row can be moved or filtered in Excel without losing its group). `title`
    (the cluster and the year) heads every printed page."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Bảng tiêu chí"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for g in table.groups:
        for c in g.criteria:
            ws.append([
                g.code, g.title, g.max_points, "Có" if g.professional else "Không",
                c.code, c.title, KIND_LABELS[c.kind], c.max_points, "Có" if c.evidence else "Không",
            ])  # fmt: skip
    last = ws.max_row
    for column in ("A", "E"):  # codes stay text when edited: Excel would turn "1.10" into 1.1
        for (cell,) in ws[f"{column}2:{column}{max(last, 2)}"]:
            cell.number_format = "@"
    for column, width in zip("ABCDEFGHI", (9, 40, 10, 12, 11, 60, 14, 10, 12), strict=True):
        ws.column_dimensions[column].width = width
    kinds = DataValidation(type="list", formula1='"' + ",".join(KIND_LABELS.values()) + '"', allow_blank=False)
    yes_no = DataValidation(type="list", formula1='"Có,Không"', allow_blank=True)
    ws.add_data_validation(kinds)
    ws.add_data_validation(yes_no)
    kinds.add(f"G2:G{MAX_ROWS}")
    yes_no.add(f"D2:D{MAX_ROWS}")
    yes_no.add(f"I2:I{MAX_ROWS}")
    ws.freeze_panes = "A2"
    print_setup(ws, title=title, header_rows=(1, 1))
    return workbook_bytes(wb)  # titles and codes as text, never formulas


def import_xlsx(data: bytes) -> TableSpec:
    """The first sheet of an .xlsx made like export_xlsx's: columns found by their headers
    (any order, extra columns ignored), empty rows skipped. All or nothing."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # the old binary .xls (OLE) format
        raise TableImportError([(None, "Tệp .xls (Excel 97–2003) không được hỗ trợ; hãy mở bằng Excel và lưu lại dưới dạng .xlsx.")])
    try:  # sizes, ratios, rows, cells and strings within limits before openpyxl reads anything
        check_xlsx(data)
    except XlsxRefused as exc:
        raise TableImportError([(None, str(exc.message))])
    not_xlsx = TableImportError([(None, "Tệp tải lên không phải là tệp Excel .xlsx hợp lệ.")])
    try:
        lines = _read_first_sheet(data)
    except Exception:  # a zip that is not a workbook fails in many ways inside openpyxl; all mean the same
        raise not_xlsx
    if lines is None:
        raise TableImportError([(None, "Tệp Excel không có trang tính nào.")])
    header = lines[0] if lines else ()
    columns = {}
    for index, name in enumerate(header):
        field = _HEADER_BY_KEY.get(fold(_key(_text(name))))
        if field and field not in columns:
            columns[field] = index
    missing = [h for h, f in zip(HEADERS, _FIELDS, strict=True) if f not in columns]
    if missing:
        raise TableImportError([(1, "Thiếu cột " + ", ".join(f"«{h}»" for h in missing) + ".")])
    if len(lines) > MAX_ROWS:
        raise TableImportError([(MAX_ROWS + 1, f"Bảng có quá nhiều dòng (tối đa {MAX_ROWS}).")])
    rows = [
        (number, {f: values[i] if i < len(values) else None for f, i in columns.items()})
        for number, values in enumerate(lines[1:], start=2)
        if not all(v is None or (isinstance(v, str) and not v.strip()) for v in values)
    ]
    return _build(rows)


def _read_first_sheet(data: bytes) -> list[tuple] | None:
    """The values of the first worksheet's rows (at most MAX_ROWS + 1), None if there is no
    worksheet. Read-only mode parses the sheet lazily, so a broken file can fail here too."""
    wb = load_workbook(BytesIO(data), read_only=True, data_only=True)
    try:
        if not wb.worksheets:
            return None
        ws = wb.worksheets[0]
        ws.reset_dimensions()  # some generators write a wrong size; read what is really there
        return list(itertools.islice(ws.iter_rows(values_only=True), MAX_ROWS + 1))
    finally:
        wb.close()

"""Checking every record against the database and the importer's scope: which units and
accounts would be created, updated or left alone, and each row's errors; `import_plan`
is the dry run, which writes nothing."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from thidua.core.errors import Forbidden
from thidua.core.permissions import can
from thidua.org.models import Province, Unit, User
from thidua.org.rules import is_admin
from thidua.org.text import fold

from ..rules import may_import
from .plan import (
    ACCOUNT_COLUMNS,
    ACCOUNT_SHEET,
    ERROR,
    ROLE_LABELS,
    ROLE_WORDS,
    UNCHANGED,
    UNIT_COLUMNS,
    UNIT_SHEET,
    UPDATE,
    ImportPlan,
    RowResult,
)
from .reading import _KINDS, _date, _header, _key, _read_sheets, _records, _text


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

"""Handing out document numbers. A number is taken from the counter of (issuing unit,
issuer symbol, type, year) inside one transaction that locks the counter row
(SELECT … FOR UPDATE), records the IssuedDocument and appends an audit event, so two
clerks issuing at the same moment get consecutive numbers, never the same one, and a
failed issue leaves no gap (its increment rolls back with it)."""

from __future__ import annotations

import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from thidua.core.audit import audit_record, snapshot
from thidua.core.errors import Conflict, Forbidden, InvalidInput
from thidua.core.memo import memoized
from thidua.org.models import Unit
from thidua.org.rules import is_admin

from .document import DocumentNumber
from .models import IssuedDocument, NumberCounter

#: How many times a first-ever issue is retried when a concurrent transaction created
#: the same counter row first (the unique constraint refuses the second insert).
RETRIES = 3
#: The largest number a văn thư may enter (a unit's register rarely passes a few thousand a year).
MAX_NUMBER = 99999
_SYMBOL = re.compile(r"^[^\s/]{1,20}$")
_TYPE = re.compile(r"^[^\s/\-]{0,10}$")


def can_issue_numbers(user, unit: Unit) -> bool:
    """The system admin, or an officer or the head of the issuing unit."""
    if is_admin(user):
        return True
    return bool(
        user is not None and user.is_authenticated and user.unit_id == unit.pk and (user.is_unit_officer or user.is_unit_head)
    )


def _validate(*, doc_type: str, issuer_symbol: str, date, subject: str) -> None:
    errors: dict[str, list[str]] = {}
    if not _TYPE.match(doc_type or ""):
        errors["doc_type"] = [_("Loại văn bản không hợp lệ.")]
    if not _SYMBOL.match(issuer_symbol or ""):
        errors["issuer_symbol"] = [_("Ký hiệu cơ quan ban hành không hợp lệ.")]
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        errors["date"] = [_("Ngày ban hành không hợp lệ.")]
    if not (subject or "").strip():
        errors["subject"] = [_("Trích yếu không được để trống.")]
    elif len(subject) > 500:
        errors["subject"] = [_("Trích yếu dài quá 500 ký tự.")]
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], errors=errors)


def _taken_message(unit: Unit, number: int, doc_type: str, issuer_symbol: str, year: int) -> str:
    return _("Số {number} đã có trong sổ đăng ký văn bản năm {year} của {unit}; vui lòng kiểm tra lại số văn thư đã cấp.").format(
        number=DocumentNumber(number, doc_type, issuer_symbol), year=year, unit=unit.name,
    )


def _take_number(
    *, actor, unit: Unit, doc_type: str, issuer_symbol: str, date: dt.date, subject: str, given: int | None = None
) -> IssuedDocument:
    with transaction.atomic():
        counter, _created = NumberCounter.objects.select_for_update().get_or_create(
            unit=unit, issuer_symbol=issuer_symbol, doc_type=doc_type, year=date.year
        )
        if given is None:
            number = counter.last_number + 1
        else:
            # The number the văn thư gave: checked against the register while the counter
            # is locked, so two clerks cannot record the same one.
            number = given
            if IssuedDocument.objects.filter(
                unit=unit, issuer_symbol=issuer_symbol, doc_type=doc_type, year=date.year, number=number
            ).exists():
                raise Conflict(_taken_message(unit, number, doc_type, issuer_symbol, date.year))
        # the next automatic number follows the highest one recorded, given or not
        counter.last_number = max(counter.last_number, number)
        counter.save(update_fields=["last_number"])
        document = IssuedDocument.objects.create(
            unit=unit, issuer_symbol=issuer_symbol, doc_type=doc_type, year=date.year, number=number,
            date=date, subject=subject, issued_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            actor=actor, action="document.number_issue", obj=document, after=snapshot(document, exclude=("created_at",)),
            organizer_id=unit.managed_by_id,
        )
        return document


def document_number_issue(
    *, actor, unit: Unit, doc_type: str, issuer_symbol: str, date: dt.date, subject: str, number: int | None = None
) -> IssuedDocument:
    """Give the next number of (unit, issuer symbol, type, the year of `date`) to a
    document and record it — or, with `number`, record the number the unit's văn thư gave
    it (e.g. 91, from the unit's own book): refused with `Conflict` when the register
    already has it, and the next automatic number then follows it. `doc_type` is "KH",
    "BC"… or "" for a công văn."""
    if not can_issue_numbers(actor, unit):
        raise Forbidden(_("Bạn không có quyền cấp số văn bản của đơn vị này."))
    doc_type, issuer_symbol, subject = (doc_type or "").strip(), (issuer_symbol or "").strip(), (subject or "").strip()
    _validate(doc_type=doc_type, issuer_symbol=issuer_symbol, date=date, subject=subject)
    if number is not None and (isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= MAX_NUMBER):
        raise InvalidInput(_("Số văn bản phải là số nguyên từ 1 đến {max}.").format(max=MAX_NUMBER), field="number")
    for attempt in range(RETRIES):
        try:
            return _take_number(
                actor=actor, unit=unit, doc_type=doc_type, issuer_symbol=issuer_symbol, date=date, subject=subject, given=number
            )
        except IntegrityError:
            # Two first-ever requests both inserted the counter row (or, impossible while
            # the counter is locked, the same number): the loser's savepoint rolled back;
            # try again, now finding and locking the winner's row.
            if attempt == RETRIES - 1:
                raise Conflict(_("Không cấp được số văn bản do có yêu cầu đồng thời; vui lòng thử lại."))
    raise AssertionError("unreachable")  # pragma: no cover


def next_number(*, unit: Unit, doc_type: str, issuer_symbol: str, year: int) -> int:
    """The number the register would give next (for the preview before issuing): a hint,
    not a reservation — the issue itself takes the number under the counter's lock."""
    return counters_of(unit, year).get((issuer_symbol, doc_type), 0) + 1


def counters_of(unit: Unit, year: int) -> dict[tuple[str, str], int]:
    """{(issuer symbol, type): last number} of the unit's register for the year, in one
    query, once per request (core.memo; every issue is audited, which forgets it): a page
    shows the next number of several documents of one register."""

    def read() -> dict[tuple[str, str], int]:
        rows = NumberCounter.objects.filter(unit=unit, year=year).values_list("issuer_symbol", "doc_type", "last_number")
        return {(symbol, doc_type): last for symbol, doc_type, last in rows}

    return memoized(("documents.counters", unit.pk, year), read)


def parse_given_number(raw) -> int | None:
    """The number a văn thư typed ("91", "091", "91/KH-SNgV" is refused: only the number),
    or None when left empty (take the next one). Refused with a clear message otherwise."""
    text = (raw or "").strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= MAX_NUMBER:
        raise InvalidInput(_("Số văn bản phải là số nguyên từ 1 đến {max}.").format(max=MAX_NUMBER), field="number")
    return int(text)

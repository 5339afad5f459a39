"""Numbers for the year's further documents (cycle.documents_more, voting.documents_more,
a poll's vote-counting minutes): one flow for all of them, the same as the plan's and the
covenant's — the number from the issuer's register, or as the unit's văn thư gave it
(refused when the register already has it), after a preview of the whole document with
that number and a confirmation; then the document carries it, dated the day it was
given, and its PDF can be signed.

The register, the symbol, the type code and the subject are read from the document
itself (its `Issuer`, from cycle.issuer), so that the page and the register agree."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.confirm import Confirmation
from thidua.core.errors import Conflict
from thidua.core.memo import memoized
from thidua.core.permissions import require
from thidua.documents.document import Document, DocumentNumber
from thidua.documents.models import IssuedDocument
from thidua.documents.numbering import can_issue_numbers, document_number_issue
from thidua.documents.numbering import next_number as register_next
from thidua.org.models import ClusterYear
from thidua.org.year_writes import audit_year

from .issuer import register_unit
from .models import NumberedDocument


def numbered_documents(cluster_year: ClusterYear) -> dict[tuple[str, str], IssuedDocument]:
    """{(kind, key): its issued document} for every numbered document of the year, in one
    query, once per request (core.memo; a number given is audited, which forgets it): a
    page lists several documents' numbers (the conference page: the invitation's, the
    minutes', the notice's…), each asking `numbered_of`."""

    def read() -> dict[tuple[str, str], IssuedDocument]:
        rows = NumberedDocument.objects.select_related("issued_document").filter(cluster_year=cluster_year)
        return {(row.kind, row.key): row.issued_document for row in rows}

    return memoized(("cycle.numbered_documents", cluster_year.pk), read)


def numbered_of(cluster_year: ClusterYear, kind: str, key: str = "") -> IssuedDocument | None:
    return numbered_documents(cluster_year).get((kind, key))


def with_issued_number(document: Document, issued: IssuedDocument | None) -> Document:
    """The document as issued: its register number, dated the day it was given, no longer
    a draft. Unchanged without a number."""
    if issued is None:
        return document
    return replace(document, number=issued.document_number, date=issued.date, dated=True, draft=False)


def issue_day(document: Document) -> dt.date:
    """A document dated by what it records (minutes of a meeting, a count) keeps that
    day; any other is dated the day its number is given."""
    return document.date if document.dated else timezone.localdate()


def next_number_of(document: Document) -> DocumentNumber | None:
    """The number the issuer's register would give the document now (None: the issuer
    numbers it outside ThiDua, or it is numbered already)."""
    if document.issuer.unit_id is None or document.number.number is not None:
        return None
    unit = register_unit(document.issuer)
    number = document.number
    return DocumentNumber(register_next(unit=unit, doc_type=number.type_code, issuer_symbol=number.issuer_symbol,
                                        year=issue_day(document).year), number.type_code, number.issuer_symbol)


def may_number(user, document: Document) -> bool:
    """An officer or the head of the unit whose register numbers the document (or the admin)."""
    if document.issuer.unit_id is None or document.number.number is not None:
        return False
    return can_issue_numbers(user, register_unit(document.issuer))


@transaction.atomic
def year_document_number_issue(
    *, actor, cluster_year: ClusterYear, kind: str, document: Document, key: str = "", number: int | None = None
) -> IssuedDocument:
    """Give the year's document `kind` (`key`: which one, e.g. the poll) its number in its
    issuer's register: the next one, or `number` as the văn thư gave it. Once each; a
    number already in the register is refused (`Conflict`) and nothing is saved."""
    require(actor, "cycle.view_year", cluster_year)
    if document.number.number is not None or numbered_of(cluster_year, kind, key) is not None:
        raise Conflict(_("Văn bản này đã được cấp số."))
    unit = register_unit(document.issuer)
    issued = document_number_issue(
        actor=actor, unit=unit, doc_type=document.number.type_code, issuer_symbol=document.number.issuer_symbol,
        date=issue_day(document), subject=(document.subject or document.type_title or kind)[:500], number=number,
    )
    try:
        with transaction.atomic():
            row = NumberedDocument.objects.create(cluster_year=cluster_year, kind=kind, key=key, issued_document=issued)
    except IntegrityError as exc:  # numbered by someone else at the same moment: this number is not kept
        raise Conflict(_("Văn bản này đã được cấp số.")) from exc
    audit_year(actor, "document.number", row, cluster_year, after={"kind": kind, "key": key, "number": str(issued.document_number)})
    return issued


def number_confirmation(unit_name: str, title: str) -> Confirmation:
    return Confirmation(
        title=_("Cấp số cho {document}?").format(document=title),
        what=_("{document} nhận số trong sổ văn bản của {unit} (số tiếp theo, hoặc số văn thư đã cấp), và được ghi ngày cấp số.")
        .format(document=title, unit=unit_name),
        consequences=[_("Số đã cấp không thu hồi và không dùng lại được."), _("Sau khi cấp số, văn bản không còn là dự thảo.")],
        button=_("Cấp số"),
    )

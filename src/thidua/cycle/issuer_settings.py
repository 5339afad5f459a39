"""Changing who issues the cluster's documents (cycle.issuer, decision 0026), and the
preview of how each type's header, number, date line and signature will read.

The leader unit or the organizer change it (`cycle.change_document_issuers`), for every
year of the cluster or for one year only; invalid input is reported field by field and
nothing is saved; the change is audited."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.errors import InvalidInput
from thidua.core.permissions import require
from thidua.documents.document import BLANK_DATE, Issuer
from thidua.documents.numbering import next_number
from thidua.org.models import ClusterYear, Unit
from thidua.org.year_writes import audit_year

from .issuer import DOC_TYPES, IssuedBy, IssuerChoice, issuer_choices, issuer_from_choice
from .models import DocumentIssuerSetting

_SYMBOL = re.compile(r"^[^\s/]{1,20}$")


def _clean(key: str, raw: dict, errors: dict[str, list[str]]) -> tuple[str, bool, str]:
    spec = DOC_TYPES[key]
    issued_by = str(raw.get("issued_by") or spec.default)
    if issued_by not in spec.allowed:
        errors[f"{key}-issued_by"] = [_("Cơ quan ban hành không hợp lệ cho loại văn bản này.")]
    symbol = " ".join(str(raw.get("symbol") or "").split())
    if symbol and not _SYMBOL.match(symbol):
        errors[f"{key}-symbol"] = [_("Ký hiệu gồm tối đa 20 ký tự, không có dấu cách hay dấu “/” (ví dụ: CTĐ).")]
    # the organizer signs in its own name: its "TM." choice means nothing and is kept at the default
    on_behalf = True if issued_by == IssuedBy.ORGANIZER else bool(raw.get("on_behalf"))
    return issued_by, on_behalf, symbol


@transaction.atomic
def document_issuers_update(*, actor, cluster_year: ClusterYear, rows: dict[str, dict], this_year_only: bool = False) -> None:
    """Save the issuer of each document type in `rows` ({key: {issued_by, on_behalf,
    symbol}}): for every year of the cluster, or only for `cluster_year`'s year. Types
    absent from `rows` keep their setting."""
    require(actor, "cycle.change_document_issuers", cluster_year,
            _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được thay đổi cơ quan ban hành văn bản."))
    errors: dict[str, list[str]] = {}
    unknown = [key for key in rows if key not in DOC_TYPES]
    if unknown:
        errors["doc_type"] = [_("Loại văn bản không hợp lệ: {keys}.").format(keys=", ".join(unknown))]
    cleaned = {key: _clean(key, raw, errors) for key, raw in rows.items() if key in DOC_TYPES}
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], errors=errors)
    year = cluster_year.year if this_year_only else None
    before = {k: (c.issued_by, c.on_behalf, c.symbol) for k, c in issuer_choices(cluster_year).items()}
    for key, (issued_by, on_behalf, symbol) in cleaned.items():
        own = DocumentIssuerSetting.objects.filter(cluster_id=cluster_year.cluster_id, year=year, doc_type=key).exists()
        if not own and before[key] == (issued_by, on_behalf, symbol):
            continue  # unchanged and in force from elsewhere (the default, the cluster's row): no row of its own
        DocumentIssuerSetting.objects.update_or_create(
            cluster_id=cluster_year.cluster_id, year=year, doc_type=key,
            defaults={"issued_by": issued_by, "on_behalf": on_behalf, "symbol": symbol},
        )
    after = {k: (c.issued_by, c.on_behalf, c.symbol) for k, c in issuer_choices(cluster_year).items()}
    changed = {k: v for k, v in after.items() if before[k] != v}
    if changed:
        audit_year(actor, "document_issuer.update", cluster_year, cluster_year,
                   before={k: list(before[k]) for k in changed}, after={k: list(v) for k, v in changed.items()},
                   reason=_("Chỉ năm {year}").format(year=cluster_year.year) if this_year_only else _("Mọi năm"))


# --- the preview ------------------------------------------------------------------------------------
@dataclass
class IssuerPreview:
    key: str
    label: str
    choice: IssuerChoice
    issuer: Issuer
    number: str
    date_line: str
    authority: list[str]
    register: str


def issuer_previews(cluster_year: ClusterYear, *, host: Unit | None = None, day: dt.date | None = None) -> list[IssuerPreview]:
    """How each type's documents will read under the setting in force: the header, the
    number the register would give next, the date line and the signature's authority."""
    from .services import year_settings_get

    day = day or timezone.localdate()
    covenant_code = year_settings_get(cluster_year).covenant_type_code
    out = []
    for key, choice in issuer_choices(cluster_year).items():
        spec = DOC_TYPES[key]
        code = covenant_code if spec.code is None else spec.code
        issuer = issuer_from_choice(cluster_year, day, choice, host=host)
        if issuer.unit_id is not None:
            unit = Unit.objects.get(pk=issuer.unit_id)
            number = issuer.number(next_number(unit=unit, doc_type=code, issuer_symbol=issuer.symbol, year=day.year), code)
            register = _("Sổ văn bản của {unit}").format(unit=unit.name)
        else:
            number = issuer.number(None, code)
            register = _("Văn thư của {body} cấp số (ngoài ThiDua)").format(body=issuer.name)
        out.append(IssuerPreview(
            key=key, label=str(spec.label), choice=choice, issuer=issuer, number=number.line,
            date_line=f"{issuer.place or '……'}, {BLANK_DATE}", authority=issuer.authority(), register=register,
        ))
    return out


ISSUED_BY_LABELS = dict(IssuedBy.choices)

"""Who issues the cluster's documents (one body per document, documents.document.Issuer),
a setting per cluster (and optionally year) and document type (decision 0026):

- the leader unit (default): its header, its symbol ("KH-SNgV"), its register and its
  seat, with "TM. <CỤM>" above "CỤM TRƯỞNG" when the setting says it signs for the
  cluster (default), else in its own name ("GIÁM ĐỐC");
- the cluster itself: the organizer above the cluster's name, the year's symbol
  (YearSettings.document_symbol, "CTĐ"), numbered in the leader unit's register (a
  cluster has no văn thư of its own) and dated at the leader's seat;
- the organizer: its name and symbol; numbered by its own văn thư, outside ThiDua;
- the host unit (minutes): its header, symbol and register.

A symbol typed in the setting replaces the issuer's own. The documents and the numbering
services ask `document_issuer`, so that the page and the register cannot disagree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from thidua.core.memo import memoized
from thidua.documents.document import Issuer
from thidua.documents.places import issuer_for_unit
from thidua.org.models import ClusterYear, Membership, Role, Unit

from .models import DocumentIssuerSetting

IssuedBy = DocumentIssuerSetting.IssuedBy
#: the signer's title for the organizer, by its kind
HEAD_OF = {"ministry": "BỘ TRƯỞNG", "province": "CHỦ TỊCH"}
#: the organizer's seat, by its kind: every ministry sits in Hà Nội; another organizer's
#: place is not in its data, and its clerk writes it
SEAT_OF = {"ministry": "Hà Nội"}


@dataclass(frozen=True)
class DocType:
    label: str
    #: the type code in numbers ("KH"); None: the year's covenant code
    code: str | None
    default: str = IssuedBy.LEADER
    #: who may issue it (the host only minutes; a decision only the organizer)
    allowed: tuple[str, ...] = (IssuedBy.LEADER, IssuedBy.CLUSTER, IssuedBy.ORGANIZER)


#: The cluster's document types whose issuer is a setting, in the page's order. The
#: documents a member unit makes for itself (a delegate's authorisation, its achievement
#: report) are always issued by that unit and are not listed.
DOC_TYPES: dict[str, DocType] = {
    "ke-hoach": DocType(_("Kế hoạch (KH)"), "KH"),
    "giao-uoc": DocType(_("Giao ước thi đua"), None),
    "giay-moi": DocType(_("Giấy mời (GM)"), "GM"),
    "bien-ban": DocType(_("Biên bản hội nghị, biên bản kiểm phiếu (BB)"), "BB",
                        allowed=(IssuedBy.LEADER, IssuedBy.CLUSTER, IssuedBy.ORGANIZER, IssuedBy.HOST)),
    "quy-che": DocType(_("Quy chế (QC)"), "QC"),
    "chuong-trinh": DocType(_("Chương trình công tác (CTr)"), "CTr"),
    "cong-van": DocType(_("Công văn"), ""),
    "bao-cao": DocType(_("Báo cáo (BC)"), "BC"),
    "thong-bao": DocType(_("Thông báo (TB)"), "TB"),
    "to-trinh": DocType(_("Tờ trình, Danh sách (TTr)"), "TTr"),
    "quyet-dinh": DocType(_("Quyết định khen thưởng (QĐ)"), "QĐ", default=IssuedBy.ORGANIZER,
                          allowed=(IssuedBy.ORGANIZER,)),
}
_BY_CODE = {t.code: key for key, t in DOC_TYPES.items() if t.code is not None}


@dataclass(frozen=True)
class IssuerChoice:
    """The setting in force for one document type, and where it comes from."""

    doc_type: str
    issued_by: str
    on_behalf: bool = True
    symbol: str = ""
    #: "year" (a row for this year), "cluster" (a row for every year) or "default"
    source: str = "default"


def leader_unit(cluster_year: ClusterYear) -> Unit | None:
    """The year's leader unit, read once per request (a page shows several documents'
    numbers and issuers: the conference page asks for the invitation's and the minutes')."""

    def read() -> Unit | None:
        membership = (
            Membership.objects.select_related("unit", "unit__province").filter(cluster_year=cluster_year, role=Role.LEADER).first()
        )
        if membership is None:
            return None
        unit = membership.unit
        # its register numbers most of the year's documents: `register_unit` need not read it again
        memoized(("cycle.register_unit", unit.pk), lambda: unit)
        return unit

    return memoized(("cycle.leader_unit", cluster_year.pk), read)


def type_key(cluster_year: ClusterYear, doc_type: str = "", kind: str = "") -> str | None:
    """The setting's key of a document: `kind` when given ("giao-uoc"), else its code."""
    if kind:
        return kind if kind in DOC_TYPES else None
    return _BY_CODE.get(doc_type)


def issuer_choices(cluster_year: ClusterYear) -> dict[str, IssuerChoice]:
    """Every type's setting in force for the year: its own row, else the cluster's row
    for every year, else the default (one query)."""
    def read() -> dict[str, IssuerChoice]:
        rows = DocumentIssuerSetting.objects.filter(cluster_id=cluster_year.cluster_id, year__in=[cluster_year.year]) | (
            DocumentIssuerSetting.objects.filter(cluster_id=cluster_year.cluster_id, year__isnull=True)
        )
        found: dict[str, IssuerChoice] = {}
        for row in sorted(rows, key=lambda r: r.year is not None):  # the year's rows win
            found[row.doc_type] = IssuerChoice(row.doc_type, row.issued_by, row.on_behalf, row.symbol,
                                               "year" if row.year else "cluster")
        return {key: found.get(key, IssuerChoice(key, t.default)) for key, t in DOC_TYPES.items()}

    return memoized(("cycle.issuer_choices", cluster_year.pk), read)  # once per request (core.memo)


def issuer_choice(cluster_year: ClusterYear, key: str | None) -> IssuerChoice:
    if key is None:
        return IssuerChoice("", IssuedBy.LEADER)
    return issuer_choices(cluster_year)[key]


def _year_symbol(cluster_year: ClusterYear) -> str:
    from thidua.cycle.services.year_rules import year_settings_get  # the services import this module

    return year_settings_get(cluster_year).document_symbol.replace(" ", "")


def issuer_from_choice(
    cluster_year: ClusterYear, day: dt.date, choice: IssuerChoice, *, unit: Unit | None = None, host: Unit | None = None
) -> Issuer:
    cluster = cluster_year.cluster
    leader = unit or leader_unit(cluster_year)
    tm = cluster.name if choice.on_behalf else ""
    by = choice.issued_by
    if by == IssuedBy.HOST and host is None:
        by = IssuedBy.LEADER  # no host named yet: the leader, until there is one
    if by == IssuedBy.ORGANIZER:
        organizer = cluster.organizer
        issuer = Issuer(issuing_body=organizer.name, symbol=organizer.symbol.replace(" ", ""),
                        title=HEAD_OF.get(organizer.kind, "THỦ TRƯỞNG"), place=SEAT_OF.get(organizer.kind, ""))
    elif by == IssuedBy.CLUSTER or leader is None:
        seat = issuer_for_unit(leader, day) if leader is not None else None
        issuer = Issuer(
            issuing_body=cluster.name, parent_authority=cluster.organizer.name, symbol=_year_symbol(cluster_year),
            place=seat.place if seat else "", on_behalf_of=tm, unit_id=leader.pk if leader else None, title="CỤM TRƯỞNG",
        )
    else:
        own = host if by == IssuedBy.HOST else leader
        issuer = issuer_for_unit(own, day, on_behalf_of=tm)
        issuer.symbol = (issuer.symbol or _year_symbol(cluster_year)).replace(" ", "")
        issuer.title = "CỤM TRƯỞNG" if tm and by == IssuedBy.LEADER else (own.head_title or "Giám đốc").upper()
    if choice.symbol:
        issuer.symbol = choice.symbol
    return issuer


def document_issuer(
    cluster_year: ClusterYear, day: dt.date, *, unit: Unit | None = None, doc_type: str = "", kind: str = "",
    host: Unit | None = None,
) -> Issuer:
    """The issuer of a cluster document of type `doc_type` (its code, "KH") or `kind`
    ("giao-uoc") dated `day`, as the cluster's setting says (`issuer_choices`). `unit`
    is the leader unit to use instead of the year's (the unit that issued an existing
    plan); `host` the conference's host unit, for minutes. Without a leader, the cluster
    itself under its organizer, with the year's symbol (a draft nobody can number yet)."""
    choice = issuer_choice(cluster_year, type_key(cluster_year, doc_type, kind))
    return issuer_from_choice(cluster_year, day, choice, unit=unit, host=host)


def register_unit(issuer: Issuer) -> Unit:
    """The unit whose register numbers the issuer's documents; `Conflict` for a document
    the organizer issues (its văn thư numbers it, outside ThiDua)."""
    from django.utils.translation import gettext

    from thidua.core.errors import Conflict

    if issuer.unit_id is None:
        raise Conflict(gettext("Văn bản này do {issuer} ban hành: số do văn thư của cơ quan đó cấp, không cấp trong ThiDua.")
                       .format(issuer=issuer.name))
    # once per request: a page shows the next number of several documents of one register
    return memoized(("cycle.register_unit", issuer.unit_id), lambda: Unit.objects.select_related("province").get(pk=issuer.unit_id))

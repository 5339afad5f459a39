"""Numbering and issuing the year's Decree 30 documents: the covenant's number and the
conference plan. Apart from the covenant's text because issuing takes a number from the
issuing body's register (cycle/issuer.py) and freezes the document."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import snapshot
from thidua.core.errors import Conflict
from thidua.core.errors import raise_errors as _raise
from thidua.core.permissions import require
from thidua.org.models import ClusterYear, Membership, Role, Unit

# The shared helpers under the short names this module's services have always used.
from thidua.org.year_writes import audit_year as _audit
from thidua.org.year_writes import lock_year as _locked

from .. import phases
from ..issuer import document_issuer, register_unit
from ..models import ConferencePlan
from .covenant import _covenant_for_update
from .year_rules import year_settings_get


def _leader_unit(cluster_year: ClusterYear) -> Unit:
    membership = Membership.objects.select_related("unit", "unit__province").filter(cluster_year=cluster_year, role=Role.LEADER).first()
    if membership is None:
        raise Conflict(_("Năm thi đua chưa có đơn vị Cụm trưởng."))
    return membership.unit


@transaction.atomic
def covenant_number_issue(*, actor, cluster_year: ClusterYear, date: dt.date | None = None, number: int | None = None):
    """Give the frozen covenant its number from the leader unit's register
    ("01/GƯTĐ-SNgV"), issued by an officer or the head of the leader unit: the next one,
    or `number` as the unit's văn thư gave it (refused if already in the register)."""
    from thidua.documents.numbering import document_number_issue

    require(actor, "cycle.issue_documents", cluster_year, _("Chỉ cán bộ, lãnh đạo đơn vị Cụm trưởng được cấp số văn bản của Cụm."))
    cluster_year = _locked(cluster_year)
    covenant = _covenant_for_update(cluster_year)
    if covenant is None or not covenant.is_frozen:
        raise Conflict(_("Chỉ cấp số khi tất cả các đơn vị đã ký giao ước."))
    if covenant.issued_document_id:
        raise Conflict(_("Giao ước đã có số {number}.").format(number=covenant.issued_document.document_number))
    settings = year_settings_get(cluster_year)
    day = date or timezone.localdate(covenant.frozen_at)
    # the register and the symbol are the issuer's, as on the document (cycle.issuer)
    issuer = document_issuer(cluster_year, day, unit=_leader_unit(cluster_year), doc_type=settings.covenant_type_code,
                             kind="giao-uoc")
    document = document_number_issue(
        actor=actor, unit=register_unit(issuer), doc_type=settings.covenant_type_code, issuer_symbol=issuer.symbol,
        date=day, subject=_("Giao ước thi đua năm {year}").format(year=cluster_year.year), number=number,
    )
    covenant.issued_document = document
    covenant.save(update_fields=["issued_document"])
    _audit(actor, "covenant.number", covenant, cluster_year,
           after={"issued_document": document.pk, "number": str(document.document_number)})
    return covenant


def plan_subject(cluster_year: ClusterYear) -> str:
    return _("Tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm {year}").format(year=cluster_year.year)


@transaction.atomic
def conference_plan_issue(
    *, actor, cluster_year: ClusterYear, date: dt.date, conference_date: dt.date | None = None, conference_place: str = "",
    reports_due: dt.date | None = None, signer: str = "", number: int | None = None,
    conference_time: dt.time | None = None, registration_due: dt.date | None = None, funding: str = "", contact: str = "",
) -> ConferencePlan:
    """Issue the plan for the year-end conference (KH), numbered in the leader unit's
    register under its symbol (cycle.issuer): the next number, or `number` as the unit's
    văn thư gave it. Once per year."""
    from thidua.documents.numbering import document_number_issue

    phases.require_role(actor, "cycle.issue_plan", cluster_year, _("Chỉ cán bộ, lãnh đạo đơn vị Cụm trưởng được ban hành kế hoạch."))
    cluster_year = _locked(cluster_year)
    phases.require_phase(cluster_year, "issue_plan")
    errors: dict[str, list[str]] = {}
    if not isinstance(date, dt.date):
        errors["date"] = [_("Ngày ban hành không hợp lệ.")]
    elif not cluster_year.year <= date.year <= cluster_year.year + 1:
        errors["date"] = [_("Ngày ban hành phải trong năm {year} hoặc năm sau.").format(year=cluster_year.year)]
    if conference_date and isinstance(date, dt.date) and conference_date < date:
        errors["conference_date"] = [_("Ngày hội nghị không được trước ngày ban hành kế hoạch.")]
    if reports_due and conference_date and reports_due > conference_date:
        errors["reports_due"] = [_("Hạn gửi báo cáo phải trước ngày hội nghị.")]
    conference_place = (conference_place or "").strip()
    if len(conference_place) > 300:
        errors["conference_place"] = [_("Địa điểm dài quá 300 ký tự.")]
    if registration_due and conference_date and registration_due > conference_date:
        errors["registration_due"] = [_("Hạn đăng ký đại biểu phải trước ngày hội nghị.")]
    if conference_time is not None and not isinstance(conference_time, dt.time):
        errors["conference_time"] = [_("Giờ khai mạc không hợp lệ.")]
    funding, contact = " ".join((funding or "").split()), " ".join((contact or "").split())
    if len(funding) > 1000:
        errors["funding"] = [_("Nội dung kinh phí dài quá 1000 ký tự.")]
    if len(contact) > 300:
        errors["contact"] = [_("Đầu mối liên hệ dài quá 300 ký tự.")]
    signer = (signer or "").strip()[:150]
    _raise(errors)
    if ConferencePlan.objects.filter(cluster_year=cluster_year).exists():
        raise Conflict(_("Kế hoạch tổ chức hội nghị tổng kết năm {year} đã được ban hành.").format(year=cluster_year.year))
    leader = _leader_unit(cluster_year)
    issuer = document_issuer(cluster_year, date, unit=leader, doc_type="KH")
    document = document_number_issue(
        actor=actor, unit=register_unit(issuer), doc_type="KH", issuer_symbol=issuer.symbol, date=date, number=number,
        subject=plan_subject(cluster_year),
    )
    plan = ConferencePlan.objects.create(
        cluster_year=cluster_year, issued_document=document, issuer_unit=leader, date=date, conference_date=conference_date,
        conference_place=conference_place, reports_due=reports_due, signer=signer, issued_by=actor,
        conference_time=conference_time, registration_due=registration_due, funding=funding, contact=contact,
    )
    _audit(actor, "conference_plan.issue", plan, cluster_year, after=snapshot(plan, exclude=("issued_at",)))
    return plan

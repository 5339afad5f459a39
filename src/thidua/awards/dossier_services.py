"""Writes of the proposal dossier: the leader unit builds (or rebuilds) it from the year's
closed nomination polls and submits it; each proposed unit's officer writes its achievement
report and its head confirms it; the organizer returns it (with a reason) or accepts it;
a recorded decision makes the accepted dossiers of the units it names `decided`
(`dossiers_decide`, called by services.decision_record). Every move is audited on the
year's cluster chain, kept as a DossierEvent and notified."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import snapshot
from thidua.core.errors import Conflict, Forbidden, InvalidInput, raise_errors
from thidua.core.permissions import require
from thidua.cycle import phases
from thidua.notifications.models import Kind
from thidua.notifications.services import notify
from thidua.org.models import ClusterYear, Role, User
from thidua.org.presenters import year_url
from thidua.org.year_writes import audit_year, lock_year

from .dossier_checks import blocking, closed_proposals, dossier_checks
from .models import AchievementReport, Dossier, DossierEvent
from .reports import YearFacts, template_for

S, A = Dossier.State, DossierEvent.Action
MAX_SECTIONS, MAX_TITLE, MAX_TEXT = 20, 300, 20000
LEADER_ONLY = _("Chỉ đơn vị Cụm trưởng được lập và gửi hồ sơ đề nghị khen thưởng.")


# --- who is told -------------------------------------------------------------------------
def _staff_of(unit_ids) -> list[User]:
    from django.db.models import Q

    return list(User.objects.filter(unit_id__in=list(unit_ids), is_active=True).filter(Q(is_unit_officer=True) | Q(is_unit_head=True)))


def _members(cluster_year: ClusterYear) -> list[User]:
    return _staff_of(cluster_year.memberships.values_list("unit_id", flat=True))


def _leader_staff(cluster_year: ClusterYear) -> list[User]:
    return _staff_of(cluster_year.memberships.filter(role=Role.LEADER).values_list("unit_id", flat=True))


def _organizer_officers(cluster_year: ClusterYear) -> list[User]:
    return list(User.objects.filter(organizer_id=cluster_year.cluster.organizer_id, is_organizer_officer=True, is_active=True))


def _tell(recipients, actor, kind, title, cluster_year, *, body="", link=None, key=None) -> None:
    people = [u for u in recipients if u.pk != getattr(actor, "pk", None)]
    notify(recipients=people, kind=kind, title=title, body=body, link=link or year_url("awards_dossier", cluster_year),
           cluster_year=cluster_year, organizer=cluster_year.cluster.organizer_id, dedupe_key=key)  # fmt: skip


def _name(cluster_year: ClusterYear) -> str:
    return f"{cluster_year.cluster.name} năm {cluster_year.year}"


# --- moves ------------------------------------------------------------------------------------
def _move(actor, dossier: Dossier, cluster_year: ClusterYear, action: str, to_state: str, reason: str = "") -> DossierEvent:
    before = {"state": dossier.state}
    event = DossierEvent.objects.create(dossier=dossier, action=action, from_state=dossier.state, to_state=to_state, reason=reason,
                                        actor=actor)  # fmt: skip
    dossier.state = to_state
    dossier.save()
    audit_year(actor, f"dossier.{action}", dossier, cluster_year, before=before, reason=reason,
               after={"state": to_state, "proposals": dossier.proposals})  # fmt: skip
    return event


def dossier_of(cluster_year: ClusterYear) -> Dossier | None:
    return Dossier.objects.filter(cluster_year=cluster_year).first()


def _locked_dossier(cluster_year: ClusterYear) -> Dossier:
    dossier = Dossier.objects.select_for_update().filter(cluster_year=cluster_year).first()
    if dossier is None:
        raise Conflict(_("Chưa lập hồ sơ đề nghị khen thưởng của {name}.").format(name=_name(cluster_year)))
    return dossier


def dossier_build(*, actor, cluster_year: ClusterYear) -> Dossier:
    """Build (or rebuild, while draft or returned) the dossier from the year's closed
    nomination polls. A rebuild keeps the reports units have written (their award updated);
    a report not written yet is prefilled again; a unit no longer proposed loses its report."""
    phases.require_role(actor, "awards.build_dossier", cluster_year, LEADER_ONLY)
    with transaction.atomic():
        cluster_year = lock_year(cluster_year)
        phases.require_phase(cluster_year, "build_dossier")
        dossier = Dossier.objects.select_for_update().filter(cluster_year=cluster_year).first()
        if dossier is not None and not dossier.editable:
            raise Conflict(_("Hồ sơ đang ở trạng thái “{state}”: không lập lại được.").format(state=dossier.get_state_display()))
        proposals = closed_proposals(cluster_year)
        if not proposals:
            raise Conflict(_("Chưa có cuộc biểu quyết suy tôn (Cờ thi đua, Bằng khen) nào đã kết thúc có đơn vị được đề nghị."))
        first = dossier is None
        if first:
            dossier = Dossier(cluster_year=cluster_year)
        dossier.proposals, dossier.built_at = proposals, timezone.now()
        dossier.save()
        template = template_for(cluster_year.year)
        facts = YearFacts(cluster_year, proposals)
        awards: dict[int, str] = {}
        for p in proposals:
            awards.setdefault(p["unit"], p["award"])
        existing = {r.unit_id: r for r in AchievementReport.objects.select_for_update().filter(dossier=dossier)}
        AchievementReport.objects.filter(dossier=dossier).exclude(unit_id__in=list(awards)).delete()
        from thidua.org.models import Unit

        units = Unit.objects.in_bulk(list(awards))
        for unit_id, code in awards.items():
            report = existing.get(unit_id)
            if report is None:
                report = AchievementReport(dossier=dossier, unit=units[unit_id])
            report.award = code
            if report.state == AchievementReport.State.MISSING:
                report.template, report.sections = template.key, facts.sections(template, units[unit_id])
            report.save()
        _move(actor, dossier, cluster_year, A.BUILD if first else A.REBUILD, dossier.state)
        _tell(_staff_of(awards), actor, Kind.TASK_ASSIGNED,
              _("Viết báo cáo thành tích cho hồ sơ đề nghị khen thưởng {name}").format(name=_name(cluster_year)), cluster_year,
              key=f"dossier:{dossier.pk}:reports")  # fmt: skip
    return dossier


def _report_locked(report: AchievementReport) -> tuple[AchievementReport, Dossier, ClusterYear]:
    """The year, its dossier and the report locked, in the order every write of a dossier
    takes them (dossier_build, dossier_submit…). Locking the dossier with its year and
    cluster in one statement took them in no set order: a report's confirmation and a
    rebuild each held a row the other waited for (a deadlock the API fuzzing met)."""
    year_id = Dossier.objects.values_list("cluster_year_id", flat=True).get(pk=report.dossier_id)
    cluster_year = lock_year(ClusterYear(pk=year_id))
    dossier = _locked_dossier(cluster_year)
    if not dossier.editable:
        raise Conflict(_("Hồ sơ đã gửi cơ quan tổ chức: báo cáo thành tích không sửa được nữa."))
    return AchievementReport.objects.select_for_update().get(pk=report.pk), dossier, cluster_year


def _clean_sections(sections) -> list[dict]:
    message = _("Nội dung là danh sách các mục {{title, text}}, tối đa {n} mục.").format(n=MAX_SECTIONS)
    if not isinstance(sections, list) or not 1 <= len(sections) <= MAX_SECTIONS:
        raise InvalidInput(message, errors={"sections": [message]})
    clean, errors = [], []
    for i, s in enumerate(sections, 1):
        well_formed = isinstance(s, dict) and not set(s) - {"title", "text"}
        if not well_formed or not isinstance(s.get("title"), str) or not isinstance(s.get("text", ""), str):
            errors.append(_("Mục {i}: cần tiêu đề và nội dung là chuỗi ký tự.").format(i=i))
            continue
        title, text = s["title"].strip(), s.get("text", "").strip()
        if not title or len(title) > MAX_TITLE:
            errors.append(_("Mục {i}: tiêu đề từ 1 đến {n} ký tự.").format(i=i, n=MAX_TITLE))
        if len(text) > MAX_TEXT:
            errors.append(_("Mục {i}: nội dung tối đa {n} ký tự.").format(i=i, n=MAX_TEXT))
        clean.append({"title": title, "text": text})
    raise_errors({"sections": errors} if errors else {})
    return clean


def report_write(*, actor, report: AchievementReport, sections) -> AchievementReport:
    """The proposed unit's officer saves its report (a confirmed report goes back to draft:
    its head confirms again). 409 once the dossier is submitted."""
    require(actor, "awards.write_report", report, _("Chỉ cán bộ của đơn vị được đề nghị viết báo cáo thành tích của đơn vị."))
    clean = _clean_sections(sections)
    with transaction.atomic():
        report, _dossier, cluster_year = _report_locked(report)
        before = snapshot(report, exclude=("written_at", "confirmed_at"))
        report.sections, report.state = clean, AchievementReport.State.DRAFT
        report.written_by, report.written_at = actor, timezone.now()
        report.confirmed_by, report.confirmed_at = None, None
        report.save()
        audit_year(actor, "achievement_report.write", report, cluster_year, before=before,
                   after=snapshot(report, exclude=("written_at", "confirmed_at")))  # fmt: skip
    return report


def report_confirm(*, actor, report: AchievementReport) -> AchievementReport:
    """The unit's head confirms its written report. 409 if nothing is written yet, already
    confirmed, or the dossier is submitted."""
    require(actor, "awards.confirm_report", report, _("Chỉ thủ trưởng đơn vị được đề nghị xác nhận báo cáo thành tích."))
    with transaction.atomic():
        report, _dossier, cluster_year = _report_locked(report)
        if report.state == AchievementReport.State.MISSING:
            raise Conflict(_("Báo cáo thành tích chưa được viết: cán bộ của đơn vị lưu báo cáo trước khi thủ trưởng xác nhận."))
        if report.state == AchievementReport.State.CONFIRMED:
            raise Conflict(_("Báo cáo thành tích đã được xác nhận."))
        report.state, report.confirmed_by, report.confirmed_at = AchievementReport.State.CONFIRMED, actor, timezone.now()
        report.save()
        audit_year(actor, "achievement_report.confirm", report, cluster_year, after={"state": report.state, "unit": report.unit_id})
        _tell(_leader_staff(cluster_year), actor, Kind.TASK_ASSIGNED,
              _("{unit} đã xác nhận báo cáo thành tích").format(unit=report.unit.name), cluster_year)  # fmt: skip
    return report


def dossier_submit(*, actor, cluster_year: ClusterYear, on=None) -> Dossier:
    """The leader unit sends the dossier to the organizer (again, after a return). 409 with
    every blocking check's reason, nothing changed; 409 unless draft or returned. `on`: the
    day of the checks (today; the demo's replay of 2017 gives its own)."""
    require(actor, "awards.submit_dossier", cluster_year, LEADER_ONLY)
    with transaction.atomic():
        cluster_year = lock_year(cluster_year)
        dossier = _locked_dossier(cluster_year)
        if not dossier.editable:
            raise Conflict(_("Hồ sơ đang ở trạng thái “{state}”: chỉ gửi được hồ sơ đang lập hoặc bị trả lại.").format(
                state=dossier.get_state_display()))  # fmt: skip
        stops = blocking(dossier_checks(dossier, on=on))
        if stops:
            reasons = [c.reason for c in stops]
            raise Conflict(_("Chưa gửi được hồ sơ: {reasons}").format(reasons=" ".join(reasons)), errors={"checks": reasons})
        action = A.RESUBMIT if dossier.state == S.RETURNED else A.SUBMIT
        dossier.submitted_at = timezone.now()
        if on is not None:  # the replay's clock
            dossier.submitted_at = timezone.make_aware(dt.datetime.combine(on, dt.time(14, 0)))
        _move(actor, dossier, cluster_year, action, S.SUBMITTED)
        _tell(_organizer_officers(cluster_year), actor, Kind.DOSSIER_SUBMITTED,
              _("Hồ sơ đề nghị khen thưởng {name} chờ xem xét").format(name=_name(cluster_year)), cluster_year,
              link=inbox_url(cluster_year))  # fmt: skip
        _tell(_members(cluster_year), actor, Kind.DOSSIER_SUBMITTED,
              _("Đã gửi hồ sơ đề nghị khen thưởng {name} tới {org}").format(name=_name(cluster_year),
                                                                             org=cluster_year.cluster.organizer.name),
              cluster_year)  # fmt: skip
    return dossier


def _review(actor, cluster_year: ClusterYear) -> tuple[ClusterYear, Dossier]:
    require(actor, "awards.review_dossier", cluster_year, _("Chỉ cán bộ của cơ quan tổ chức được xem xét hồ sơ đề nghị khen thưởng."))
    cluster_year = lock_year(cluster_year)
    dossier = _locked_dossier(cluster_year)
    if dossier.state != S.SUBMITTED:
        raise Conflict(_("Chỉ xem xét được hồ sơ đã gửi; hồ sơ đang ở trạng thái “{state}”.").format(state=dossier.get_state_display()))
    return cluster_year, dossier


def dossier_return(*, actor, cluster_year: ClusterYear, reason: str) -> Dossier:
    """The organizer returns the submitted dossier for completion, with its reason (400 without)."""
    if not can_review(actor, cluster_year):
        raise Forbidden(_("Chỉ cán bộ của cơ quan tổ chức được xem xét hồ sơ đề nghị khen thưởng."))
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        raise InvalidInput(_("Cần nêu lý do trả lại hồ sơ."), errors={"reason": [_("Cần nêu lý do trả lại hồ sơ.")]})
    with transaction.atomic():
        cluster_year, dossier = _review(actor, cluster_year)
        dossier.returned_reason = reason
        _move(actor, dossier, cluster_year, A.RETURN, S.RETURNED, reason)
        _tell(
            _members(cluster_year),
            actor,
            Kind.DOSSIER_RETURNED,
            _("Hồ sơ đề nghị khen thưởng {name} bị trả lại").format(name=_name(cluster_year)),
            cluster_year,
            body=reason,
        )
    return dossier


def dossier_accept(*, actor, cluster_year: ClusterYear) -> Dossier:
    """The organizer accepts the submitted dossier: it waits for the decision."""
    if not can_review(actor, cluster_year):
        raise Forbidden(_("Chỉ cán bộ của cơ quan tổ chức được xem xét hồ sơ đề nghị khen thưởng."))
    with transaction.atomic():
        cluster_year, dossier = _review(actor, cluster_year)
        dossier.returned_reason = ""
        _move(actor, dossier, cluster_year, A.ACCEPT, S.ACCEPTED)
        _tell(_members(cluster_year), actor, Kind.DOSSIER_ACCEPTED,
              _("{org} đã tiếp nhận hồ sơ đề nghị khen thưởng {name}").format(org=cluster_year.cluster.organizer.name,
                                                                            name=_name(cluster_year)), cluster_year)  # fmt: skip
    return dossier


def dossiers_decide(*, actor, decision, unit_ids) -> list[Dossier]:
    """Inside decision_record's transaction: the organizer's accepted dossiers of the
    decision's year that propose a unit it names become `decided`."""
    ids = set(unit_ids)
    found = []
    qs = (
        # the dossiers' rows only, not their years' and clusters' joined in: a year is locked
        # before its dossier everywhere else (_report_locked)
        Dossier.objects.select_for_update(of=("self",))
        .select_related("cluster_year__cluster")
        .filter(state=S.ACCEPTED, cluster_year__year=decision.year, cluster_year__cluster__organizer_id=decision.organizer_id)
    )
    for dossier in qs:
        if ids & set(dossier.proposed_unit_ids()):
            reason = _("Quyết định số {number} ngày {date}").format(number=decision.number, date=decision.date.strftime("%d/%m/%Y"))
            _move(actor, dossier, dossier.cluster_year, A.DECIDE, S.DECIDED, reason)
            _tell(_members(dossier.cluster_year), actor, Kind.DOSSIER_DECIDED,
                  _("Đã có quyết định khen thưởng cho hồ sơ {name}").format(name=_name(dossier.cluster_year)), dossier.cluster_year,
                  body=reason)  # fmt: skip
            found.append(dossier)
    return found


def can_review(user, cluster_year) -> bool:
    from thidua.core.permissions import can

    return can(user, "awards.review_dossier", cluster_year)


def inbox_url(cluster_year: ClusterYear) -> str:
    from django.urls import reverse

    return reverse("awards_inbox", args=[cluster_year.cluster.organizer_id, cluster_year.year])

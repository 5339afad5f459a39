"""Every write of the reports app. Each service checks the actor's role (403), the year's
phase (cycle.phases.require_phase, 409) and the state (409), validates the whole input
(400, every problem listed), writes inside one transaction with an audit event and the
notifications of the event, and saves nothing when anything is wrong."""

from __future__ import annotations

import datetime as dt
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.errors import Conflict, InvalidInput, NotFound, raise_errors
from thidua.core.permissions import require
from thidua.cycle.phases import require_phase
from thidua.org.models import ClusterYear, Membership, Role, Unit
from thidua.org.year_writes import audit_year, lock_year

from . import notices
from .models import WHOLE, MidYearReview, Report, ReportComment, ReportVersion, TableAmendment
from .prefill import prefill

TEXT_MAX = 20000
COMMENT_MAX = 4000
NOTE_MAX = 2000
FIELD_MAX = 300
State = ReportVersion.State


# --- helpers ---------------------------------------------------------------------------------------
def _report(cluster_year: ClusterYear, *, lock: bool = True) -> Report | None:
    reports = Report.objects.select_for_update() if lock else Report.objects
    return reports.select_related("drafter").filter(cluster_year=cluster_year).first()


def current_version(report: Report | None) -> ReportVersion | None:
    return report.versions.order_by("-number").first() if report is not None else None


def _started(cluster_year: ClusterYear) -> tuple[Report, ReportVersion]:
    report = _report(cluster_year)
    version = current_version(report)
    if version is None:
        raise Conflict(_("Chưa có dự thảo báo cáo tổng kết năm {year}.").format(year=cluster_year.year))
    return report, version


def _not_adopted(version: ReportVersion) -> None:
    if version.state == State.ADOPTED:
        raise Conflict(_("Báo cáo đã được hội nghị thông qua (lần {n}); không thể sửa, góp ý hay xử lý góp ý.").format(n=version.number))


def _leader(cluster_year: ClusterYear) -> Unit | None:
    m = Membership.objects.select_related("unit").filter(cluster_year=cluster_year, role=Role.LEADER).first()
    return m.unit if m else None


def _clean_text(value, field: str, limit: int, *, required: bool = True) -> str:
    text = value.strip() if isinstance(value, str) else None
    if text is None and value is not None:
        raise InvalidInput(_("Phải là chuỗi ký tự."), field=field)
    text = text or ""
    if required and not text:
        raise InvalidInput(_("Không được để trống."), field=field)
    if len(text) > limit:
        raise InvalidInput(_("Tối đa {n} ký tự.").format(n=limit), field=field)
    return text


# --- the drafter ----------------------------------------------------------------------------------
@transaction.atomic
def report_assign_drafter(*, actor, cluster_year: ClusterYear, unit: Unit) -> Report:
    """The leader unit (or the organizer) gives the drafting to itself or a deputy unit."""
    require(actor, "reports.assign_drafter", cluster_year, _("Chỉ đơn vị Cụm trưởng hoặc cơ quan tổ chức được giao soạn báo cáo."))
    cluster_year = lock_year(cluster_year)
    require_phase(cluster_year, "draft_report")
    roles = dict(Membership.objects.filter(cluster_year=cluster_year).values_list("unit_id", "role"))
    if roles.get(getattr(unit, "pk", None)) not in (Role.LEADER, Role.DEPUTY1, Role.DEPUTY2):
        raise InvalidInput(_("Chỉ giao được cho đơn vị Cụm trưởng hoặc Cụm phó của năm."), field="unit")
    report = _report(cluster_year)
    if report is not None:
        _not_adopted(current_version(report) or ReportVersion(state=State.DRAFT))
        before = {"drafter": report.drafter_id}
        report.drafter = unit
        report.save(update_fields=["drafter", "updated_at"])
    else:
        before = None
        report = Report.objects.create(cluster_year=cluster_year, drafter=unit)
    audit_year(actor, "report.assign_drafter", report, cluster_year, before=before, after={"drafter": unit.pk})
    notices.tell_drafter_assigned(cluster_year, report, actor)
    return report


# --- the draft ------------------------------------------------------------------------------------
@transaction.atomic
def report_start(*, actor, cluster_year: ClusterYear) -> ReportVersion:
    """The first version, its sections prefilled from the year's facts (prefill.py)."""
    require(actor, "reports.draft", cluster_year, _("Chỉ đơn vị được giao soạn thảo được soạn báo cáo tổng kết."))
    cluster_year = lock_year(cluster_year)
    require_phase(cluster_year, "draft_report")
    report = _report(cluster_year)
    if current_version(report) is not None:
        raise Conflict(_("Dự thảo báo cáo tổng kết năm {year} đã có.").format(year=cluster_year.year))
    if report is None:
        drafter = _leader(cluster_year)
        if drafter is None:
            raise Conflict(_("Năm thi đua chưa có đơn vị Cụm trưởng."))
        report = Report.objects.create(cluster_year=cluster_year, drafter=drafter)
    version = ReportVersion.objects.create(report=report, number=1, sections=prefill(cluster_year), created_by=actor)
    audit_year(actor, "report.start", version, cluster_year, after={"number": 1, "sections": version.sections})
    return version


def _clean_sections(current: list[dict], sections) -> list[dict]:
    """The current sections with the texts of `sections` ({key: text}); every problem listed."""
    if not isinstance(sections, dict):
        raise InvalidInput(_("Nội dung các phần không hợp lệ."), field="sections")
    errors: dict[str, list[str]] = {}
    known = {s["key"] for s in current}
    for key, text in sections.items():
        if key not in known:
            errors.setdefault(str(key), []).append(_("Không có phần này trong báo cáo."))
        elif not isinstance(text, str):
            errors.setdefault(key, []).append(_("Phải là chuỗi ký tự."))
        elif len(text.strip()) > TEXT_MAX:
            errors.setdefault(key, []).append(_("Tối đa {n} ký tự.").format(n=TEXT_MAX))
    raise_errors(errors)
    return [{**s, "text": sections[s["key"]].strip().replace("\r\n", "\n") if s["key"] in sections else s["text"]} for s in current]


@transaction.atomic
def report_save(*, actor, cluster_year: ClusterYear, sections, note="") -> ReportVersion:
    """Edit the draft. A draft is edited in place; a circulated version is never changed:
    the edit becomes the next version (a draft again), with `note` saying what changed."""
    require(actor, "reports.draft", cluster_year, _("Chỉ đơn vị được giao soạn thảo được sửa báo cáo tổng kết."))
    cluster_year = lock_year(cluster_year)
    require_phase(cluster_year, "draft_report")
    report, version = _started(cluster_year)
    _not_adopted(version)
    new = _clean_sections(version.sections, sections)
    note = _clean_text(note, "note", NOTE_MAX, required=False)
    if version.state == State.DRAFT:
        before = version.sections
        version.sections, version.note = new, note or version.note
        version.save(update_fields=["sections", "note"])
        audit_year(actor, "report.edit", version, cluster_year, before={"sections": before}, after={"sections": new})
        return version
    if new == version.sections:
        raise InvalidInput(_("Nội dung không thay đổi so với lần {n}.").format(n=version.number), field="sections")
    created = ReportVersion.objects.create(report=report, number=version.number + 1, sections=new, note=note, created_by=actor)
    audit_year(actor, "report.new_version", created, cluster_year, before={"number": version.number},
               after={"number": created.number, "note": note, "sections": new})  # fmt: skip
    return created


@transaction.atomic
def report_circulate(*, actor, cluster_year: ClusterYear, comments_until) -> ReportVersion:
    """Send the current draft to the members for comments until `comments_until`; the
    members' officers and heads are told (the Công văn asking for comments is documents'
    `letter_document`, made from the report)."""
    require(actor, "reports.draft", cluster_year, _("Chỉ đơn vị được giao soạn thảo được gửi xin ý kiến."))
    cluster_year = lock_year(cluster_year)
    require_phase(cluster_year, "draft_report")
    report, version = _started(cluster_year)
    _not_adopted(version)
    if version.state != State.DRAFT:
        raise Conflict(_("Lần {n} đang được lấy ý kiến.").format(n=version.number))
    if not isinstance(comments_until, dt.date):
        raise InvalidInput(_("Ngày không hợp lệ."), field="comments_until")
    if comments_until < timezone.localdate():
        raise InvalidInput(_("Hạn góp ý không được trước hôm nay."), field="comments_until")
    version.state, version.circulated_at = State.CIRCULATED, timezone.now()
    version.save(update_fields=["state", "circulated_at"])
    report.comments_until = comments_until
    report.save(update_fields=["comments_until", "updated_at"])
    audit_year(actor, "report.circulate", version, cluster_year, after={"number": version.number, "comments_until": comments_until})
    notices.tell_circulated(cluster_year, report, version, actor)
    return version


# --- comments ---------------------------------------------------------------------------------------
@transaction.atomic
def report_comment(*, actor, cluster_year: ClusterYear, section, text) -> ReportComment:
    """A member unit's officer comments on a section (or the whole, section "") while the
    current version is circulated and its deadline has not passed."""
    require(actor, "reports.comment", cluster_year, _("Chỉ cán bộ thi đua của đơn vị thành viên được góp ý."))
    cluster_year = lock_year(cluster_year)
    require_phase(cluster_year, "draft_report")
    report = _report(cluster_year)
    version = current_version(report)
    if version is None or version.state != State.CIRCULATED:
        raise Conflict(_("Dự thảo báo cáo tổng kết không trong thời gian lấy ý kiến."))
    if report.comments_until and timezone.localdate() > report.comments_until:
        raise Conflict(_("Đã hết hạn góp ý ({day}).").format(day=report.comments_until.strftime("%d/%m/%Y")))
    section = "" if section is None else section
    if not isinstance(section, str) or section not in [WHOLE, *[s["key"] for s in version.sections]]:
        raise InvalidInput(_("Không có phần này trong báo cáo."), field="section")
    text = _clean_text(text, "text", COMMENT_MAX)
    comment = ReportComment.objects.create(report=report, version=version, unit_id=actor.unit_id, author=actor, section=section, text=text)
    audit_year(actor, "report.comment", comment, cluster_year, after={"section": section, "text": text, "version": version.number})
    notices.tell_commented(cluster_year, report, comment, actor)
    return comment


@transaction.atomic
def report_comment_answer(*, actor, cluster_year: ClusterYear, comment_id, state, reply="") -> ReportComment:
    """The drafter accepts or declines a comment, with a reply (required to decline)."""
    require(actor, "reports.draft", cluster_year, _("Chỉ đơn vị soạn thảo được tiếp thu hoặc không tiếp thu góp ý."))
    cluster_year = lock_year(cluster_year)
    report, version = _started(cluster_year)
    _not_adopted(version)
    try:
        comment = report.comments.select_for_update().get(pk=int(comment_id))
    except (ReportComment.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("Không tìm thấy ý kiến góp ý.")) from None
    if state not in (ReportComment.State.ACCEPTED, ReportComment.State.DECLINED):
        raise InvalidInput(_("Chọn tiếp thu hoặc không tiếp thu."), field="state")
    reply = _clean_text(reply, "reply", COMMENT_MAX, required=state == ReportComment.State.DECLINED)
    before = {"state": comment.state, "reply": comment.reply}
    comment.state, comment.reply, comment.replied_by, comment.replied_at = state, reply, actor, timezone.now()
    comment.save(update_fields=["state", "reply", "replied_by", "replied_at"])
    audit_year(actor, "report.comment_answer", comment, cluster_year, before=before, after={"state": state, "reply": reply})
    notices.tell_answered(cluster_year, comment, actor)
    return comment


# --- adoption ---------------------------------------------------------------------------------------
@transaction.atomic
def report_adopt(*, actor, cluster_year: ClusterYear, number) -> ReportVersion:
    """The conference adopts the current version: it becomes the dossier's and the minutes'."""
    require(actor, "reports.adopt", cluster_year, _("Chỉ đơn vị Cụm trưởng hoặc cơ quan tổ chức ghi nhận hội nghị thông qua báo cáo."))
    cluster_year = lock_year(cluster_year)
    require_phase(cluster_year, "adopt_report")
    report, version = _started(cluster_year)
    _not_adopted(version)
    if str(number) != str(version.number):
        raise Conflict(_("Chỉ thông qua được lần dự thảo mới nhất (lần {n}).").format(n=version.number))
    version.state, version.adopted_at = State.ADOPTED, timezone.now()
    version.save(update_fields=["state", "adopted_at"])
    audit_year(actor, "report.adopt", version, cluster_year, after={"number": version.number})
    notices.tell_adopted(cluster_year, report, version, actor)
    return version


# --- the mid-year review ------------------------------------------------------------------------------
@transaction.atomic
def mid_year_record(*, actor, cluster_year: ClusterYear, data: dict) -> MidYearReview:
    """Create or update the mid-year review's record: date (in the year), place, host (a
    member), the member units present, other attendance, content and conclusions."""
    require(actor, "reports.record_review", cluster_year, _("Chỉ đơn vị Cụm trưởng, Cụm phó hoặc cơ quan tổ chức ghi biên bản sơ kết."))
    cluster_year = lock_year(cluster_year)
    require_phase(cluster_year, "mid_year_review")
    members = set(Membership.objects.filter(cluster_year=cluster_year).values_list("unit_id", flat=True))
    errors: dict[str, list[str]] = {}
    day = data.get("date")
    if not isinstance(day, dt.date) or day.year != cluster_year.year:
        errors["date"] = [_("Ngày họp phải là một ngày trong năm {year}.").format(year=cluster_year.year)]
    clean = {}
    for name, limit, required in (("place", FIELD_MAX, True), ("content", TEXT_MAX, True), ("conclusions", TEXT_MAX, False),
                                  ("attendance_note", TEXT_MAX, False)):
        try:
            clean[name] = _clean_text(data.get(name), name, limit, required=required)
        except InvalidInput as exc:
            errors.update(exc.errors)
    host = data.get("host")
    if getattr(host, "pk", host) not in members:
        errors["host"] = [_("Đơn vị chủ trì phải là thành viên của cụm năm {year}.").format(year=cluster_year.year)]
    present = [getattr(u, "pk", u) for u in data.get("present") or []]
    if any(p not in members for p in present):
        errors["present"] = [_("Chỉ chọn các đơn vị thành viên của cụm.")]
    raise_errors(errors)
    review = MidYearReview.objects.select_for_update().filter(cluster_year=cluster_year).first()
    before = None
    if review is None:
        review = MidYearReview(cluster_year=cluster_year, created_by=actor)
    else:
        before = {"date": review.date, "place": review.place, "host": review.host_id, "content": review.content}
    review.date, review.host_id = day, getattr(host, "pk", host)
    for name, value in clean.items():
        setattr(review, name, value)
    review.save()
    review.present.set(present)
    audit_year(actor, "mid_year_review.record", review, cluster_year, before=before,
               after={**clean, "date": day, "host": review.host_id, "present": sorted(present)})  # fmt: skip
    return review


def _plain(table: dict) -> dict:
    """The table's dict as JSON keeps it (points as strings: "10.00")."""
    return json.loads(json.dumps(table, cls=DjangoJSONEncoder))


@transaction.atomic
def table_amend(*, actor, cluster_year: ClusterYear, reason, data=None, xlsx: bytes | None = None) -> TableAmendment:
    """Amend the year's scoring table at the mid-year review: a new version of the table
    (scoring's own services: role, phase, 409 once self-assessment has frozen it), with the
    reason and both contents kept here. Only once the review is recorded."""
    from thidua.scoring import selectors as scoring_selectors
    from thidua.scoring import services as scoring

    require(actor, "reports.amend_table", cluster_year, _("Chỉ đơn vị Cụm trưởng hoặc cơ quan tổ chức sửa bảng tiêu chí."))
    cluster_year = lock_year(cluster_year)
    require_phase(cluster_year, "mid_year_review")
    review = MidYearReview.objects.filter(cluster_year=cluster_year).first()
    if review is None:
        raise Conflict(_("Bảng tiêu chí chỉ được sửa đổi tại hội nghị sơ kết: cần ghi biên bản sơ kết trước."))
    table = scoring_selectors.table_for(cluster_year)
    if table is None:
        raise Conflict(_("Năm thi đua chưa có bảng tiêu chí để sửa đổi."))
    if table.is_frozen:
        raise Conflict(_("Bảng tiêu chí năm {year} đã được khóa khi mở tự chấm điểm; không thể sửa.").format(year=cluster_year.year))
    reason = _clean_text(reason, "reason", NOTE_MAX)
    before, from_version = _plain(scoring_selectors.table_as_dict(table)), table.version
    if xlsx is not None:
        table = scoring.criteria_table_import_xlsx(actor=actor, cluster_year=cluster_year, data=xlsx, at_review=True)
    else:
        table = scoring.criteria_table_replace(actor=actor, cluster_year=cluster_year, data=data, at_review=True)
    after = _plain(scoring_selectors.table_as_dict(scoring_selectors.table_for(cluster_year)))
    amendment = TableAmendment.objects.create(review=review, from_version=from_version, to_version=table.version, reason=reason,
                                              before=before, after=after, created_by=actor)  # fmt: skip
    audit_year(actor, "criteria_table.amend", amendment, cluster_year,
               after={"reason": reason, "from_version": from_version, "to_version": table.version})  # fmt: skip
    return amendment

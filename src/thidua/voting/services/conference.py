"""The conference: its details, the check-in code and check-in, its documents' numbers.
Naming delegates: voting/delegates.py (only the unit names its own)."""

from __future__ import annotations

import datetime as dt
import hmac

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import snapshot
from thidua.core.errors import Conflict, Forbidden, InvalidInput, RateLimited
from thidua.core.permissions import require
from thidua.cycle import phases
from thidua.org.models import ClusterYear, Membership, Unit

from .. import selectors
from ..models import CheckIn, Conference
from ..rules import can
from ..validation import clean_lines, raise_errors
from .common import audit, new_checkin_code


def conference_of(cluster_year: ClusterYear) -> Conference:
    """The year's conference. A pure read: every year gets its conference when it is
    created (voting.year_rows, through org.signals.year_created; migration 0005 for older
    years), so reading never writes."""
    return Conference.objects.select_related("host_unit", "invitation", "minutes").get(cluster_year=cluster_year)


CONFERENCE_TEXT = {"place": 300, "chair": 200, "secretary": 200, "content": 20_000}


@transaction.atomic
def conference_update(*, actor, cluster_year: ClusterYear, data: dict) -> Conference:
    """Date(s), place, host unit, guests, agenda, chair, secretary, counting committee and
    the content of the conference (the leader unit or the organizer). Keys absent from
    `data` keep their value."""
    require(actor, "voting.manage", cluster_year, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được sửa thông tin hội nghị."))
    phases.require_phase(cluster_year, "edit_conference")
    conference = conference_of(cluster_year)
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    before = snapshot(conference, exclude=("updated_at",))
    errors: dict[str, list[str]] = {}
    for name in ("date", "end_date"):
        if name in data:
            value = data[name]
            if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
                errors.setdefault(name, []).append(_("Ngày không hợp lệ."))
            else:
                setattr(conference, name, value)
    if conference.date and conference.end_date and conference.end_date < conference.date:
        errors.setdefault("end_date", []).append(_("Ngày kết thúc không được trước ngày khai mạc."))
    for name, limit in CONFERENCE_TEXT.items():
        if name in data:
            value = " ".join(str(data[name] or "").split()) if name != "content" else str(data[name] or "").strip()
            if len(value) > limit:
                errors.setdefault(name, []).append(_("Tối đa {n} ký tự.").format(n=limit))
            setattr(conference, name, value)
    if "starts_at" in data:
        if data["starts_at"] is not None and not isinstance(data["starts_at"], dt.time):
            errors.setdefault("starts_at", []).append(_("Giờ không hợp lệ."))
        else:
            conference.starts_at = data["starts_at"]
    for name in ("guests", "guests_present", "agenda", "counting_committee"):
        if name in data:
            setattr(conference, name, clean_lines(data[name], name, errors))
    if "host_unit" in data:
        host = data["host_unit"]
        if host is not None and not isinstance(host, Unit):
            errors.setdefault("host_unit", []).append(_("Đơn vị đăng cai không hợp lệ."))
        elif host is not None and host.pk not in selectors.member_ids(cluster_year):
            errors.setdefault("host_unit", []).append(_("Đơn vị đăng cai phải là thành viên của cụm trong năm."))
        else:
            conference.host_unit = host
    raise_errors(errors)
    conference.save()
    after = snapshot(conference, exclude=("updated_at",))
    if after != before:
        audit(actor, "conference.update", conference, cluster_year, before=before, after=after)
    return conference


@transaction.atomic
def conference_new_code(*, actor, cluster_year: ClusterYear) -> Conference:
    """A new check-in code (when the old one was seen outside the room)."""
    require(actor, "voting.checkin_any", cluster_year)
    conference = Conference.objects.select_for_update().get(pk=conference_of(cluster_year).pk)
    conference.checkin_code = new_checkin_code()
    conference.save(update_fields=["checkin_code", "updated_at"])
    audit(actor, "conference.new_code", conference, cluster_year)
    return conference


CHECKIN_MAX_WRONG = 5  # wrong codes per unit and conference…
CHECKIN_WINDOW = 600  # …within this many seconds (then 429 until the window ends)


def _wrong_codes_key(conference: Conference, unit: Unit) -> str:
    return f"voting:checkin-wrong:{conference.pk}:{unit.pk}"


def _check_code(conference: Conference, unit: Unit, code) -> None:
    """A delegate's check-in needs the code shown in the room. Wrong codes are counted per
    unit and conference in the cache (shared by the workers when the cache is): after
    CHECKIN_MAX_WRONG within CHECKIN_WINDOW, every attempt is refused until the window
    ends, so that the six digits cannot be guessed from a phone. Compared in constant time."""
    key = _wrong_codes_key(conference, unit)
    if (cache.get(key) or 0) >= CHECKIN_MAX_WRONG:
        raise RateLimited(
            _(
                "Đã nhập sai mã điểm danh quá nhiều lần. Vui lòng chờ {minutes} phút hoặc nhờ bộ phận thường trực điểm danh cho đơn vị."
            ).format(minutes=CHECKIN_WINDOW // 60)
        )
    given = "".join(str(code or "").split())
    if not given:
        raise InvalidInput(_("Cần nhập mã điểm danh. Mã được chiếu trên màn hình hội trường."), field="code")
    if not hmac.compare_digest(given.encode("utf-8"), conference.checkin_code.encode("utf-8")):
        cache.add(key, 0, timeout=CHECKIN_WINDOW)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=CHECKIN_WINDOW)
        raise InvalidInput(_("Mã điểm danh không đúng. Mã được chiếu trên màn hình hội trường."), field="code")


@transaction.atomic
def checkin(*, actor, cluster_year: ClusterYear, unit: Unit, code: str | None = None) -> bool:
    """Record a member unit as present: the secretariat or the organizer for any member,
    without a code; the head or the named voting delegate for its own unit, with the code
    shown on the room screen (always: through the page and the API alike). Checking in
    twice is harmless. Returns whether this call checked the unit in."""
    if can(actor, "voting.checkin_any", cluster_year):
        own = False
    elif can(actor, "voting.checkin_own", cluster_year):
        if actor.unit_id != unit.pk:
            raise Forbidden(_("Bạn chỉ được điểm danh cho đơn vị của mình."))
        own = True
    else:
        raise Forbidden(_("Chỉ đại biểu của đơn vị thành viên hoặc bộ phận thường trực của cụm được điểm danh."))
    phases.require_phase(cluster_year, "vote")
    # The conference's row locked before the membership is read: a change of the year's
    # members counts the check-ins again under the same lock (present_recount), so the
    # count the conference keeps never misses a check-in nor counts a unit no longer a member.
    conference = conference_locked(cluster_year)
    if not Membership.objects.filter(cluster_year=cluster_year, unit=unit).exists():
        raise InvalidInput(
            _("Đơn vị {name} không phải thành viên của cụm năm {year}.").format(name=unit.name, year=cluster_year.year), field="unit"
        )
    if own:
        _check_code(conference, unit, code)
    if CheckIn.objects.filter(conference=conference, unit=unit).exists():
        return False
    row = CheckIn.objects.create(conference=conference, unit=unit, by=actor if actor.pk else None)
    Conference.objects.filter(pk=conference.pk).update(present_count=F("present_count") + 1)
    audit(actor, "conference.checkin", row, cluster_year, object_label=f"{unit.name}", after={"unit": unit.pk})
    return True


def present_recount(cluster_year: ClusterYear) -> int:
    """Count the member units checked in again, under the conference's lock, after the
    year's members changed (org.signals.membership_changed): a unit that left no longer
    counts, one that came back counts again. Returns the count."""
    conference = conference_locked(cluster_year)
    _members, present = selectors.counted_attendance(cluster_year)  # counted after the lock: every committed check-in
    Conference.objects.filter(pk=conference.pk).update(present_count=present)
    return present


def conference_locked(cluster_year: ClusterYear) -> Conference:
    """The conference row locked (one statement): changes to its delegates and the opening
    of a poll (which freezes them) go one after the other, as do the check-ins and the
    changes of the members (its `present_count`)."""
    return Conference.objects.select_for_update().get(cluster_year=cluster_year)


def _document_issuer(cluster_year: ClusterYear, conference: Conference, kind: str, date: dt.date | None = None):
    """The issuer (cycle.issuer, the cluster's setting) of the invitation or the minutes,
    its type code, subject and day: the register that numbers it is the issuer's — the
    leader unit's, or the host unit's when the cluster's setting has the host issue minutes."""
    from thidua.cycle.issuer import document_issuer, leader_unit

    leader = leader_unit(cluster_year)
    if leader is None:
        raise Conflict(_("Năm thi đua chưa có đơn vị Cụm trưởng."))
    if kind == "invitation":
        doc_type, subject = "GM", _("Dự Hội nghị tổng kết công tác thi đua, khen thưởng năm {year} của {cluster}")
        day = date or timezone.localdate()
    else:
        doc_type, subject = "BB", _("Hội nghị tổng kết công tác thi đua, khen thưởng năm {year} của {cluster}")
        day = date or conference.end_date or conference.date or timezone.localdate()
    issuer = document_issuer(cluster_year, day, unit=leader, doc_type=doc_type,
                             host=conference.host_unit if kind == "minutes" else None)
    return issuer, doc_type, subject.format(year=cluster_year.year, cluster=cluster_year.cluster.name), day


def may_number_document(actor, cluster_year: ClusterYear, kind: str, conference: Conference | None = None) -> bool:
    """The officers and head of the unit whose register numbers the invitation or the
    minutes (the leader unit, or the host unit for minutes it issues), or the admin.
    `conference`: the year's, when the caller has read it already."""
    from thidua.cycle.issuer import register_unit
    from thidua.documents.numbering import can_issue_numbers

    try:
        issuer, *_rest = _document_issuer(cluster_year, conference or conference_of(cluster_year), kind)
    except Conflict:
        return False
    return issuer.unit_id is not None and can_issue_numbers(actor, register_unit(issuer))


@transaction.atomic
def conference_document_issue(
    *, actor, cluster_year: ClusterYear, kind: str, date: dt.date | None = None, number: int | None = None
) -> Conference:
    """Give the invitation (GM) or the conference minutes (BB) its number in its issuer's
    register, under its symbol (cycle.issuer): the next one, or `number` as the unit's
    văn thư gave it; once each."""
    from thidua.cycle.issuer import register_unit
    from thidua.documents.numbering import document_number_issue

    if kind not in ("invitation", "minutes"):
        raise InvalidInput(_("Loại văn bản không hợp lệ."), field="kind")
    if not (can(actor, "voting.manage", cluster_year) or may_number_document(actor, cluster_year, kind)):
        raise Forbidden(_("Chỉ đơn vị Cụm trưởng được cấp số văn bản của Cụm."))
    conference = Conference.objects.select_for_update().get(pk=conference_of(cluster_year).pk)
    if getattr(conference, f"{kind}_id"):
        raise Conflict(_("Văn bản này đã được cấp số."))
    # the register and the symbol are the issuer's, as on the document (cycle.issuer)
    issuer, doc_type, subject, day = _document_issuer(cluster_year, conference, kind, date)
    document = document_number_issue(
        actor=actor, unit=register_unit(issuer), doc_type=doc_type, issuer_symbol=issuer.symbol, date=day, subject=subject,
        number=number,
    )
    setattr(conference, kind, document)
    conference.save(update_fields=[kind, "updated_at"])
    audit(actor, f"conference.number_{kind}", conference, cluster_year, after={"number": str(document.document_number)})
    return conference

"""Every write of the conference and the vote. Each function checks the actor's permission
(voting/rules.py), the year's phase (cycle.phases: "edit_conference", "prepare_polls",
"vote") and the input, writes in one transaction with its audit event, and raises a domain
error (400 InvalidInput, 403 Forbidden, 409 Conflict) with a Vietnamese message.

Secrecy (docs/voting.md): `ballot_cast` writes the participation (who voted) and the
ballot sealed (encrypted, voting/sealing.py) in one transaction; `poll_close` opens the
sealed ballots and writes them in clear, all at once and in receipt order, so that nothing
in the database (transaction ids, physical order, dump order) follows the order of voting.
The audit event says "unit X voted in poll P" and nothing about the choices; nothing here
logs a ballot."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from decimal import Decimal, InvalidOperation

from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.audit import audit_record, chain_head, snapshot
from thidua.core.errors import Conflict, Forbidden, InvalidInput, RateLimited
from thidua.core.permissions import require
from thidua.cycle import phases
from thidua.cycle.models import DEFAULT_THRESHOLDS
from thidua.cycle.services import year_settings_get
from thidua.org.models import ClusterYear, Membership, Role, Unit
from thidua.org.services import cluster_year_set_members

from . import sealing, tally
from .models import Ballot, CheckIn, Conference, Delegate, PaperTally, Participation, Poll, PollCandidate, Proposal, SealedBallot
from .rules import can

MAX_LIST = 30
MAX_LINE = 500
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed on phones
RECEIPT_LENGTH = 8
CODE_DIGITS = 6
ALREADY_VOTED = gettext_lazy("Đơn vị của bạn đã bỏ phiếu")


# --- helpers ------------------------------------------------------------------------------------
def _audit(actor, action: str, obj, cluster_year: ClusterYear, **kwargs) -> None:
    audit_record(
        actor=actor, action=action, obj=obj, organizer_id=cluster_year.cluster.organizer_id, cluster_id=cluster_year.cluster_id, **kwargs
    )


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], errors=errors)


def _member_ids(cluster_year: ClusterYear) -> list[int]:
    return sorted(Membership.objects.filter(cluster_year=cluster_year).values_list("unit_id", flat=True))


def new_receipt() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


def new_checkin_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))


def _lines(value, field: str, errors: dict) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        errors.setdefault(field, []).append(_("Cần một danh sách các dòng chữ."))
        return []
    lines = [" ".join(v.split()) for v in value if v.strip()]
    if len(lines) > MAX_LIST:
        errors.setdefault(field, []).append(_("Tối đa {n} dòng.").format(n=MAX_LIST))
    if any(len(v) > MAX_LINE for v in lines):
        errors.setdefault(field, []).append(_("Mỗi dòng tối đa {n} ký tự.").format(n=MAX_LINE))
    return lines


# --- the conference -------------------------------------------------------------------------------
def conference_of(cluster_year: ClusterYear) -> Conference:
    """The year's conference, created empty (with its check-in code) on first use."""
    found = Conference.objects.select_related("host_unit", "invitation", "minutes").filter(cluster_year=cluster_year).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Conference.objects.create(cluster_year=cluster_year, checkin_code=new_checkin_code())
    except IntegrityError:  # created by a concurrent request
        return Conference.objects.get(cluster_year=cluster_year)


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
    for name in ("guests", "agenda", "counting_committee"):
        if name in data:
            setattr(conference, name, _lines(data[name], name, errors))
    if "host_unit" in data:
        host = data["host_unit"]
        if host is not None and not isinstance(host, Unit):
            errors.setdefault("host_unit", []).append(_("Đơn vị đăng cai không hợp lệ."))
        elif host is not None and host.pk not in _member_ids(cluster_year):
            errors.setdefault("host_unit", []).append(_("Đơn vị đăng cai phải là thành viên của cụm trong năm."))
        else:
            conference.host_unit = host
    _raise(errors)
    conference.save()
    after = snapshot(conference, exclude=("updated_at",))
    if after != before:
        _audit(actor, "conference.update", conference, cluster_year, before=before, after=after)
    return conference


@transaction.atomic
def conference_new_code(*, actor, cluster_year: ClusterYear) -> Conference:
    """A new check-in code (when the old one was seen outside the room)."""
    require(actor, "voting.checkin_any", cluster_year)
    conference = Conference.objects.select_for_update().get(pk=conference_of(cluster_year).pk)
    conference.checkin_code = new_checkin_code()
    conference.save(update_fields=["checkin_code", "updated_at"])
    _audit(actor, "conference.new_code", conference, cluster_year)
    return conference


# Naming delegates: delegates.py (only the unit names its own).


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
        raise RateLimited(_("Đã nhập sai mã điểm danh quá nhiều lần. Vui lòng chờ {minutes} phút hoặc nhờ bộ phận thường trực "
                            "điểm danh cho đơn vị.").format(minutes=CHECKIN_WINDOW // 60))
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
    if unit.pk not in _member_ids(cluster_year):
        raise InvalidInput(_("Đơn vị {name} không phải thành viên của cụm năm {year}.").format(name=unit.name, year=cluster_year.year),
                           field="unit")
    conference = conference_of(cluster_year)
    if own:
        _check_code(conference, unit, code)
    if CheckIn.objects.filter(conference=conference, unit=unit).exists():
        return False
    try:
        with transaction.atomic():
            row = CheckIn.objects.create(conference=conference, unit=unit, by=actor if actor.pk else None)
    except IntegrityError:  # checked in by someone else at the same moment
        return False
    _audit(actor, "conference.checkin", row, cluster_year, object_label=f"{unit.name}", after={"unit": unit.pk})
    return True


# --- polls: creating and editing -----------------------------------------------------------------
POLL_FIELDS = ("kind", "title", "notes", "method", "max_choices", "seats", "threshold", "mode", "candidates", "departure_reason",
               "publish_receipts")


def poll_defaults(cluster_year: ClusterYear, kind: str) -> dict:
    """Method, choices, seats and threshold for a new poll of `kind`, from the year's rules
    (cycle.YearSettings: thresholds and quotas; the defaults of domain rules §3)."""
    settings = year_settings_get(cluster_year)
    thresholds = settings.thresholds if isinstance(settings.thresholds, dict) else {}
    quotas = settings.quotas if isinstance(settings.quotas, dict) else {}
    threshold = thresholds.get(kind) or DEFAULT_THRESHOLDS.get(kind) or {"base": "members", "percent": 50, "strict": True}
    seats = {"flag": quotas.get("flag", 1), "merit": quotas.get("merit", 2), "leader": 1, "deputy": 2}.get(kind, 1)
    method = {"leader": Poll.Method.SINGLE, "other": Poll.Method.YES_NO}.get(kind, Poll.Method.APPROVAL)
    seats = max(1, int(seats or 1))
    return {
        "method": method, "max_choices": 1 if method == Poll.Method.SINGLE else seats, "seats": seats,
        "threshold": {"base": threshold.get("base", "members"), "percent": Decimal(str(threshold.get("percent", 50))),
                      "strict": bool(threshold.get("strict", False))},
    }


def _int(value, field: str, errors: dict, *, low: int = 1, high: int = 100) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        errors.setdefault(field, []).append(_("Cần một số nguyên."))
        return None
    try:
        number = int(value)
    except ValueError:
        errors.setdefault(field, []).append(_("Cần một số nguyên."))
        return None
    if not low <= number <= high:
        errors.setdefault(field, []).append(_("Cần một số từ {low} đến {high}.").format(low=low, high=high))
        return None
    return number


def _clean_threshold(value, errors: dict) -> dict | None:
    if not isinstance(value, dict):
        errors.setdefault("threshold", []).append(_("Cần {base, percent, strict}."))
        return None
    base = value.get("base")
    if base not in Poll.Base.values:
        errors.setdefault("threshold", []).append(_("Cơ sở tính tỷ lệ phải là members, present hoặc valid."))
    raw = value.get("percent")
    try:
        if isinstance(raw, bool) or raw is None:
            raise InvalidOperation
        percent = Decimal(str(raw))
        if not percent.is_finite() or not Decimal(0) <= percent <= Decimal(100):
            raise InvalidOperation
        percent = percent.quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        errors.setdefault("threshold", []).append(_("Tỷ lệ phải là một số từ 0 đến 100."))
        percent = None
    strict = value.get("strict", False)
    if not isinstance(strict, bool):
        errors.setdefault("threshold", []).append(_("“strict” phải là true hoặc false."))
    if base not in Poll.Base.values or percent is None or not isinstance(strict, bool):
        return None
    return {"base": base, "percent": percent, "strict": strict}


def ranking_order(cluster_year: ClusterYear) -> list[tuple[int, int]]:
    """[(unit id, rank)] of the ranked units, best first; [] when there is no ranking (the
    scoring app absent, or no submitted sheets)."""
    try:
        from thidua.scoring.selectors import ranking
    except ImportError:  # pragma: no cover - the scoring app is optional for voting
        return []
    try:
        lines = ranking(cluster_year).lines
    except Exception:
        return []
    return [(line.unit.pk, line.rank) for line in lines if line.rank is not None]


def departs_from_ranking(cluster_year: ClusterYear, candidate_ids: list[int]) -> bool:
    """The list departs from the ranking when a unit left out is ranked above one of the
    candidates (the candidates are not the top of the ranking)."""
    order = ranking_order(cluster_year)
    if not order:
        return False
    rank = dict(order)
    ranked = [c for c in candidate_ids if c in rank]
    if len(ranked) < len(candidate_ids):
        return True  # an unranked unit proposed
    worst = max(rank[c] for c in ranked) if ranked else 0
    return any(r < worst and u not in candidate_ids for u, r in order)


def _clean_poll(cluster_year: ClusterYear, data: dict, current: Poll | None) -> dict:
    errors: dict[str, list[str]] = {}
    kind = data.get("kind", current.kind if current else None)
    if kind not in Poll.Kind.values:
        errors["kind"] = [_("Nội dung biểu quyết phải là flag, merit, leader, deputy hoặc other.")]
        _raise(errors)
    defaults = poll_defaults(cluster_year, kind)
    if current is not None:
        defaults = {"method": current.method, "max_choices": current.max_choices, "seats": current.seats,
                    "threshold": current.threshold}
    clean: dict = {"kind": kind}
    title = " ".join(str(data.get("title", current.title if current else "") or "").split())
    if not title:
        errors["title"] = [_("Cần nội dung câu hỏi biểu quyết.")]
    elif len(title) > 300:
        errors["title"] = [_("Tối đa {n} ký tự.").format(n=300)]
    clean["title"] = title
    clean["notes"] = str(data.get("notes", current.notes if current else "") or "").strip()[:5000]
    clean["departure_reason"] = str(data.get("departure_reason", current.departure_reason if current else "") or "").strip()[:5000]
    method = data.get("method", defaults["method"])
    if method not in Poll.Method.values:
        errors["method"] = [_("Cách bỏ phiếu phải là approval, single hoặc yes_no.")]
    clean["method"] = method
    mode = data.get("mode", current.mode if current else Poll.Mode.ELECTRONIC)
    if mode not in Poll.Mode.values:
        errors["mode"] = [_("Hình thức phải là electronic hoặc paper.")]
    clean["mode"] = mode
    publish_receipts = data.get("publish_receipts", current.publish_receipts if current else True)
    if not isinstance(publish_receipts, bool):
        errors["publish_receipts"] = [_("“publish_receipts” phải là true hoặc false.")]
    clean["publish_receipts"] = publish_receipts
    if "candidates" in data:
        candidates = data["candidates"]
        if not isinstance(candidates, (list, tuple)) or not all(isinstance(u, Unit) for u in candidates):
            errors["candidates"] = [_("Danh sách đơn vị được đề cử không hợp lệ.")]
            candidates = []
    else:
        candidates = [c.unit for c in current.candidates.select_related("unit")] if current else []
    members = set(_member_ids(cluster_year))
    seen: set[int] = set()
    for unit in candidates:
        if unit.pk in seen:
            errors.setdefault("candidates", []).append(_("Đơn vị {name} có tên hai lần.").format(name=unit.name))
        elif unit.pk not in members:
            errors.setdefault("candidates", []).append(
                _("Đơn vị {name} không phải thành viên của cụm năm {year}.").format(name=unit.name, year=cluster_year.year)
            )
        seen.add(unit.pk)
    if not candidates:
        errors.setdefault("candidates", []).append(_("Cần ít nhất một đơn vị được đề cử."))
    clean["candidates"] = candidates
    n = max(len(candidates), 1)
    seats = _int(data.get("seats", defaults["seats"]), "seats", errors, high=n)
    max_choices = _int(data.get("max_choices", 1 if method == Poll.Method.SINGLE else defaults["max_choices"]), "max_choices", errors,
                       high=n)
    if method == Poll.Method.SINGLE and max_choices not in (None, 1):
        errors.setdefault("max_choices", []).append(_("Bỏ phiếu chọn một đơn vị: số đơn vị được chọn là 1."))
    if kind == Poll.Kind.LEADER and seats not in (None, 1):
        errors.setdefault("seats", []).append(_("Mỗi năm chỉ bầu một đơn vị Cụm trưởng."))
    if kind == Poll.Kind.DEPUTY and seats is not None and seats > 2:
        errors.setdefault("seats", []).append(_("Tối đa hai đơn vị Cụm phó."))
    if method == Poll.Method.APPROVAL and seats and max_choices and max_choices < 1:
        errors.setdefault("max_choices", []).append(_("Cần một số nguyên dương."))
    clean["seats"], clean["max_choices"] = seats, max_choices
    threshold = _clean_threshold(data.get("threshold", defaults["threshold"]), errors)
    clean["threshold"] = threshold
    parent = current.parent if current else data.get("parent")
    nomination = kind in Poll.NOMINATIONS and parent is None and not errors.get("candidates")
    if nomination and not clean["departure_reason"] and departs_from_ranking(cluster_year, [u.pk for u in candidates]):
        errors["departure_reason"] = [_("Danh sách đề cử khác thứ tự xếp hạng (có đơn vị xếp trên không được đề cử): cần nêu lý do.")]
    _raise(errors)
    return clean


def _write_poll(poll: Poll, clean: dict) -> None:
    for name in ("kind", "title", "notes", "method", "max_choices", "seats", "mode", "departure_reason", "publish_receipts"):
        setattr(poll, name, clean[name])
    poll.threshold_base = clean["threshold"]["base"]
    poll.threshold_percent = clean["threshold"]["percent"]
    poll.threshold_strict = clean["threshold"]["strict"]
    poll.save()
    poll.candidates.all().delete()
    PollCandidate.objects.bulk_create([PollCandidate(poll=poll, unit=u, order=i) for i, u in enumerate(clean["candidates"])])


def poll_snapshot(poll: Poll) -> dict:
    return {
        "kind": poll.kind, "title": poll.title, "method": poll.method, "max_choices": poll.max_choices, "seats": poll.seats,
        "threshold": {"base": poll.threshold_base, "percent": str(poll.threshold_percent), "strict": poll.threshold_strict},
        "mode": poll.mode, "candidates": list(poll.candidates.order_by("order", "pk").values_list("unit_id", flat=True)),
        "departure_reason": poll.departure_reason, "parent": poll.parent_id, "publish_receipts": poll.publish_receipts,
    }


@transaction.atomic
def poll_create(*, actor, cluster_year: ClusterYear, data: dict) -> Poll:
    """A new poll, in draft (the leader unit or the organizer; from the ranking phase).
    `data["candidates"]` are Units; missing method, choices, seats and threshold come from
    the year's rules."""
    require(actor, "voting.manage", cluster_year, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được tạo biểu quyết."))
    phases.require_phase(cluster_year, "prepare_polls")
    clean = _clean_poll(cluster_year, data, None)
    poll = Poll(cluster_year=cluster_year, created_by=actor if actor.pk else None, parent=data.get("parent"))
    _write_poll(poll, clean)
    _audit(actor, "poll.create", poll, cluster_year, after=poll_snapshot(poll))
    return poll


def _locked_poll(poll: Poll) -> Poll:
    return Poll.objects.select_for_update().select_related("cluster_year__cluster").get(pk=poll.pk)


@transaction.atomic
def poll_update(*, actor, poll: Poll, data: dict) -> Poll:
    """Change a draft poll; once open its rules are frozen (a change means a new poll)."""
    cluster_year = poll.cluster_year
    require(actor, "voting.manage", cluster_year, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được sửa biểu quyết."))
    poll = _locked_poll(poll)
    if poll.state != Poll.State.DRAFT:
        raise Conflict(_("Biểu quyết đã mở: câu hỏi, danh sách đề cử, cách bỏ phiếu và tỷ lệ không thay đổi được nữa."))
    phases.require_phase(cluster_year, "prepare_polls")
    before = poll_snapshot(poll)
    clean = _clean_poll(cluster_year, data, poll)
    _write_poll(poll, clean)
    after = poll_snapshot(poll)
    if after != before:
        _audit(actor, "poll.update", poll, cluster_year, before=before, after=after)
    return poll


@transaction.atomic
def poll_delete(*, actor, poll: Poll) -> None:
    """Remove a draft poll (nothing was voted)."""
    cluster_year = poll.cluster_year
    require(actor, "voting.manage", cluster_year)
    poll = _locked_poll(poll)
    if poll.state != Poll.State.DRAFT or poll.runoffs.exists():
        raise Conflict(_("Chỉ xóa được biểu quyết đang chuẩn bị."))
    before = poll_snapshot(poll)
    pk = poll.pk
    poll.candidates.all().delete()
    poll.delete()
    audit_record(actor=actor, action="poll.delete", object_type="voting.poll", object_id=str(pk), object_label=before["title"],
                 before=before, organizer_id=cluster_year.cluster.organizer_id, cluster_id=cluster_year.cluster_id)


# --- quorum and opening ---------------------------------------------------------------------------
def present_ids(cluster_year: ClusterYear) -> list[int]:
    members = set(_member_ids(cluster_year))
    ids = CheckIn.objects.filter(conference__cluster_year=cluster_year).values_list("unit_id", flat=True)
    return sorted(i for i in ids if i in members)


def quorum_required(cluster_year: ClusterYear, members: int) -> int:
    return year_settings_get(cluster_year).quorum_count(members)


def _next_year_roles(cluster_year: ClusterYear) -> dict[int, str]:
    return dict(
        Membership.objects.filter(cluster_year__cluster_id=cluster_year.cluster_id, year=cluster_year.year + 1)
        .values_list("unit_id", "role")
    )


@transaction.atomic
def poll_open(*, actor, poll: Poll) -> Poll:
    """Open a draft poll at the conference: freezes its candidates, method, choices,
    threshold and seats (they are in the row and the draft can no longer change), the
    member units (base "members") and the voter roll — the units present now (base
    "present"; those who may vote). Needs the quorum."""
    cluster_year = poll.cluster_year
    require(actor, "voting.manage", cluster_year, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được mở biểu quyết."))
    poll = _locked_poll(poll)
    if poll.state != Poll.State.DRAFT:
        raise Conflict(_("Biểu quyết này đã được mở trước đó."))
    phases.require_phase(cluster_year, "vote")
    if poll.parent_id and Poll.objects.filter(pk=poll.parent_id).exclude(state=Poll.State.CLOSED).exists():
        raise Conflict(_("Vòng trước của biểu quyết này chưa kết thúc."))
    candidates = list(poll.candidates.select_related("unit").order_by("order", "pk"))
    members = _member_ids(cluster_year)
    if not candidates:
        raise Conflict(_("Biểu quyết chưa có đơn vị được đề cử."))
    outsiders = [c.unit.name for c in candidates if c.unit_id not in members]
    if outsiders:
        raise Conflict(_("Không còn là thành viên của cụm: {names}.").format(names=", ".join(outsiders)))
    present = present_ids(cluster_year)
    required = quorum_required(cluster_year, len(members))
    if len(present) < required:
        raise Conflict(
            _("Chưa đủ số đơn vị có mặt để biểu quyết: {present}/{total} đơn vị, cần ít nhất {required}.").format(
                present=len(present), total=len(members), required=required
            )
        )
    if poll.is_election:
        gone = [c.unit.name for c in candidates if not c.unit.existed_in_year(cluster_year.year + 1)]
        if gone:
            raise Conflict(_("Đơn vị không còn tồn tại năm {year}: {names}.").format(year=cluster_year.year + 1, names=", ".join(gone)))
    if poll.kind == Poll.Kind.DEPUTY:
        roles = _next_year_roles(cluster_year)
        leader = next((u for u, r in roles.items() if r == Role.LEADER), None)
        if leader is None:
            raise Conflict(_("Cần có kết quả bầu Cụm trưởng năm {year} trước khi bầu Cụm phó.").format(year=cluster_year.year + 1))
        if any(c.unit_id == leader for c in candidates):
            raise Conflict(_("Đơn vị Cụm trưởng năm {year} không thể đồng thời là Cụm phó.").format(year=cluster_year.year + 1))
    poll.member_ids = members
    poll.roll = present
    poll.state = Poll.State.OPEN
    poll.opened_at = timezone.now()
    poll.seal_salt = sealing.new_salt()  # the poll's own key for its sealed ballots
    poll.save(update_fields=["member_ids", "roll", "state", "opened_at", "seal_salt"])
    _audit(actor, "poll.open", poll, cluster_year, after={**poll_snapshot(poll), "members": members, "roll": present})
    return poll


# --- casting ------------------------------------------------------------------------------------------
def ballot_validate(poll: Poll, candidate_ids: list[int], choices, answers):
    """Check a ballot (400 InvalidInput) and give its content as stored: sorted candidate ids, or {"<id>": answer} for every
    candidate (an unanswered candidate is "abstain")."""
    if poll.method == Poll.Method.YES_NO:
        if not isinstance(answers, dict):
            raise InvalidInput(_("Cần trả lời đồng ý / không đồng ý / không ý kiến cho từng đơn vị."), field="answers")
        clean: dict[str, str] = {}
        for key, value in answers.items():
            try:
                unit_id = int(key)
            except (TypeError, ValueError):
                raise InvalidInput(_("Mã đơn vị không hợp lệ: {key}.").format(key=key), field="answers") from None
            if unit_id not in candidate_ids:
                raise InvalidInput(_("Đơn vị mã {id} không có trong danh sách đề cử.").format(id=unit_id), field="answers")
            if value not in tally.ANSWERS:
                raise InvalidInput(_("Câu trả lời phải là yes, no hoặc abstain."), field="answers")
            clean[str(unit_id)] = value
        for unit_id in candidate_ids:
            clean.setdefault(str(unit_id), "abstain")
        if sum(1 for v in clean.values() if v == "yes") > poll.max_choices:
            raise InvalidInput(_("Chỉ được đồng ý tối đa {n} đơn vị.").format(n=poll.max_choices), field="answers")
        return clean
    if not isinstance(choices, (list, tuple)):
        raise InvalidInput(_("Cần danh sách đơn vị được chọn."), field="choices")
    ids: list[int] = []
    for item in choices:
        if isinstance(item, bool) or not isinstance(item, (int, str)) or not str(item).strip().isdigit():
            raise InvalidInput(_("Mã đơn vị không hợp lệ: {key}.").format(key=item), field="choices")
        ids.append(int(item))
    if len(set(ids)) != len(ids):
        raise InvalidInput(_("Mỗi đơn vị chỉ được chọn một lần."), field="choices")
    strangers = [i for i in ids if i not in candidate_ids]
    if strangers:
        raise InvalidInput(_("Đơn vị mã {id} không có trong danh sách đề cử.").format(id=strangers[0]), field="choices")
    if len(ids) > poll.max_choices:
        raise InvalidInput(_("Chỉ được chọn tối đa {n} đơn vị; phiếu chọn {k}.").format(n=poll.max_choices, k=len(ids)), field="choices")
    return sorted(ids)


def _poll_locked_shared(poll_id: int) -> Poll:
    """The poll, read again and locked in share mode: many casts go on at once, while
    closing (which locks it exclusively) waits for them and then sees every ballot. SQLite
    has one writer at a time anyway (transactions begin IMMEDIATE)."""
    if connection.vendor == "postgresql":
        found = list(Poll.objects.raw("SELECT * FROM voting_poll WHERE id = %s FOR SHARE", [poll_id]))
        if not found:
            raise Conflict(_("Biểu quyết không còn tồn tại."))
        return found[0]
    return Poll.objects.get(pk=poll_id)


def voting_delegate_of(cluster_year: ClusterYear, unit_id: int) -> Delegate | None:
    return (
        Delegate.objects.select_related("user")
        .filter(conference__cluster_year=cluster_year, unit_id=unit_id, kind=Delegate.Kind.VOTING, user__isnull=False)
        .first()
    )


def ballot_cast(*, actor, poll: Poll, choices=None, answers=None) -> str | None:
    """Cast the actor's unit's ballot; returns its receipt (None when the poll publishes
    ballots without receipts: the receipt then stays inside the sealed ballot, where it
    only orders the ballots at the close). One transaction: the participation (unique per
    poll and unit — a second attempt, however concurrent, fails there), the ballot sealed
    (receipt and choices encrypted; nothing else), and the audit event "unit X voted in
    poll P" without the choices."""
    cluster_year = poll.cluster_year
    require(actor, "voting.vote", cluster_year, _("Chỉ đại biểu hoặc lãnh đạo của đơn vị thành viên được bỏ phiếu."))
    unit_id = actor.unit_id
    named = voting_delegate_of(cluster_year, unit_id)
    if named is not None and named.user_id != actor.pk:
        raise Forbidden(_("Đơn vị của bạn đã cử {name} biểu quyết.").format(name=named.full_name))
    candidate_ids = list(poll.candidates.order_by("order", "pk").values_list("unit_id", flat=True))
    with transaction.atomic():
        poll = _poll_locked_shared(poll.pk)
        if poll.state == Poll.State.DRAFT:
            raise Conflict(_("Biểu quyết chưa mở."))
        if poll.state == Poll.State.CLOSED:
            raise Conflict(_("Biểu quyết đã kết thúc."))
        if poll.mode == Poll.Mode.PAPER:
            raise Conflict(_("Nội dung này bỏ phiếu giấy tại hội trường."))
        if unit_id not in poll.roll:
            raise Conflict(_("Đơn vị của bạn không có tên trong danh sách bỏ phiếu (chưa điểm danh khi mở biểu quyết)."))
        content = ballot_validate(poll, candidate_ids, choices, answers)
        try:
            with transaction.atomic():
                Participation.objects.create(poll=poll, unit_id=unit_id, delegate=actor)
        except IntegrityError:
            raise Conflict(ALREADY_VOTED) from None
        receipt = new_receipt()  # 40 random bits: a repeat within one poll is checked at the close
        nonce, ciphertext = sealing.seal(poll_id=poll.pk, salt=poll.seal_salt, entry=tally.canonical_entry(poll.method, receipt, content),
                                         candidates=len(candidate_ids))
        SealedBallot.objects.create(poll=poll, nonce=nonce, ciphertext=ciphertext)
        unit_name = Unit.objects.filter(pk=unit_id).values_list("name", flat=True).first() or str(unit_id)
        _audit(actor, "poll.vote", poll, cluster_year, object_label=f"{unit_name} đã bỏ phiếu: {poll.title}"[:300],
               after={"unit": unit_id})
    return receipt if poll.publish_receipts else None


# --- paper -------------------------------------------------------------------------------------------
def _clean_paper(poll: Poll, candidate_ids: list[int], figures: dict) -> dict:
    errors: dict[str, list[str]] = {}
    numbers = {}
    for name in ("issued", "returned", "valid", "invalid"):
        numbers[name] = _int(figures.get(name), name, errors, low=0, high=10_000)
    votes_in = figures.get("votes")
    votes: dict[str, object] = {}
    if not isinstance(votes_in, dict):
        errors.setdefault("votes", []).append(_("Cần số phiếu của từng đơn vị được đề cử."))
        votes_in = {}
    for key, value in votes_in.items():
        try:
            unit_id = int(key)
        except (TypeError, ValueError):
            errors.setdefault("votes", []).append(_("Mã đơn vị không hợp lệ: {key}.").format(key=key))
            continue
        if unit_id not in candidate_ids:
            errors.setdefault("votes", []).append(_("Đơn vị mã {id} không có trong danh sách đề cử.").format(id=unit_id))
            continue
        if poll.method == Poll.Method.YES_NO:
            if not isinstance(value, dict):
                errors.setdefault("votes", []).append(_("Cần số phiếu đồng ý, không đồng ý, không ý kiến."))
                continue
            votes[str(unit_id)] = {a: _int(value.get(a, 0), "votes", errors, low=0, high=10_000) or 0 for a in tally.ANSWERS}
        else:
            votes[str(unit_id)] = _int(value, "votes", errors, low=0, high=10_000) or 0
    _raise(errors)
    issued, returned, valid, invalid = (numbers[k] for k in ("issued", "returned", "valid", "invalid"))
    if issued > len(poll.roll):
        errors.setdefault("issued", []).append(
            _("Số phiếu phát ra ({issued}) nhiều hơn số đơn vị có mặt khi mở biểu quyết ({present}).").format(
                issued=issued, present=len(poll.roll))
        )
    if returned > issued:
        errors.setdefault("returned", []).append(
            _("Số phiếu thu về ({returned}) nhiều hơn số phiếu phát ra ({issued}).").format(returned=returned, issued=issued)
        )
    if valid + invalid != returned:
        errors.setdefault("valid", []).append(
            _("Phiếu hợp lệ ({valid}) + phiếu không hợp lệ ({invalid}) phải bằng số phiếu thu về ({returned}).").format(
                valid=valid, invalid=invalid, returned=returned)
        )
    names = dict(Unit.objects.filter(pk__in=candidate_ids).values_list("pk", "name"))
    total_yes = 0
    for unit_id in candidate_ids:
        value = votes.setdefault(str(unit_id), dict.fromkeys(tally.ANSWERS, 0) if poll.method == Poll.Method.YES_NO else 0)
        count = sum(value.values()) if isinstance(value, dict) else value
        yes = value["yes"] if isinstance(value, dict) else value
        total_yes += yes
        if count > valid:
            errors.setdefault("votes", []).append(
                _("{name}: {n} phiếu, nhiều hơn số phiếu hợp lệ ({valid}).").format(name=names.get(unit_id), n=count, valid=valid)
            )
    if total_yes > valid * poll.max_choices:
        errors.setdefault("votes", []).append(
            _("Tổng số phiếu chọn ({total}) vượt quá số phiếu hợp lệ × số đơn vị được chọn tối đa ({valid} × {k}).").format(
                total=total_yes, valid=valid, k=poll.max_choices)
        )
    _raise(errors)
    return {"issued": issued, "returned": returned, "valid": valid, "invalid": invalid, "votes": votes}


@transaction.atomic
def paper_tally_save(*, actor, poll: Poll, figures: dict) -> PaperTally:
    """The counting committee's figures for a paper poll (while it is open): ballots
    issued, returned, valid, invalid and the votes per candidate, checked for arithmetic."""
    cluster_year = poll.cluster_year
    require(actor, "voting.manage", cluster_year, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được nhập kết quả kiểm phiếu."))
    poll = _locked_poll(poll)
    if poll.mode != Poll.Mode.PAPER:
        raise Conflict(_("Biểu quyết này bỏ phiếu điện tử: kết quả do hệ thống kiểm."))
    if poll.state != Poll.State.OPEN:
        raise Conflict(_("Chỉ nhập kết quả kiểm phiếu khi biểu quyết đang mở (trước khi kết thúc)."))
    phases.require_phase(cluster_year, "vote")
    candidate_ids = list(poll.candidates.order_by("order", "pk").values_list("unit_id", flat=True))
    clean = _clean_paper(poll, candidate_ids, figures)
    row, _created = PaperTally.objects.update_or_create(poll=poll, defaults={**clean, "entered_by": actor if actor.pk else None})
    _audit(actor, "poll.paper_tally", poll, cluster_year, after=clean)
    return row


# --- closing ------------------------------------------------------------------------------------------
def published_ballots(poll: Poll) -> list[dict]:
    """The list as published (voting.md §4; docs/voting.md): the canonical list, or — when
    the poll publishes no receipts — the same objects without their receipts, sorted by
    their canonical bytes."""
    entries = tally.canonical_list(poll.method, Ballot.objects.filter(poll=poll).order_by("receipt").values_list("receipt", "choices"))
    return entries if poll.publish_receipts else tally.without_receipts(entries)


def _unseal(poll: Poll) -> None:
    """Open every sealed ballot of the poll (locked), check their number against the
    participation, write them in clear in receipt order in one statement, destroy the
    sealed copies. Every clear ballot row then carries the closing transaction's id and
    sits in receipt order — random with respect to the order of voting."""
    rows = list(SealedBallot.objects.filter(poll=poll).values_list("nonce", "ciphertext"))
    try:
        entries = sealing.unseal_all(poll_id=poll.pk, salt=poll.seal_salt, rows=rows)
    except sealing.SealBroken:
        raise Conflict(_("Không mở được phiếu niêm phong: khóa niêm phong phiếu (BALLOT_SEALING_SECRET) đã thay đổi từ khi mở biểu "
                         "quyết, hoặc dữ liệu phiếu bị sửa. Khôi phục khóa cũ rồi kết thúc lại; báo ngay cho cơ quan tổ chức.")) from None
    clear = Ballot.objects.filter(poll=poll).count()  # ballots of a poll opened before sealing existed
    voted = Participation.objects.filter(poll=poll).count()
    if clear + len(entries) != voted:
        raise Conflict(
            _("Số phiếu ({ballots}) khác số đơn vị đã bỏ phiếu ({voted}): không thể kết thúc; báo ngay cho cơ quan tổ chức.").format(
                ballots=clear + len(entries), voted=voted)
        )
    entries.sort(key=lambda e: e["receipt"])
    receipts = [e["receipt"] for e in entries]
    if len(set(receipts)) != len(receipts) or Ballot.objects.filter(poll=poll, receipt__in=receipts).exists():
        raise Conflict(_("Hai phiếu trùng mã biên nhận: không thể kết thúc; báo ngay cho cơ quan tổ chức."))
    Ballot.objects.bulk_create([Ballot(poll=poll, receipt=e["receipt"], choices=e.get("choices", e.get("answers"))) for e in entries])
    SealedBallot.objects.filter(poll=poll).delete()


def _count(poll: Poll, candidate_ids: list[int]) -> tuple[tally.Count, list[dict], dict]:
    if poll.mode == Poll.Mode.PAPER:
        paper = PaperTally.objects.filter(poll=poll).first()
        if paper is None:
            raise Conflict(_("Chưa nhập kết quả kiểm phiếu giấy."))
        count = tally.Count(votes={}, ballots=paper.returned, invalid=paper.invalid)
        for unit_id in candidate_ids:
            value = paper.votes.get(str(unit_id), 0)
            if poll.method == Poll.Method.YES_NO:
                value = value or {}
                count.votes[unit_id] = value.get("yes", 0)
                count.no[unit_id], count.abstain[unit_id] = value.get("no", 0), value.get("abstain", 0)
            else:
                count.votes[unit_id] = int(value or 0)
        return count, [], {"issued": paper.issued, "returned": paper.returned}
    entries = published_ballots(poll)
    participations = Participation.objects.filter(poll=poll).count()
    if participations != len(entries):
        raise Conflict(
            _("Số phiếu ({ballots}) khác số đơn vị đã bỏ phiếu ({voted}): không thể kết thúc; báo ngay cho cơ quan tổ chức.").format(
                ballots=len(entries), voted=participations)
        )
    count = tally.count_entries(poll.method, candidate_ids, entries)
    return count, entries, {"issued": len(poll.roll), "returned": len(entries)}


def compute_outcome(poll: Poll, count: tally.Count, candidate_ids: list[int]) -> tally.Outcome:
    base = tally.base_count(poll.threshold_base, members=len(poll.member_ids), present=len(poll.roll), valid=count.valid)
    return tally.decide(
        candidates=candidate_ids, count=count, base=base, percent=poll.threshold_percent, strict=poll.threshold_strict,
        seats=poll.seats, election=poll.is_election, ordered=poll.kind == Poll.Kind.DEPUTY,
    )


@transaction.atomic
def poll_close(*, actor, poll: Poll) -> Poll:
    """Close an open poll: count, apply the threshold and the seats, store the results,
    who is elected, the canonical ballot list's digest; then its effects — a nomination's
    proposals, an election's roles for next year (once no run-off is pending)."""
    cluster_year = poll.cluster_year
    require(actor, "voting.manage", cluster_year, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được kết thúc biểu quyết."))
    poll = _locked_poll(poll)  # waits for the casts in flight (they hold the row in share mode)
    if poll.state != Poll.State.OPEN:
        raise Conflict(_("Chỉ kết thúc được biểu quyết đang mở."))
    phases.require_phase(cluster_year, "vote")
    candidate_ids = list(poll.candidates.order_by("order", "pk").values_list("unit_id", flat=True))
    if poll.mode == Poll.Mode.ELECTRONIC:
        _unseal(poll)
    count, entries, paper = _count(poll, candidate_ids)
    outcome = compute_outcome(poll, count, candidate_ids)
    poll.results = {
        **outcome.as_json(),
        "ballots_cast": count.ballots, "valid": count.valid, "blank": count.blank, "invalid": count.invalid,
        "issued": paper["issued"], "returned": paper["returned"], "entitled": len(poll.member_ids), "present": len(poll.roll),
        "base_kind": poll.threshold_base,
    }
    poll.elected = outcome.elected
    poll.digest = tally.digest(entries) if poll.mode == Poll.Mode.ELECTRONIC else ""
    poll.state = Poll.State.CLOSED
    poll.closed_at = timezone.now()
    poll.save(update_fields=["results", "elected", "digest", "state", "closed_at"])
    _audit(actor, "poll.close", poll, cluster_year, after={
        "elected": poll.elected, "digest": poll.digest, "votes": {str(r.candidate): r.votes for r in outcome.rows},
        "ballots_cast": count.ballots, "runoff": outcome.runoff,
    })
    # The trail's head right after the close's event, printed in the minutes beside the
    # digest: a trail rewritten or cut later no longer matches the signed paper.
    poll.trail_head_at_close = chain_head(organizer_id=cluster_year.cluster.organizer_id, cluster_id=cluster_year.cluster_id)
    poll.save(update_fields=["trail_head_at_close"])
    if poll.is_nomination:
        _store_proposals(actor, poll, outcome)
    elif poll.is_election:
        _apply_election(actor, poll)
    return poll


def _store_proposals(actor, poll: Poll, outcome: tally.Outcome) -> None:
    cluster_year = poll.cluster_year
    rows = {r.candidate: r for r in outcome.rows}
    start = Proposal.objects.filter(cluster_year=cluster_year, kind=poll.kind).count()
    for i, unit_id in enumerate(poll.elected, start=start + 1):
        proposal, _created = Proposal.objects.update_or_create(
            cluster_year=cluster_year, kind=poll.kind, unit_id=unit_id,
            defaults={"poll": poll, "votes": rows[unit_id].votes, "percent": rows[unit_id].percent, "rank": i},
        )
        _audit(actor, "proposal.create", proposal, cluster_year, after=snapshot(proposal), reason=_reason(poll))


def _reason(poll: Poll) -> str:
    return _("Kết quả biểu quyết “{title}” (biểu quyết số {id}) tại Hội nghị tổng kết năm {year}").format(
        title=poll.title, id=poll.pk, year=poll.cluster_year.year
    )


def poll_chain(poll: Poll) -> list[Poll]:
    """The first round and its run-offs, in order."""
    root = poll
    while root.parent_id:
        root = Poll.objects.get(pk=root.parent_id)
    chain = [root]
    while True:
        child = Poll.objects.filter(parent=chain[-1]).order_by("-created_at", "-pk").first()
        if child is None:
            return chain
        chain.append(child)


def chain_positions(poll: Poll) -> tuple[list[int], bool]:
    """(the units elected along the chain, in order; whether the chain is decided)."""
    chain = poll_chain(poll)
    positions: list[int] = []
    for item in chain:
        if item.state != Poll.State.CLOSED:
            return positions, False
        positions += [u for u in item.elected if u not in positions]
    return positions, not chain[-1].runoff_needed


def _apply_election(actor, poll: Poll) -> None:
    positions, decided = chain_positions(poll)
    if not decided or not positions:
        return
    cluster_year = poll.cluster_year
    next_year = cluster_year.year + 1
    roles = _next_year_roles(cluster_year)
    if not roles:
        roles = {
            m.unit_id: Role.MEMBER
            for m in Membership.objects.filter(cluster_year=cluster_year).select_related("unit")
            if m.unit.existed_in_year(next_year)
        }
    seats = poll_chain(poll)[0].seats
    if poll.kind == Poll.Kind.LEADER:
        leader = positions[0]
        previous = roles.get(leader)
        roles = {u: (Role.MEMBER if r == Role.LEADER else r) for u, r in roles.items()}
        roles[leader] = Role.LEADER
        if previous == Role.DEPUTY1:
            deputy2 = next((u for u, r in roles.items() if r == Role.DEPUTY2), None)
            if deputy2 is not None:
                roles[deputy2] = Role.DEPUTY1
    else:
        deputies = positions[:seats]
        if any(roles.get(u) == Role.LEADER for u in deputies):
            raise Conflict(_("Đơn vị Cụm trưởng năm {year} không thể đồng thời là Cụm phó.").format(year=next_year))
        roles = {u: (Role.MEMBER if r in (Role.DEPUTY1, Role.DEPUTY2) else r) for u, r in roles.items()}
        for unit_id, role in zip(deputies, (Role.DEPUTY1, Role.DEPUTY2), strict=False):
            roles[unit_id] = role
    units = Unit.objects.in_bulk(list(roles))
    members = sorted(((units[u], r) for u, r in roles.items()), key=lambda item: item[0].pk)
    cluster_year_set_members(
        actor=actor, cluster=cluster_year.cluster, year=next_year, members=members, reason=_reason(poll), check_permission=False
    )


# --- run-offs -------------------------------------------------------------------------------------------
@transaction.atomic
def runoff_create(*, actor, poll: Poll) -> Poll:
    """One click: a new draft poll among the tied candidates (or, in an election with a
    seat left empty, the best remaining ones), for the seats left."""
    cluster_year = poll.cluster_year
    require(actor, "voting.manage", cluster_year, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được tạo biểu quyết."))
    poll = _locked_poll(poll)
    if poll.state != Poll.State.CLOSED or not poll.runoff_needed:
        raise Conflict(_("Biểu quyết này không cần bỏ phiếu lại."))
    if poll.runoffs.exists():
        raise Conflict(_("Đã tạo vòng bỏ phiếu tiếp theo cho biểu quyết này."))
    phases.require_phase(cluster_year, "prepare_polls")
    runoff = poll.results["runoff"]
    seats = int(runoff["seats"])
    reason = runoff["reason"]
    if reason == tally.NO_WINNER:
        threshold = poll.threshold
    else:  # the tied candidates all reached the threshold: the most votes decide among them
        threshold = {"base": Poll.Base.VALID, "percent": Decimal(0), "strict": False}
    method = Poll.Method.SINGLE if (seats == 1 or reason == tally.ORDER) else Poll.Method.APPROVAL
    round_no = len(poll_chain(poll)) + 1
    units = Unit.objects.in_bulk(runoff["candidates"])
    explanation = {
        tally.TIE: _("Bằng phiếu ở suất cuối cùng."),
        tally.ORDER: _("Bằng phiếu: bỏ phiếu lại để xác định thứ tự."),
        tally.NO_WINNER: _("Chưa đơn vị nào đạt tỷ lệ phiếu cần thiết."),
    }[reason]
    data = {
        "kind": poll.kind, "title": _("{title} — vòng {n}").format(title=poll.title.split(" — vòng ")[0], n=round_no)[:300],
        "notes": explanation, "method": method, "max_choices": 1 if method == Poll.Method.SINGLE else seats, "seats": seats,
        "threshold": threshold, "mode": poll.mode, "candidates": [units[u] for u in runoff["candidates"]], "parent": poll,
        "publish_receipts": poll.publish_receipts,
    }
    clean = _clean_poll(cluster_year, data, None)
    child = Poll(cluster_year=cluster_year, created_by=actor if actor.pk else None, parent=poll)
    _write_poll(child, clean)
    _audit(actor, "poll.runoff", child, cluster_year, after=poll_snapshot(child), reason=explanation)
    return child


# --- documents ------------------------------------------------------------------------------------------
@transaction.atomic
def conference_document_issue(*, actor, cluster_year: ClusterYear, kind: str, date: dt.date | None = None) -> Conference:
    """Give the invitation (GM) or the conference minutes (BB) its number in the leader
    unit's register, under the year's document symbol; once each."""
    from thidua.documents.numbering import document_number_issue

    if kind not in ("invitation", "minutes"):
        raise InvalidInput(_("Loại văn bản không hợp lệ."), field="kind")
    require(actor, "voting.manage", cluster_year, _("Chỉ đơn vị Cụm trưởng được cấp số văn bản của Cụm."))
    conference = Conference.objects.select_for_update().get(pk=conference_of(cluster_year).pk)
    if getattr(conference, f"{kind}_id"):
        raise Conflict(_("Văn bản này đã được cấp số."))
    leader = Membership.objects.select_related("unit").filter(cluster_year=cluster_year, role=Role.LEADER).first()
    if leader is None:
        raise Conflict(_("Năm thi đua chưa có đơn vị Cụm trưởng."))
    settings = year_settings_get(cluster_year)
    cluster = cluster_year.cluster
    if kind == "invitation":
        doc_type, subject = "GM", _("Dự Hội nghị tổng kết công tác thi đua, khen thưởng năm {year} của {cluster}")
        day = date or timezone.localdate()
    else:
        doc_type, subject = "BB", _("Hội nghị tổng kết công tác thi đua, khen thưởng năm {year} của {cluster}")
        day = date or conference.end_date or conference.date or timezone.localdate()
    document = document_number_issue(actor=actor, unit=leader.unit, doc_type=doc_type, issuer_symbol=settings.document_symbol,
                                     date=day, subject=subject.format(year=cluster_year.year, cluster=cluster.name))
    setattr(conference, kind, document)
    conference.save(update_fields=[kind, "updated_at"])
    _audit(actor, f"conference.number_{kind}", conference, cluster_year, after={"number": str(document.document_number)})
    return conference

"""Every write of a cluster's year. Each function checks the actor's permission
(cycle/rules.py), then whether the year's phase allows the action (phases.py), validates,
writes in one transaction and records an audit event in it; refusals are domain errors
(403 Forbidden, 409 Conflict, 400 InvalidInput) with a Vietnamese message."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from itertools import pairwise

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import snapshot
from thidua.core.errors import Conflict, Forbidden, InvalidInput
from thidua.core.errors import raise_errors as _raise
from thidua.core.permissions import require
from thidua.org.models import ClusterYear, Membership, Phase, Role, Unit

# The shared helpers under the short names this module's services have always used.
from thidua.org.year_writes import audit_year as _audit
from thidua.org.year_writes import lock_year as _locked

from . import phases
from .awards import award_kinds_by_code
from .issuer import document_issuer, register_unit
from .models import (
    QUOTA_KINDS,
    THRESHOLD_BASES,
    THRESHOLD_KINDS,
    TIE_BREAK_KEYS,
    ConferencePlan,
    Covenant,
    CovenantSignature,
    Launch,
    Registration,
    YearSettings,
)
from .phase_service import cluster_year_set_phase

MAX_TEXT = 20_000
MAX_ITEMS = 30
MAX_ITEM = 1_000


# --- the year's rules ---------------------------------------------------------------------
def year_settings_get(cluster_year: ClusterYear) -> YearSettings:
    """The year's rules. A pure read: the row is created with the year (year_settings_create);
    a year without one (made outside the services) answers the defaults of domain rules §3,
    unsaved, which is what the row would hold."""
    found = YearSettings.objects.filter(cluster_year=cluster_year).first()
    return found if found is not None else YearSettings(cluster_year=cluster_year)


def year_settings_create(*, actor, cluster_year: ClusterYear) -> YearSettings:
    """The year's rules with the defaults, made with the year (the org.signals.year_created
    hook, inside the year's transaction) and audited; nothing if they exist."""
    settings, created = YearSettings.objects.get_or_create(cluster_year=cluster_year)
    if created:
        _audit(actor, "year_settings.create", settings, cluster_year, after=snapshot(settings, exclude=("id",)))
    return settings


SETTINGS_FIELDS = ("cross_scoring", "aggregation", "tie_break", "quorum_percent", "quotas", "thresholds", "document_symbol",
                   "covenant_type_code", "evidence_required")


def _percent(value, field: str, errors: dict) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        errors.setdefault(field, []).append(_("Cần một số từ 0 đến 100."))
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        errors.setdefault(field, []).append(_("Cần một số từ 0 đến 100."))
        return None
    if not number.is_finite() or not Decimal(0) < number <= Decimal(100):
        errors.setdefault(field, []).append(_("Tỷ lệ phải lớn hơn 0 và không quá 100."))
        return None
    if number != number.quantize(Decimal("0.01")):
        errors.setdefault(field, []).append(_("Tỷ lệ có tối đa hai chữ số thập phân."))
        return None
    return number


def _clean_settings(current: YearSettings, changes: dict) -> dict:
    """The new values of the fields in `changes`, validated against each other and the
    current values; quotas and thresholds are merged key by key."""
    errors: dict[str, list[str]] = {}
    unknown = set(changes) - set(SETTINGS_FIELDS)
    if unknown:
        errors["non_field_errors"] = [_("Trường không hợp lệ: {names}.").format(names=", ".join(sorted(unknown)))]
    clean: dict = {}
    if "cross_scoring" in changes:
        if changes["cross_scoring"] not in YearSettings.CrossScoring.values:
            values = ", ".join(YearSettings.CrossScoring.values)
            errors["cross_scoring"] = [_("Cách chấm chéo phải là một trong: {values}.").format(values=values)]
        else:
            clean["cross_scoring"] = changes["cross_scoring"]
    if "aggregation" in changes:
        if changes["aggregation"] not in YearSettings.Aggregation.values:
            values = ", ".join(YearSettings.Aggregation.values)
            errors["aggregation"] = [_("Cách tổng hợp điểm phải là một trong: {values}.").format(values=values)]
        else:
            clean["aggregation"] = changes["aggregation"]
    if "tie_break" in changes:
        value = changes["tie_break"]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            errors["tie_break"] = [_("Cần một danh sách các tiêu chí xét khi bằng điểm.")]
        elif set(value) - set(TIE_BREAK_KEYS):
            errors["tie_break"] = [_("Tiêu chí xét khi bằng điểm không hợp lệ: {names}; dùng: {allowed}.").format(
                names=", ".join(sorted(set(value) - set(TIE_BREAK_KEYS))), allowed=", ".join(TIE_BREAK_KEYS))]
        elif len(set(value)) != len(value):
            errors["tie_break"] = [_("Mỗi tiêu chí xét khi bằng điểm chỉ được nêu một lần.")]
        elif value[0] != "total":
            errors["tie_break"] = [_("Thứ tự xét phải bắt đầu bằng tổng điểm (total).")]
        else:
            clean["tie_break"] = list(value)
    if "evidence_required" in changes:
        if not isinstance(changes["evidence_required"], bool):
            errors["evidence_required"] = [_("Cần true hoặc false.")]
        else:
            clean["evidence_required"] = changes["evidence_required"]
    if "quorum_percent" in changes:
        number = _percent(changes["quorum_percent"], "quorum_percent", errors)
        if number is not None:
            clean["quorum_percent"] = number
    if "quotas" in changes:
        value = changes["quotas"]
        if not isinstance(value, dict):
            errors["quotas"] = [_("Cần dạng {\"flag\": số, \"merit\": số}.")]
        else:
            quotas = dict(current.quotas)
            for kind, count in value.items():
                if kind not in QUOTA_KINDS:
                    errors.setdefault("quotas", []).append(_("Loại khen thưởng không hợp lệ: {kind}.").format(kind=kind))
                elif isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= 100:
                    errors.setdefault("quotas", []).append(_("Số lượng {kind} phải là số nguyên từ 0 đến 100.").format(kind=kind))
                else:
                    quotas[kind] = count
            clean["quotas"] = quotas
    if "thresholds" in changes:
        value = changes["thresholds"]
        if not isinstance(value, dict):
            errors["thresholds"] = [_("Cần dạng {\"flag\": {\"base\", \"percent\", \"strict\"}, …}.")]
        else:
            thresholds = {k: dict(v) for k, v in current.thresholds.items()}
            for kind, rule in value.items():
                if kind not in THRESHOLD_KINDS:
                    errors.setdefault("thresholds", []).append(_("Loại bình chọn không hợp lệ: {kind}.").format(kind=kind))
                    continue
                if not isinstance(rule, dict) or set(rule) - {"base", "percent", "strict"}:
                    errors.setdefault("thresholds", []).append(
                        _("Ngưỡng {kind} chỉ gồm base, percent, strict.").format(kind=kind))
                    continue
                merged = {**thresholds.get(kind, {}), **rule}
                if merged.get("base") not in THRESHOLD_BASES:
                    errors.setdefault("thresholds", []).append(
                        _("Ngưỡng {kind}: base phải là một trong {values}.").format(kind=kind, values=", ".join(THRESHOLD_BASES)))
                if not isinstance(merged.get("strict"), bool):
                    errors.setdefault("thresholds", []).append(_("Ngưỡng {kind}: strict phải là true hoặc false.").format(kind=kind))
                sub: dict = {}
                number = _percent(merged.get("percent"), "percent", sub)
                if number is None:
                    errors.setdefault("thresholds", []).append(
                        _("Ngưỡng {kind}: {message}").format(kind=kind, message=sub["percent"][0]))
                else:
                    merged["percent"] = int(number) if number == number.to_integral_value() else float(number)
                thresholds[kind] = merged
            clean["thresholds"] = thresholds
    for field, limit in (("document_symbol", 20), ("covenant_type_code", 10)):
        if field in changes:
            value = changes[field]
            text = value.strip() if isinstance(value, str) else ""
            if not text or len(text) > limit or any(c in text for c in " /-"):
                errors[field] = [_("Ký hiệu không hợp lệ: từ 1 đến {n} ký tự, không có dấu cách, “/” hay “-”.").format(n=limit)]
            else:
                clean[field] = text
    aggregation = clean.get("aggregation", current.aggregation)
    cross = clean.get("cross_scoring", current.cross_scoring)
    if not errors and aggregation == YearSettings.Aggregation.PANEL_ADJUSTED and cross != YearSettings.CrossScoring.PANEL:
        errors["aggregation"] = [_("Cách “điểm tự chấm do tổ chấm điều chỉnh” chỉ dùng khi chấm chéo theo tổ chấm (panel).")]
    _raise(errors)
    return clean


@transaction.atomic
def year_settings_update(*, actor, cluster_year: ClusterYear, changes: dict) -> YearSettings:
    """Change some of the year's rules: the organizer until cross-scoring ends, the leader
    unit until self-assessment opens. Only fields whose value changes count against the
    phase; nothing changes when any field is invalid."""
    require(actor, "cycle.change_settings", cluster_year)
    cluster_year = _locked(cluster_year)
    # the year is locked: a missing row (a year made outside the services) is made here, audited below
    current = YearSettings.objects.select_for_update().filter(cluster_year=cluster_year).first() or YearSettings(cluster_year=cluster_year)
    clean = _clean_settings(current, changes)
    changed = {f: v for f, v in clean.items() if getattr(current, f) != v}
    if not changed:
        return current
    action = "edit_settings_organizer" if actor.has_perm("org.change_membership", cluster_year.cluster) else "edit_settings_leader"
    phases.require_phase(cluster_year, action)
    before = {f: getattr(current, f) for f in changed}
    for field, value in changed.items():
        setattr(current, field, value)
    current.save()
    _audit(actor, "year_settings.update", current, cluster_year, before=before, after=changed)
    return current


def _parse_day(value) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


@transaction.atomic
def year_deadlines_set(*, actor, cluster_year: ClusterYear, deadlines: dict) -> ClusterYear:
    """Set, change or (with None) remove the deadline of some phases. The deadlines of the
    phases in order must not go backwards, and lie between 1 January of the year before
    and 31 December of the year after (the launch comes at the previous year's
    conference; awards are decided in the next year's first quarter)."""
    require(actor, "cycle.change_settings", cluster_year)
    cluster_year = _locked(cluster_year)
    if not isinstance(deadlines, dict):
        raise InvalidInput(_("Cần dạng {\"giai đoạn\": \"YYYY-MM-DD\"}."), field="deadlines")
    errors: list[str] = []
    merged = dict(cluster_year.deadlines or {})
    low, high = dt.date(cluster_year.year - 1, 1, 1), dt.date(cluster_year.year + 1, 12, 31)
    for phase, raw in deadlines.items():
        if phase not in Phase.values:
            errors.append(_("Giai đoạn không hợp lệ: {phase}.").format(phase=phase))
            continue
        if raw in (None, ""):
            merged.pop(phase, None)
            continue
        day = _parse_day(raw)
        if day is None:
            errors.append(_("Thời hạn giai đoạn “{phase}” không hợp lệ: cần ngày dạng YYYY-MM-DD.").format(phase=Phase(phase).label))
        elif not low <= day <= high:
            errors.append(_("Thời hạn giai đoạn “{phase}” phải trong khoảng {low} – {high}.").format(
                phase=Phase(phase).label, low=low.strftime("%d/%m/%Y"), high=high.strftime("%d/%m/%Y")))
        else:
            merged[phase] = day.isoformat()
    if not errors:
        ordered = [(p, dt.date.fromisoformat(merged[p])) for p in Phase.order() if p in merged]
        for (p1, d1), (p2, d2) in pairwise(ordered):
            if d2 < d1:
                errors.append(_("Thời hạn giai đoạn “{later}” ({d2}) không được trước thời hạn giai đoạn “{earlier}” ({d1}).").format(
                    later=Phase(p2).label, d2=d2.strftime("%d/%m/%Y"), earlier=Phase(p1).label, d1=d1.strftime("%d/%m/%Y")))
    if errors:
        raise InvalidInput(errors[0], errors={"deadlines": errors})
    if merged == (cluster_year.deadlines or {}):
        return cluster_year
    phases.require_phase(cluster_year, "edit_deadlines")
    before = dict(cluster_year.deadlines or {})
    cluster_year.deadlines = {p: merged[p] for p in Phase.order() if p in merged}
    cluster_year.save(update_fields=["deadlines"])
    _audit(actor, "cluster_year.set_deadlines", cluster_year, cluster_year, before={"deadlines": before},
           after={"deadlines": cluster_year.deadlines})
    return cluster_year


# --- launch ---------------------------------------------------------------------------------
def _clean_launch(title, goals, items) -> tuple[str, str, list[str]]:
    errors: dict[str, list[str]] = {}
    title = title.strip() if isinstance(title, str) else ""
    goals = goals.strip() if isinstance(goals, str) else ""
    if not title:
        errors["title"] = [_("Tiêu đề không được để trống.")]
    elif len(title) > 300:
        errors["title"] = [_("Tiêu đề dài quá 300 ký tự.")]
    if len(goals) > MAX_TEXT:
        errors["goals"] = [_("Mục tiêu dài quá {n} ký tự.").format(n=MAX_TEXT)]
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        errors["items"] = [_("Nội dung thi đua phải là một danh sách các đoạn văn bản.")]
        items = []
    items = [" ".join(i.split()) for i in items]
    items = [i for i in items if i]
    if "items" not in errors:
        if not items:
            errors["items"] = [_("Cần ít nhất một nội dung thi đua.")]
        elif len(items) > MAX_ITEMS:
            errors["items"] = [_("Tối đa {n} nội dung thi đua.").format(n=MAX_ITEMS)]
        elif any(len(i) > MAX_ITEM for i in items):
            errors["items"] = [_("Mỗi nội dung thi đua tối đa {n} ký tự.").format(n=MAX_ITEM)]
    _raise(errors)
    return title, goals, items


@transaction.atomic
def launch_save(*, actor, cluster_year: ClusterYear, title: str, goals: str = "", items: list[str]) -> Launch:
    """Write (or rewrite) the launch of the year's movement (the secretariat or the
    organizer), while the year is being prepared or launched."""
    phases.require_role(actor, "cycle.edit_launch", cluster_year)
    cluster_year = _locked(cluster_year)
    phases.require_phase(cluster_year, "edit_launch")
    title, goals, items = _clean_launch(title, goals, items)
    launch = Launch.objects.filter(cluster_year=cluster_year).first()
    before = snapshot(launch, exclude=("updated_at",)) if launch else None
    if launch is None:
        launch = Launch(cluster_year=cluster_year)
    launch.title, launch.goals, launch.items = title, goals, items
    launch.save()
    after = snapshot(launch, exclude=("updated_at",))
    if after != before:
        _audit(actor, "launch.save", launch, cluster_year, before=before, after=after)
    return launch


@transaction.atomic
def launch_publish(*, actor, cluster_year: ClusterYear) -> Launch:
    """Publish the launch to the members (the leader unit or the organizer). A year still
    being prepared moves to the "launched" phase with it."""
    phases.require_role(actor, "cycle.publish_launch", cluster_year)
    cluster_year = _locked(cluster_year)
    phases.require_phase(cluster_year, "publish_launch")
    launch = Launch.objects.select_for_update().filter(cluster_year=cluster_year).first()
    if launch is None:
        raise Conflict(_("Chưa có nội dung phát động để công bố."))
    if launch.is_published:
        day = timezone.localtime(launch.published_at).strftime("%d/%m/%Y")
        raise Conflict(_("Nội dung phát động đã được công bố ngày {day}.").format(day=day))
    launch.published_at, launch.published_by = timezone.now(), actor
    launch.save(update_fields=["published_at", "published_by"])
    _audit(actor, "launch.publish", launch, cluster_year, after={"published_at": launch.published_at})
    if cluster_year.phase == Phase.PREPARING:
        cluster_year_set_phase(actor=actor, cluster_year=cluster_year, phase=Phase.LAUNCHED)
    return launch


# --- registration -----------------------------------------------------------------------------
@transaction.atomic
def registration_submit(
    *, actor, cluster_year: ClusterYear, unit: Unit, titles: list[str], commitments: str = ""
) -> tuple[Registration, bool]:
    """Register (or change the registration of) a member unit: the awards it aims for
    and its commitments. Only an officer of that unit. Returns (registration, created)."""
    phases.require_role(actor, "cycle.register", cluster_year, _("Chỉ cán bộ thi đua của đơn vị thành viên được đăng ký thi đua."))
    if unit is None or unit.pk != actor.unit_id:
        raise Forbidden(_("Bạn chỉ được đăng ký thi đua cho đơn vị của mình."))
    cluster_year = _locked(cluster_year)
    phases.require_phase(cluster_year, "register")
    errors: dict[str, list[str]] = {}
    catalogue = award_kinds_by_code()
    if not isinstance(titles, list) or not titles or not all(isinstance(t, str) for t in titles):
        errors["titles"] = [_("Cần chọn ít nhất một danh hiệu hoặc hình thức khen thưởng.")]
    else:
        unknown = [t for t in titles if t not in catalogue]
        if unknown:
            errors["titles"] = [_("Mã không có trong danh mục khen thưởng: {codes}.").format(codes=", ".join(unknown))]
        elif len(set(titles)) != len(titles):
            errors["titles"] = [_("Mỗi danh hiệu chỉ được chọn một lần.")]
    commitments = commitments.strip() if isinstance(commitments, str) else None
    if commitments is None:
        errors["commitments"] = [_("Cam kết phải là văn bản.")]
    elif len(commitments) > MAX_TEXT:
        errors["commitments"] = [_("Cam kết dài quá {n} ký tự.").format(n=MAX_TEXT)]
    _raise(errors)
    titles = [code for code in catalogue if code in titles]  # the catalogue's order
    registration = Registration.objects.select_for_update().filter(cluster_year=cluster_year, unit=unit).first()
    before = {"titles": registration.titles, "commitments": registration.commitments} if registration else None
    created = registration is None
    if created:
        registration = Registration(cluster_year=cluster_year, unit=unit)
    registration.titles, registration.commitments = titles, commitments
    registration.submitted_by, registration.submitted_at = actor, timezone.now()
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:  # the unit's other officer registered at the same moment
        raise Conflict(_("Đơn vị vừa được đăng ký bởi một thao tác khác; vui lòng tải lại trang.")) from exc
    _audit(actor, "registration.submit", registration, cluster_year, before=before,
           after={"unit": unit.pk, "titles": titles, "commitments": commitments})
    return registration, created


# --- covenant ---------------------------------------------------------------------------------
def _commitment(item: str) -> str:
    """"thực hiện tốt các nhiệm vụ chuyên môn" -> "Thi đua thực hiện tốt các nhiệm vụ chuyên môn."."""
    text = item.strip().rstrip(".;:")
    prefix = _("Thi đua")
    if text.lower().startswith(prefix.lower()):
        return text[:1].upper() + text[1:] + "."
    if text[:1].isupper() and not text[1:2].isupper():  # "Thực hiện …", not "UBND …"
        text = text[:1].lower() + text[1:]
    return f"{prefix} {text}."


def covenant_text_from_launch(cluster_year: ClusterYear, launch: Launch) -> str:
    """The covenant's first text: an introduction, one numbered commitment per launch
    item, and the closing commitment. Lines are paragraphs."""
    name = cluster_year.cluster.name
    title = launch.title.strip().rstrip(".")
    if title.lower().startswith(_("phong trào")):  # "Phong trào thi đua năm 2026 …" reads on in the sentence
        movement = title[:1].lower() + title[1:]
    else:
        movement = _("phong trào thi đua “{title}”").format(title=title)
    lines = [
        _("Thực hiện {movement} do đơn vị Cụm trưởng phát động, các đơn vị thành viên {cluster} "
          "thống nhất ký kết giao ước thi đua năm {year} với các nội dung sau:").format(
            movement=movement, cluster=name, year=cluster_year.year),
    ]
    for i, item in enumerate(launch.items, start=1):
        lines.append(f"{i}. {_commitment(item)}")
    lines.append(_("Các đơn vị cam kết tổ chức thực hiện nghiêm túc các nội dung trên; định kỳ sơ kết, tổng kết, đánh giá và báo cáo "
                   "kết quả về đơn vị Cụm trưởng theo quy chế hoạt động của Cụm./."))
    return "\n".join(lines)


def _covenant_for_update(cluster_year: ClusterYear) -> Covenant | None:
    return Covenant.objects.select_for_update().filter(cluster_year=cluster_year).first()


@transaction.atomic
def covenant_save_text(*, actor, cluster_year: ClusterYear, text: str) -> Covenant:
    """Edit the covenant's text (the secretariat or the organizer) until the first unit
    signs it."""
    phases.require_role(actor, "cycle.edit_covenant", cluster_year)
    cluster_year = _locked(cluster_year)
    phases.require_phase(cluster_year, "edit_covenant")
    text = "\n".join(line.rstrip() for line in text.strip().splitlines()) if isinstance(text, str) else ""
    if not text:
        raise InvalidInput(_("Nội dung giao ước không được để trống."), field="text")
    if len(text) > MAX_TEXT:
        raise InvalidInput(_("Nội dung giao ước dài quá {n} ký tự.").format(n=MAX_TEXT), field="text")
    covenant = _covenant_for_update(cluster_year)
    if covenant is not None and covenant.signatures.exists():
        raise Conflict(_("Đã có đơn vị ký giao ước; không thể sửa nội dung nữa."))
    before = {"text": covenant.text} if covenant else None
    if covenant is None:
        covenant = Covenant(cluster_year=cluster_year)
    if before and before["text"] == text:
        return covenant
    covenant.text, covenant.updated_by = text, actor
    covenant.save()
    _audit(actor, "covenant.save_text", covenant, cluster_year, before=before, after={"text": text})
    return covenant


@transaction.atomic
def covenant_sign(*, actor, cluster_year: ClusterYear, unit: Unit) -> CovenantSignature:
    """The head of a member unit signs the covenant for that unit, in the covenant phase.
    When the last member signs, the covenant is frozen."""
    phases.require_role(actor, "cycle.sign_covenant", cluster_year, _("Chỉ lãnh đạo đơn vị thành viên được ký giao ước thi đua."))
    if unit is None or unit.pk != actor.unit_id:
        raise Forbidden(_("Bạn chỉ được ký giao ước thay mặt đơn vị của mình."))
    cluster_year = _locked(cluster_year)
    phases.require_phase(cluster_year, "sign_covenant")
    covenant = _covenant_for_update(cluster_year)
    if covenant is None or not covenant.text.strip():
        raise Conflict(_("Giao ước thi đua chưa có nội dung để ký."))
    if covenant.is_frozen:
        raise Conflict(_("Giao ước thi đua đã được tất cả các đơn vị ký và đã khóa."))
    if covenant.signatures.filter(unit=unit).exists():
        raise Conflict(_("{unit} đã ký giao ước thi đua.").format(unit=unit.name))
    try:
        with transaction.atomic():
            signature = CovenantSignature.objects.create(covenant=covenant, unit=unit, signed_by=actor, signed_at=timezone.now())
    except IntegrityError as exc:
        raise Conflict(_("{unit} đã ký giao ước thi đua.").format(unit=unit.name)) from exc
    _audit(actor, "covenant.sign", signature, cluster_year,
           after={"unit": unit.pk, "signed_by": actor.pk, "signed_at": signature.signed_at})
    members = set(Membership.objects.filter(cluster_year=cluster_year).values_list("unit_id", flat=True))
    signed = set(covenant.signatures.values_list("unit_id", flat=True))
    if members <= signed:
        covenant.frozen_at = signature.signed_at
        covenant.save(update_fields=["frozen_at"])
        _audit(actor, "covenant.freeze", covenant, cluster_year, after={"frozen_at": covenant.frozen_at, "signatures": len(signed)})
    return signature


def covenant_require_published_launch(cluster_year: ClusterYear) -> Launch:
    """Before the year enters the covenant phase (`phase_changing`, read-only): refuse (409)
    without a published launch."""
    launch = Launch.objects.filter(cluster_year=cluster_year).first()
    if launch is None or not launch.is_published:
        raise Conflict(_("Chưa thể chuyển sang giai đoạn “{phase}”: nội dung phát động thi đua chưa được công bố.").format(
            phase=Phase.COVENANT.label))
    return launch


def covenant_build_on_entering(*, actor, cluster_year: ClusterYear) -> Covenant:
    """Once the year has entered the covenant phase (`phase_changed`, after the change is
    recorded, same transaction): build the covenant's text from the launch if still empty."""
    launch = covenant_require_published_launch(cluster_year)
    covenant = _covenant_for_update(cluster_year)
    if covenant is not None and covenant.text.strip():
        return covenant
    if covenant is None:
        covenant = Covenant(cluster_year=cluster_year)
    covenant.text = covenant_text_from_launch(cluster_year, launch)
    covenant.updated_by = actor if getattr(actor, "pk", None) else None
    covenant.save()
    _audit(actor, "covenant.build", covenant, cluster_year, after={"text": covenant.text})
    return covenant


# --- documents --------------------------------------------------------------------------------
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
    )
    _audit(actor, "conference_plan.issue", plan, cluster_year, after=snapshot(plan, exclude=("issued_at",)))
    return plan


@transaction.atomic
def year_rules_update(*, actor, cluster_year: ClusterYear, changes: dict, deadlines: dict | None = None) -> YearSettings:
    """The settings page and `PATCH …/settings/`: the rules and the deadlines in one
    transaction; invalid input in either is reported together and nothing is saved."""
    require(actor, "cycle.change_settings", cluster_year)
    errors: dict[str, list[str]] = {}
    for call in (
        lambda: year_settings_update(actor=actor, cluster_year=cluster_year, changes=changes),
        lambda: deadlines is not None and year_deadlines_set(actor=actor, cluster_year=cluster_year, deadlines=deadlines),
    ):
        try:
            with transaction.atomic():
                call()
        except InvalidInput as exc:
            for field, messages in exc.errors.items():
                errors.setdefault(field, []).extend(messages)
    _raise(errors)
    return year_settings_get(cluster_year)

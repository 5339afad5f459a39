"""The year's rules (YearSettings: scoring, aggregation, tie-break, quorum, quotas,
thresholds, document symbol) and its deadlines, and the settings page's update of both
at once. Its own module because every later phase reads these rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from itertools import pairwise

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.audit import snapshot
from thidua.core.errors import InvalidInput
from thidua.core.errors import raise_errors as _raise
from thidua.core.permissions import require
from thidua.org.models import ClusterYear, Phase

# The shared helpers under the short names this module's services have always used.
from thidua.org.year_writes import audit_year as _audit
from thidua.org.year_writes import lock_year as _locked

from .. import phases
from ..models import QUOTA_KINDS, THRESHOLD_BASES, THRESHOLD_KINDS, TIE_BREAK_KEYS, YearSettings


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

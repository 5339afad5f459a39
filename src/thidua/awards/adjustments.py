"""Per-year adjustment of rule parameters by the organizer (RuleAdjustment), over the
catalogue's defaults: which parameters may be adjusted, the rules of a kind for a year as
an organizer set them, and the audited write."""

from __future__ import annotations

from dataclasses import replace

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.audit import audit_record, snapshot
from thidua.core.errors import InvalidInput, raise_errors
from thidua.core.permissions import require
from thidua.cycle.awards import RULE_NAMES, AwardKind, LegalBasis, RuleSpec, award_kinds_by_code
from thidua.org.models import Membership, Organizer

from .models import RuleAdjustment

#: rule → {parameter: (label, min, max)}: what an organizer may adjust
ADJUSTABLE = {
    "ratings": {"years": (gettext_lazy("Số năm liên tục cần đạt"), 1, 10)},
    "earlier_award": {"within_years": (gettext_lazy("Trong số năm trước"), 1, 20)},
    "quota": {"per_cluster": (gettext_lazy("Số lượng mỗi cụm"), 0, 50), "percent": (gettext_lazy("Tỷ lệ tối đa (%)"), 0, 100)},
}


def organizer_of(unit, year: int) -> int | None:
    """The organizer whose cluster the unit was in that year (the first, by id)."""
    return Membership.objects.filter(unit=unit, year=year).order_by("organizer_id").values_list("organizer_id", flat=True).first()


def adjustments_of(organizer_id: int | None, year: int, award: str | None = None) -> dict[tuple[str, str], RuleAdjustment]:
    if organizer_id is None:
        return {}
    qs = RuleAdjustment.objects.filter(organizer_id=organizer_id, year=year)
    if award is not None:
        qs = qs.filter(award=award)
    return {(a.award, a.rule): a for a in qs}


def apply(spec: RuleSpec, adjustment: RuleAdjustment | None, year: int) -> RuleSpec:
    """`spec` with the adjusted parameters, its basis saying so."""
    if adjustment is None:
        return spec
    allowed = ADJUSTABLE.get(spec.rule, {})
    changes = {k: v for k, v in adjustment.params.items() if k in allowed and spec.param(k) is not None}
    if not changes:
        return spec
    params = tuple(sorted({**dict(spec.params), **changes}.items()))
    said = ", ".join(f"{allowed[k][0]}: {v} (mặc định {spec.param(k)})" for k, v in sorted(changes.items()))
    text = (
        spec.basis.text
        + "; "
        + _("điều chỉnh năm {year} của cơ quan tổ chức — {said}; lý do: {reason}").format(year=year, said=said, reason=adjustment.reason)
    )
    return replace(spec, params=params, basis=LegalBasis(text, spec.basis.from_year, spec.basis.to_year, spec.basis.verify))


def rules_for(kind: AwardKind, year: int, organizer_id: int | None) -> list[RuleSpec]:
    found = adjustments_of(organizer_id, year, kind.code)
    return [apply(spec, found.get((kind.code, spec.rule)), year) for spec in kind.rules_for(year)]


def quota_per_cluster(code: str, year: int, organizer_id: int | None) -> tuple[int | None, RuleSpec | None]:
    """The number of units a cluster may propose for `code` in `year` — the catalogue's
    `quota` rule as the organizer adjusted it for the year — with the rule (its basis says
    so when adjusted); (None, None) where the catalogue has no such quota."""
    kind = award_kinds_by_code().get(code)
    if kind is None:
        return None, None
    for spec in rules_for(kind, year, organizer_id):
        if spec.rule == "quota" and spec.param("per_cluster") is not None:
            return int(spec.param("per_cluster")), spec
    return None, None


def _asks(spec: RuleSpec) -> str:
    """What a rule asks, in words (its parameters as the catalogue or the adjustment set them)."""
    from .models import RATING_SHORT

    kinds = award_kinds_by_code()
    p = dict(spec.params)
    if spec.rule == "ratings":
        return _("{rating} {years} năm liên tục").format(rating=RATING_SHORT.get(p.get("rating", "excellent"), ""), years=p.get("years", 1))
    if spec.rule == "earlier_award":
        name = kinds[p["award"]].name if p.get("award") in kinds else p.get("award", "")
        if p.get("same_year"):
            return _("{name} cùng năm").format(name=name)
        return _("{name} trong {n} năm trước").format(name=name, n=p.get("within_years", 5))
    if spec.rule == "quota":
        if p.get("per_cluster") is not None:
            return _("{n} mỗi cụm").format(n=p["per_cluster"])
        return _("không quá {n}%").format(n=p.get("percent"))
    if spec.rule == "one_form":
        return _("không cùng {names}").format(names=", ".join(kinds[c].name for c in p.get("exclusive_with", ()) if c in kinds))
    return ""


def catalogue_rows(organizer: Organizer, year: int) -> list[dict]:
    """Every award kind with its legal basis for the year and every rule in force — what it
    asks, its article, whether the citation is to verify, the organizer's adjustment — for
    the organizer's page of the year's rules."""
    found = adjustments_of(organizer.pk, year)
    rows = []
    for kind in award_kinds_by_code().values():
        rules = []
        for spec in kind.rules_for(year):
            adjustment = found.get((kind.code, spec.rule))
            shown = apply(spec, adjustment, year)
            rules.append({"name": RULE_NAMES.get(spec.rule, spec.rule), "asks": _asks(shown), "basis": spec.basis.text,
                          "verify": spec.basis.verify, "adjustment": adjustment if shown is not spec else None})  # fmt: skip
        rows.append({"kind": kind, "basis": kind.basis_for(year), "rules": rules})
    return rows


def adjustable_rows(organizer: Organizer, year: int) -> list[dict]:
    """Every adjustable parameter of every kind in force for the year, with its default and
    the organizer's value (for the page)."""
    found = adjustments_of(organizer.pk, year)
    rows = []
    for kind in award_kinds_by_code().values():
        for spec in kind.rules_for(year):
            for name, (label, low, high) in ADJUSTABLE.get(spec.rule, {}).items():
                default = spec.param(name)
                if default is None:
                    continue
                adj = found.get((kind.code, spec.rule))
                rows.append({
                    "kind": kind, "rule": spec.rule, "param": name, "label": label, "default": default,
                    "value": adj.params.get(name) if adj else None, "reason": adj.reason if adj else "",
                    "key": f"{kind.code}.{spec.rule}.{name}", "low": low, "high": high, "basis": spec.basis.text,
                })  # fmt: skip
    return rows


def adjustment_set(*, actor, organizer: Organizer, year: int, award: str, rule: str, params: dict, reason: str) -> RuleAdjustment | None:
    """Set (or, with empty `params`, remove) the organizer's adjustment of a rule for a year."""
    require(actor, "awards.record_decision", organizer, _("Chỉ cán bộ của cơ quan tổ chức được điều chỉnh điều kiện khen thưởng."))
    kind = award_kinds_by_code().get(award)
    errors: dict[str, list] = {}
    spec = next((s for s in kind.rules_for(year) if s.rule == rule), None) if kind else None
    if spec is None:
        raise InvalidInput(_("Điều kiện không có trong danh mục năm {year}.").format(year=year), field="rule")
    allowed = ADJUSTABLE.get(rule, {})
    clean = {}
    for name, value in params.items():
        if name not in allowed or spec.param(name) is None:
            errors.setdefault("params", []).append(_("Tham số không điều chỉnh được: {name}.").format(name=name))
            continue
        label, low, high = allowed[name]
        if not isinstance(value, int) or not low <= value <= high:
            errors.setdefault("params", []).append(_("{label}: từ {low} đến {high}.").format(label=label, low=low, high=high))
            continue
        clean[name] = value
    if clean and not (reason or "").strip():
        errors["reason"] = [_("Cần nêu lý do điều chỉnh.")]
    raise_errors(errors)
    with transaction.atomic():
        row = RuleAdjustment.objects.select_for_update().filter(organizer=organizer, year=year, award=award, rule=rule).first()
        before = snapshot(row, exclude=("updated_at",)) if row else None
        if not clean:
            if row is None:
                return None
            row.delete()
            audit_record(actor=actor, action="rule_adjustment.remove", obj=organizer, before=before, organizer_id=organizer.pk)
            return None
        row = row or RuleAdjustment(organizer=organizer, year=year, award=award, rule=rule)
        row.params, row.reason, row.set_by = clean, reason.strip(), actor
        row.save()
        audit_record(
            actor=actor, action="rule_adjustment.set", obj=row, before=before, reason=row.reason,
            after=snapshot(row, exclude=("updated_at",)), organizer_id=organizer.pk,
        )  # fmt: skip
    return row

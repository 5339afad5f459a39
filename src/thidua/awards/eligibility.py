"""Eligibility that explains itself: for a unit, an award kind and a year evaluated, each
rule the catalogue (thidua.cycle.awards) requires in that year's legal period, checked
against the data — passed, failed, or unknown where data is missing (never silently
passed) — with what was found (`detail`) and the article it comes from (`basis`).

Lineage (domain rules §4): consecutive-year checks count the unit's own ratings and
awards; a successor counts a predecessor's years only where the organizer decided so
(`LineageCarryOver`), and every check that counts years says which policy applied.
A predecessor's year stands in only for a year before the successor existed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.cycle.awards import RULE_NAMES, AwardKind, RuleSpec, award_kinds_by_code
from thidua.cycle.models import Registration
from thidua.org.models import Unit
from thidua.voting.models import Proposal
from thidua.voting.selectors.chains import NOMINATION_AWARDS

from . import adjustments
from .models import RATING_ORDER, RATING_SHORT, Award, DisciplineRecord, LineageCarryOver, UnitRating

#: the nomination poll behind a proposal, by award kind (api-v1: flag → flag_ministry, merit → merit_minister)
POLL_AWARD = NOMINATION_AWARDS  # voting's: the award each nomination poll proposes for
AWARD_POLL = {v: k for k, v in POLL_AWARD.items()}



@dataclass
class Check:
    rule: str
    passed: bool | None
    detail: str
    basis: str
    verify: bool = False

    @property
    def name(self) -> str:
        return str(RULE_NAMES.get(self.rule, self.rule))

    def as_dict(self) -> dict:
        return {"rule": self.rule, "passed": self.passed, "detail": self.detail, "basis": self.basis}


@dataclass
class Eligibility:
    unit: Unit
    award: AwardKind
    year: int
    checks: list[Check] = field(default_factory=list)
    policy: str = "restart"  # or "carry_over"

    @property
    def eligible(self) -> bool | None:
        """False if a rule failed; None if none failed but one could not be checked; else True."""
        results = [c.passed for c in self.checks]
        if False in results:
            return False
        return None if None in results else True

    @property
    def failing(self) -> list[Check]:
        return [c for c in self.checks if c.passed is False]


def _years_text(years: list[int]) -> str:
    """2021, 2022, 2023 → "2021–2023"; gaps as commas: "2019, 2021–2022"."""
    years = sorted(years)
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def _basis(spec: RuleSpec) -> str:
    return spec.basis.text + (" " + _("(cần kiểm tra)") if spec.basis.verify else "")


class _Data:
    """What the checks of one unit read, loaded once: the unit's carried-over predecessors,
    their ratings, awards and discipline records (a constant number of queries)."""

    def __init__(self, unit: Unit):
        self.unit = unit
        carried = list(LineageCarryOver.objects.filter(successor=unit).select_related("predecessor"))
        self.carried = [c.predecessor for c in carried]
        self.carry_reasons = [c.reason for c in carried]
        ids = [unit.pk, *(u.pk for u in self.carried)]
        self.ratings: dict[tuple[int, int], str] = {(r.unit_id, r.year): r.rating for r in UnitRating.objects.filter(unit_id__in=ids)}
        self.awards = list(Award.objects.filter(unit_id__in=ids).select_related("decision", "unit"))
        self.discipline = list(DisciplineRecord.objects.filter(unit=unit))

    @property
    def policy(self) -> str:
        return "carry_over" if self.carried else "restart"

    def policy_text(self) -> str:
        if self.carried:
            names = ", ".join(u.name for u in self.carried)
            return _("kế thừa thành tích của đơn vị tiền thân ({names}) theo quyết định của cơ quan tổ chức: {reason}").format(
                names=names, reason="; ".join(self.carry_reasons)
            )
        return _("tính lại từ đầu cho đơn vị kế thừa (mặc định), không cộng các năm của đơn vị tiền thân")

    def existed(self, year: int) -> bool:
        return self.unit.existed_in_year(year)

    def rating_in(self, year: int) -> tuple[str | None, bool]:
        """(rating, whether the unit's own): its own if it existed; otherwise, carried over,
        the lowest of the carried predecessors' (any of them missing: None)."""
        own = self.ratings.get((self.unit.pk, year))
        if own is not None or self.existed(year) or not self.carried:
            return own, True
        found = [self.ratings.get((p.pk, year)) for p in self.carried if p.existed_in_year(year)]
        if not found or None in found:
            return None, False
        return min(found, key=lambda r: RATING_ORDER[r]), False

    def awards_of(self, code: str, years: range | list[int]) -> list[Award]:
        ids = {self.unit.pk} | ({u.pk for u in self.carried})
        return [a for a in self.awards if a.award == code and a.year in years and a.unit_id in ids]


def _check_ratings(spec: RuleSpec, data: _Data, year: int) -> Check:
    wanted, n = spec.param("rating", "excellent"), int(spec.param("years", 1))
    short = RATING_SHORT[wanted]
    years = list(range(year - n + 1, year + 1))
    met, missing, failed, before = [], [], [], []
    for y in years:
        rating, _own = data.rating_in(y)
        if rating is None and not data.existed(y) and not data.carried:
            before.append(y)  # the successor's count restarts: a year before it existed is not its own
        elif rating is None:
            missing.append(y)
        elif RATING_ORDER[rating] >= RATING_ORDER[wanted]:
            met.append(y)
        else:
            failed.append((y, rating))
    parts = [
        _("{short} năm {years}, {count} trên {need} năm cần").format(
            short=short, years=_years_text(met) if met else _("(không có)"), count=len(met), need=n
        )
        if n > 1
        else (_("{short} năm {year}").format(short=short, year=year) if met else "")
    ]
    parts += [_("năm {year}: {rating}").format(year=y, rating=RATING_SHORT[r]) for y, r in failed]
    if missing:
        parts.append(_("năm {years} chưa có dữ liệu").format(years=_years_text(missing)))
    if before:
        parts.append(_("năm {years} đơn vị chưa thành lập").format(years=_years_text(before)))
    if n > 1 or before or data.carried:
        parts.append(_("chính sách kế thừa: {policy}").format(policy=data.policy_text()))
    passed = False if (failed or before) else (None if missing else True)
    return Check("ratings", passed, "; ".join(p for p in parts if p), _basis(spec), spec.basis.verify)


def _check_earlier_award(spec: RuleSpec, data: _Data, year: int) -> Check:
    code = spec.param("award")
    kind = award_kinds_by_code().get(code)
    name = kind.name if kind else code
    if spec.param("same_year"):
        years, span = [year], str(year)
    else:
        n = int(spec.param("within_years", 5))
        years, span = list(range(year - n, year)), _years_text(list(range(year - n, year)))
    found = data.awards_of(code, years)
    valid = [a for a in found if not a.revoked]
    revoked = [a for a in found if a.revoked]
    if valid:
        a = valid[0]
        detail = _("{name} năm {year} (Quyết định số {number})").format(name=name, year=a.year, number=a.decision.number)
        if a.unit_id != data.unit.pk:
            detail += " — " + _("của đơn vị tiền thân {unit}").format(unit=a.unit.name)
        return Check("earlier_award", True, detail, _basis(spec), spec.basis.verify)
    detail = _("Không có {name} trong các năm {span} trong sổ khen thưởng").format(name=name, span=span)
    if revoked:
        detail += "; " + _("{n} khen thưởng đã bị hủy bỏ không được tính").format(n=len(revoked))
    detail += "; " + _("chính sách kế thừa: {policy}").format(policy=data.policy_text())
    return Check("earlier_award", False, detail, _basis(spec), spec.basis.verify)


def _check_cluster_vote(spec: RuleSpec, data: _Data, year: int) -> Check:
    kind = spec.param("poll")
    proposal = Proposal.objects.filter(unit=data.unit, cluster_year__year=year, kind=kind, poll__state="closed").first()
    if proposal is None:
        return Check(
            "cluster_vote",
            False,
            _("Không được cụm đề nghị qua cuộc biểu quyết đã kết thúc năm {year}").format(year=year),
            _basis(spec),
            spec.basis.verify,
        )
    # the cluster is not named: who may see the unit may not see its cluster
    detail = _("Được cụm thi đua đề nghị năm {year}: {votes} phiếu ({percent}%)").format(
        year=year, votes=proposal.votes, percent=proposal.percent
    )
    return Check("cluster_vote", True, detail, _basis(spec), spec.basis.verify)


def _check_registered(spec: RuleSpec, data: _Data, year: int, code: str) -> Check:
    registrations = list(Registration.objects.filter(unit=data.unit, cluster_year__year=year))
    if not registrations:
        return Check("registered", None, _("Chưa có đăng ký thi đua năm {year} trong hệ thống").format(year=year), _basis(spec))
    if any(code in (r.titles or []) for r in registrations):
        return Check("registered", True, _("Đã đăng ký năm {year}").format(year=year), _basis(spec))
    return Check("registered", False, _("Đăng ký thi đua năm {year} không có danh hiệu, hình thức này").format(year=year), _basis(spec))


def _check_no_discipline(spec: RuleSpec, data: _Data, year: int) -> Check:
    records = [d for d in data.discipline if d.year == year]
    if records:
        detail = "; ".join(f"{d.get_subject_display()}: {d.note}".rstrip(": ") for d in records)
        return Check(
            "no_discipline", False, _("Kỷ luật năm {year}: {detail}").format(year=year, detail=detail), _basis(spec), spec.basis.verify
        )
    return Check(
        "no_discipline", True, _("Không có kỷ luật nào được ghi nhận năm {year}").format(year=year), _basis(spec), spec.basis.verify
    )


def _check_exists(spec: RuleSpec, data: _Data, on: dt.date | None) -> Check:
    day = on or timezone.localdate()
    label = day.strftime("%d/%m/%Y")
    if data.unit.is_active_on(day):
        return Check("exists", True, _("Đơn vị còn tồn tại ngày {day}").format(day=label), _basis(spec), spec.basis.verify)
    if data.unit.valid_to and day > data.unit.valid_to:
        detail = _("Đơn vị đã giải thể, sáp nhập từ ngày {end}").format(end=data.unit.valid_to.strftime("%d/%m/%Y"))
    else:
        detail = _("Đơn vị chưa thành lập ngày {day}").format(day=label)
    return Check("exists", False, detail, _basis(spec), spec.basis.verify)


def _check_one_form(spec: RuleSpec, data: _Data, year: int, proposed_also: set[str]) -> Check:
    others = spec.param("exclusive_with", ())
    names = award_kinds_by_code()
    clash = [a for a in data.awards if a.unit_id == data.unit.pk and a.year == year and a.award in others and not a.revoked]
    if clash:
        detail = _("Đã được tặng {name} năm {year} (Quyết định số {number})").format(
            name=names[clash[0].award].name, year=year, number=clash[0].decision.number
        )
        return Check("one_form", False, detail, _basis(spec), spec.basis.verify)
    proposed = set(proposed_also)
    if spec.param("proposals"):
        kinds = [AWARD_POLL[o] for o in others if o in AWARD_POLL]
        if kinds and Proposal.objects.filter(unit=data.unit, cluster_year__year=year, kind__in=kinds, poll__state="closed").exists():
            proposed |= {POLL_AWARD[k] for k in kinds}
        proposed &= set(others)
    else:
        proposed = set()
    if proposed:
        detail = _("Cũng được đề nghị {name} cho cùng thành tích năm {year}").format(name=names[sorted(proposed)[0]].name, year=year)
        return Check("one_form", False, detail, _basis(spec), spec.basis.verify)
    return Check(
        "one_form", True, _("Không có hình thức khác cho cùng thành tích năm {year}").format(year=year), _basis(spec), spec.basis.verify
    )


def check(
    unit: Unit, award: AwardKind | str, year: int, *, decision_date: dt.date | None = None, proposed_also=(), organizer_id=None
) -> Eligibility:
    """Every rule of `award` in force for `year`, checked for `unit`. `decision_date`: the
    day the decision is (to be) signed, for the existence rule (today by default);
    `proposed_also`: other award codes the same decision or dossier names the unit for;
    `organizer_id`: whose per-year adjustments of the parameters apply (default: the
    organizer whose cluster the unit was in that year)."""
    kind = award_kinds_by_code()[award] if isinstance(award, str) else award
    data = _Data(unit)
    result = Eligibility(unit=unit, award=kind, year=year, policy=data.policy)
    if organizer_id is None:
        organizer_id = adjustments.organizer_of(unit, year)
    for spec in adjustments.rules_for(kind, year, organizer_id):
        if spec.rule == "ratings":
            result.checks.append(_check_ratings(spec, data, year))
        elif spec.rule == "earlier_award":
            result.checks.append(_check_earlier_award(spec, data, year))
        elif spec.rule == "cluster_vote":
            result.checks.append(_check_cluster_vote(spec, data, year))
        elif spec.rule == "registered":
            result.checks.append(_check_registered(spec, data, year, kind.code))
        elif spec.rule == "no_discipline":
            result.checks.append(_check_no_discipline(spec, data, year))
        elif spec.rule == "exists":
            result.checks.append(_check_exists(spec, data, decision_date))
        elif spec.rule == "one_form":
            result.checks.append(_check_one_form(spec, data, year, set(proposed_also)))
        # "quota" caps a cluster's proposals: checked on the dossier, not for one unit
    return result


def as_dict(result: Eligibility) -> dict:
    """The contract's shape (api-v1 "Awards": eligibility)."""
    return {
        "unit": result.unit.pk,
        "award": result.award.code,
        "year": result.year,
        "eligible": result.eligible,
        "policy": result.policy,
        "checks": [c.as_dict() for c in result.checks],
    }

"""The catalogue of awards a member unit can register for (cycle/data/award_kinds.yaml):
collective titles and commendations, each with a stable code, its Vietnamese name, its
category, level and issuer, the legal basis in force for the years evaluated, and the
rules it requires in each legal period (checked by thidua.awards.eligibility). Data, not code: a new
award or a new law is a change of the YAML file."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import gettext_lazy

DATA_FILE = Path(__file__).resolve().parent / "data" / "award_kinds.yaml"
CATEGORIES = ("title", "commendation")


@dataclass(frozen=True)
class LegalBasis:
    text: str
    from_year: int | None = None
    to_year: int | None = None
    verify: bool = False

    def applies_to(self, year: int) -> bool:
        return (self.from_year is None or self.from_year <= year) and (self.to_year is None or year <= self.to_year)


@dataclass(frozen=True)
class RuleSpec:
    """One requirement of an award kind in a legal period (thidua.awards.eligibility checks
    it): its kind (`rule`), its parameters, and the article it comes from."""

    rule: str
    params: tuple[tuple[str, object], ...]
    basis: LegalBasis

    def param(self, name: str, default=None):
        return dict(self.params).get(name, default)

    def applies_to(self, year: int) -> bool:
        return self.basis.applies_to(year)


RULE_KINDS = ("cluster_vote", "ratings", "earlier_award", "registered", "no_discipline", "exists", "one_form", "quota")
#: what each rule kind is called on the pages (eligibility checks, the catalogue page)
RULE_NAMES = {
    "cluster_vote": gettext_lazy("Được cụm thi đua bình xét, suy tôn"),
    "ratings": gettext_lazy("Mức độ hoàn thành nhiệm vụ"),
    "earlier_award": gettext_lazy("Khen thưởng trước đó"),
    "registered": gettext_lazy("Đăng ký thi đua"),
    "no_discipline": gettext_lazy("Không bị kỷ luật"),
    "exists": gettext_lazy("Đơn vị còn tồn tại vào ngày quyết định"),
    "one_form": gettext_lazy("Một thành tích, một hình thức khen thưởng"),
    "quota": gettext_lazy("Chỉ tiêu khen thưởng của năm"),
}


@dataclass(frozen=True)
class AwardKind:
    code: str
    name: str
    category: str  # "title" (danh hiệu) or "commendation" (hình thức khen thưởng)
    legal_basis: tuple[LegalBasis, ...]
    level: str = ""
    issuer: str = ""
    rules: tuple[RuleSpec, ...] = ()

    def basis_for(self, year: int) -> LegalBasis | None:
        return next((b for b in self.legal_basis if b.applies_to(year)), None)

    def rules_for(self, year: int) -> tuple[RuleSpec, ...]:
        """The requirements in force for the year evaluated, in the catalogue's order."""
        return tuple(r for r in self.rules if r.applies_to(year))

    @property
    def category_label(self) -> str:
        return "Danh hiệu thi đua" if self.category == "title" else "Hình thức khen thưởng"


@cache
def award_kinds() -> tuple[AwardKind, ...]:
    kinds = []
    for item in yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")):
        if item["category"] not in CATEGORIES:
            raise ValueError(f"{DATA_FILE}: unknown category {item['category']!r} of {item['code']!r}")
        basis = tuple(LegalBasis(**b) for b in item.get("legal_basis", []))
        kinds.append(
            AwardKind(
                code=item["code"],
                name=item["name"],
                category=item["category"],
                legal_basis=basis,
                level=item.get("level", ""),
                issuer=item.get("issuer", ""),
                rules=tuple(_rule(item["code"], r) for r in item.get("rules", [])),
            )
        )
    codes = [k.code for k in kinds]
    if len(codes) != len(set(codes)):
        raise ValueError(f"{DATA_FILE}: duplicate codes")
    return tuple(kinds)


def _rule(code: str, item: dict) -> RuleSpec:
    item = dict(item)
    rule = item.pop("rule")
    if rule not in RULE_KINDS:
        raise ValueError(f"{DATA_FILE}: unknown rule {rule!r} of {code!r}")
    basis = LegalBasis(
        text=item.pop("text"), from_year=item.pop("from_year", None), to_year=item.pop("to_year", None), verify=item.pop("verify", False)
    )
    params = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in item.items()))
    return RuleSpec(rule=rule, params=params, basis=basis)


def award_kinds_by_code() -> dict[str, AwardKind]:
    return {k.code: k for k in award_kinds()}


def award_choices() -> list[tuple[str, str]]:
    return [(k.code, k.name) for k in award_kinds()]

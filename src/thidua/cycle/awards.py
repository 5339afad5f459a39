"""The catalogue of awards a member unit can register for (cycle/data/award_kinds.yaml):
collective titles and commendations, each with a stable code, its Vietnamese name, its
category and the legal basis in force for the years evaluated. Data, not code: a new
award or a new law is a change of the YAML file."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

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
class AwardKind:
    code: str
    name: str
    category: str  # "title" (danh hiệu) or "commendation" (hình thức khen thưởng)
    legal_basis: tuple[LegalBasis, ...]

    def basis_for(self, year: int) -> LegalBasis | None:
        return next((b for b in self.legal_basis if b.applies_to(year)), None)

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
        kinds.append(AwardKind(code=item["code"], name=item["name"], category=item["category"], legal_basis=basis))
    codes = [k.code for k in kinds]
    if len(codes) != len(set(codes)):
        raise ValueError(f"{DATA_FILE}: duplicate codes")
    return tuple(kinds)


def award_kinds_by_code() -> dict[str, AwardKind]:
    return {k.code: k for k in award_kinds()}


def award_choices() -> list[tuple[str, str]]:
    return [(k.code, k.name) for k in award_kinds()]

"""The achievement report's template per legal period (awards/data/report_templates.yaml)
and its sections prefilled from the unit's year: its registration, its scores and rank, the
cluster's vote, its ratings and its earlier awards. The unit then writes the rest."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from thidua.org.models import ClusterYear, Unit

from .models import RATING_SHORT, UnitRating

DATA_FILE = Path(__file__).resolve().parent / "data" / "report_templates.yaml"
BLANK = "……"


@dataclass(frozen=True)
class ReportTemplate:
    key: str
    form: str
    sections: tuple[tuple[str, str], ...]  # (title, prefill key)
    from_year: int | None = None
    to_year: int | None = None
    verify: bool = False

    def applies_to(self, year: int) -> bool:
        return (self.from_year is None or year >= self.from_year) and (self.to_year is None or year <= self.to_year)


@cache
def templates() -> tuple[ReportTemplate, ...]:
    out = []
    for item in yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")):
        out.append(ReportTemplate(
            key=item["key"], form=item["form"], from_year=item.get("from_year"), to_year=item.get("to_year"),
            verify=bool(item.get("verify")), sections=tuple((s["title"], s.get("prefill") or "") for s in item["sections"]),
        ))  # fmt: skip
    return tuple(out)


def template_for(year: int) -> ReportTemplate:
    """The form in force for the year evaluated (the newest one past the data's end)."""
    found = [t for t in templates() if t.applies_to(year)]
    return found[0] if found else templates()[-1]


def _pct(value) -> str:
    return f"{float(value):.2f}".replace(".", ",")


class YearFacts:
    """What the prefill reads of a year, once for all its proposed units."""

    def __init__(self, cluster_year: ClusterYear, proposals: list[dict]):
        from thidua.cycle.models import Registration
        from thidua.scoring.selectors.ranking import ranking

        self.cluster_year = cluster_year
        self.proposals = proposals
        ids = [p["unit"] for p in proposals]
        self.registrations = {r.unit_id: r for r in Registration.objects.filter(cluster_year=cluster_year, unit_id__in=ids)}
        try:
            result = ranking(cluster_year)
            self.lines = {ln.unit.pk: ln for ln in result.lines if ln.rank is not None}
            self.ranked = len(result.ranked)
        except Exception:
            self.lines, self.ranked = {}, 0
        year = cluster_year.year
        self.ratings: dict[int, dict[int, str]] = {}
        for r in UnitRating.objects.filter(unit_id__in=ids, year__gte=year - 4, year__lte=year):
            self.ratings.setdefault(r.unit_id, {})[r.year] = r.rating

    def sections(self, template: ReportTemplate, unit: Unit) -> list[dict]:
        return [{"title": title, "text": self.prefill(key, unit)} for title, key in template.sections]

    def prefill(self, key: str, unit: Unit) -> str:
        from thidua.cycle.awards import award_choices, award_kinds_by_code

        cy = self.cluster_year
        year, cluster = cy.year, cy.cluster.name
        if key == "intro":
            return f"{unit.name}: chức năng, nhiệm vụ, cơ cấu tổ chức, biên chế, cơ sở vật chất; đặc điểm tình hình năm {year}. {BLANK}"
        if key == "registration":
            reg = self.registrations.get(unit.pk)
            if reg is None or not reg.titles:
                return f"Đơn vị chưa đăng ký thi đua năm {year} trên ThiDua. {BLANK}"
            labels = dict(award_choices())
            text = f"Đơn vị đăng ký: {'; '.join(labels.get(t, str(t)) for t in reg.titles)}."
            commitments = " ".join((reg.commitments or "").split())
            return text + (f" Cam kết: {commitments}" if commitments else "")
        if key == "results":
            line = self.lines.get(unit.pk)
            parts = []
            if line is not None:
                total = f"{float(line.total):.2f}".rstrip("0").rstrip(".").replace(".", ",") if line.total is not None else BLANK
                parts.append(f"Tổng điểm chấm chéo {total}, xếp thứ {line.rank}/{self.ranked} đơn vị của {cluster}.")
            else:
                parts.append(f"Chưa có kết quả chấm điểm, xếp hạng năm {year} trên ThiDua.")
            kinds = award_kinds_by_code()
            for p in self.proposals:
                if p["unit"] == unit.pk:
                    name = kinds[p["award"]].name if p["award"] in kinds else p["award"]
                    parts.append(f"Được {cluster} bình xét, suy tôn đề nghị tặng {name} với {p['votes']} phiếu ({_pct(p['percent'])}%).")
            rated = self.ratings.get(unit.pk, {})
            if rated:
                parts.append("Mức độ hoàn thành nhiệm vụ: " + "; ".join(
                    f"năm {y}: {RATING_SHORT.get(r, r)}" for y, r in sorted(rated.items())) + ".")  # fmt: skip
            else:
                parts.append(f"Chưa có xếp loại mức độ hoàn thành nhiệm vụ trên ThiDua. {BLANK}")
            return " ".join(parts)
        if key == "awards":
            from .presenters import award_name
            from .selectors import unit_awards

            lines = [ln for ln in unit_awards(unit, include_predecessors=True) if not ln.award.revoked and ln.award.year < year]
            if not lines:
                return f"Chưa có khen thưởng nào trong sổ khen thưởng của ThiDua. {BLANK}"
            return "\n".join(
                f"- Năm {ln.award.year}: {award_name(ln.award.award)}, Quyết định số {ln.award.decision.number} ngày "
                f"{ln.award.decision.date:%d/%m/%Y} của {ln.award.decision.organizer.name}"
                + (f" (khi là {ln.unit.name})" if ln.via_predecessor else "")
                for ln in lines[:10]
            )
        return BLANK

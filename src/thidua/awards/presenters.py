"""Shaping awards for pages."""

from __future__ import annotations

from thidua.cycle.awards import award_kinds_by_code
from thidua.org.models import Unit

from .selectors import unit_awards


def award_name(code: str) -> str:
    kind = award_kinds_by_code().get(code)
    return kind.name if kind else code


def unit_awards_context(user, unit: Unit) -> dict:
    """The context of awards/_unit_awards.html on the unit page (org.panels): the unit's
    awards and, through lineage, its predecessors' ("khi là Sở Ngoại vụ tỉnh …")."""
    lines = unit_awards(unit, include_predecessors=True)
    return {
        "unit": unit,
        "award_lines": [
            {
                "name": award_name(line.award.award),
                "year": line.award.year,
                "decision": line.award.decision,
                "via": line.unit if line.via_predecessor else None,
                "award": line.award,
            }
            for line in lines
        ],
    }

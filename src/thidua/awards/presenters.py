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
    awards and, through lineage, its predecessors' ("khi là Sở Ngoại vụ tỉnh …"); the lineage
policy for each predecessor and, for the organizer's officers, the form to change it."""
    from thidua.core.permissions import can
    from thidua.org.selectors import unit_all_predecessors

    from .models import LineageCarryOver

    predecessors = unit_all_predecessors(unit)
    lines = unit_awards(unit, include_predecessors=True, lineage=predecessors)
    carried = {c.predecessor_id: c for c in LineageCarryOver.objects.filter(successor=unit)}
    return {
        "unit": unit,
        # the lineage policy of consecutive-year checks: restart by default, or carried over
        "lineage": [{"unit": p, "carried": carried.get(p.pk)} for p in predecessors],
        "may_carry_over": bool(predecessors) and can(user, "awards.carry_over", unit),
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


def poll_candidates_context(user, cluster_year, poll_kind: str, units: list[Unit]) -> dict | None:
    """The context of awards/_poll_candidates.html on voting's poll preparation (registered
    through voting.candidate_panels): for each candidate its total and rank, its eligibility
    for the poll's award — without the cluster vote, which is the poll itself — and a
    warning when it did not register for that award."""
    from thidua.scoring.selectors import ranking

    from . import eligibility

    code = eligibility.POLL_AWARD.get(poll_kind)
    if code is None or not units:
        return None
    lines = {line.unit.pk: line for line in ranking(cluster_year).lines}
    rows = []
    for unit in units:
        result = eligibility.check(unit, code, cluster_year.year)
        result.checks = [c for c in result.checks if c.rule != "cluster_vote"]
        registered = next((c for c in result.checks if c.rule == "registered"), None)
        line = lines.get(unit.pk)
        rows.append({
            "unit": unit, "total": line.total if line else None, "rank": line.rank if line else None, "result": result,
            "not_registered": registered is not None and registered.passed is not True,
        })  # fmt: skip
    return {"award_name": award_name(code), "rows": rows, "year": cluster_year.year}


def cluster_awards_context(user, cluster) -> dict:
    """The context of awards/_cluster_awards.html on the cluster page (org.panels): each
    year's awards of that year's members, newest year first (revoked ones marked, as the
    registry keeps them for a signed-in person)."""
    from thidua.org.models import Membership

    from . import registry

    members = set(Membership.objects.filter(cluster_year__cluster=cluster).values_list("cluster_year__year", "unit_id"))
    years = sorted({y for y, _u in members}, reverse=True)
    found = registry.search(user).filter(unit_id__in={u for _y, u in members}, year__in=years)
    by_year: dict[int, list[dict]] = {}
    for a in found:
        if (a.year, a.unit_id) in members:
            by_year.setdefault(a.year, []).append({"award": a, "name": award_name(a.award)})
    return {"cluster": cluster, "years": [{"year": y, "lines": by_year[y]} for y in years if y in by_year]}

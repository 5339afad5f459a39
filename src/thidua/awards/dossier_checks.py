"""Reads of the proposal dossier: the year's closed nomination polls as proposals, each
proposal's eligibility, and the blocking checks before submission (a failing eligibility
rule, a missing or unconfirmed achievement report), each with its reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.cycle.awards import award_kinds_by_code
from thidua.org.models import ClusterYear

from . import eligibility
from .eligibility import POLL_AWARD
from .models import AchievementReport, Dossier


def closed_proposals(cluster_year: ClusterYear) -> list[dict]:
    """The year's proposals from its closed nomination polls (voting's selector), as the
    dossier keeps them: flag → flag_ministry, merit → merit_minister."""
    from thidua.voting.selectors import proposals_of

    return [
        {"unit": p.unit_id, "unit_name": p.unit.name, "award": POLL_AWARD[p.kind], "poll": p.poll_id, "votes": p.votes,
         "percent": str(p.percent)}
        for p in proposals_of(cluster_year) if p.poll.state == "closed"
    ]  # fmt: skip


@dataclass(frozen=True)
class DossierCheck:
    unit: int
    unit_name: str
    award: str
    kind: str  # "eligibility" | "report" | "quota"
    blocking: bool  # False: shown as a warning (data missing: unknown)
    reason: str


def check_day(dossier: Dossier, on: dt.date | None = None) -> dt.date:
    """The day the existence rule is checked on: `on` if given (the demo's replay clock),
    the day it was sent once it is no longer editable (what the organizer received), else today."""
    if on is not None:
        return on
    if not dossier.editable and dossier.submitted_at is not None:
        return timezone.localdate(dossier.submitted_at)
    return timezone.localdate()


def proposal_eligibility(dossier: Dossier, on: dt.date | None = None) -> list[tuple[dict, eligibility.Eligibility]]:
    from thidua.org.models import Unit

    day = check_day(dossier, on)
    units = Unit.objects.in_bulk([p["unit"] for p in dossier.proposals])
    by_unit: dict[int, set[str]] = {}
    for p in dossier.proposals:
        by_unit.setdefault(p["unit"], set()).add(p["award"])
    year = dossier.cluster_year.year
    return [
        (p, eligibility.check(units[p["unit"]], p["award"], year, decision_date=day, proposed_also=by_unit[p["unit"]] - {p["award"]}))
        for p in dossier.proposals if p["unit"] in units
    ]  # fmt: skip


def dossier_checks(dossier: Dossier, reports: list[AchievementReport] | None = None, results=None, on=None) -> list[DossierCheck]:
    """Every check of the dossier: blocking (a failing rule, a report not confirmed) and
    warnings (a rule whose data is missing)."""
    kinds = award_kinds_by_code()
    checks: list[DossierCheck] = []
    for p, result in results if results is not None else proposal_eligibility(dossier, on):
        award = kinds[p["award"]].name if p["award"] in kinds else p["award"]
        for c in result.checks:
            if c.passed is True:
                continue
            text = f"{p['unit_name']} — {award}: {c.name}: {c.detail}"
            checks.append(DossierCheck(p["unit"], p["unit_name"], p["award"], "eligibility", c.passed is False, text))
    checks += quota_checks(dossier)
    reports = list(dossier.reports.select_related("unit")) if reports is None else reports
    by_unit = {r.unit_id: r for r in reports}
    seen = set()
    for p in dossier.proposals:
        if p["unit"] in seen:
            continue
        seen.add(p["unit"])
        report = by_unit.get(p["unit"])
        if report is None or report.state == AchievementReport.State.MISSING:
            reason = _("{unit}: chưa viết báo cáo thành tích.").format(unit=p["unit_name"])
        elif report.state == AchievementReport.State.DRAFT:
            reason = _("{unit}: báo cáo thành tích chưa được thủ trưởng đơn vị xác nhận.").format(unit=p["unit_name"])
        else:
            continue
        checks.append(DossierCheck(p["unit"], p["unit_name"], p["award"], "report", True, reason))
    return checks


def quota_checks(dossier: Dossier) -> list[DossierCheck]:
    """A blocking check per award the cluster proposes more units for than its quota for
    the year (the catalogue's `quota` rule as the organizer adjusted it), naming the unit
    with the fewest votes, beyond the quota, and citing the rule's basis."""
    from .adjustments import quota_per_cluster

    cluster_year = dossier.cluster_year
    kinds = award_kinds_by_code()
    by_award: dict[str, list[dict]] = {}
    for p in dossier.proposals:
        by_award.setdefault(p["award"], []).append(p)
    checks = []
    for code, proposals in by_award.items():
        quota, spec = quota_per_cluster(code, cluster_year.year, cluster_year.cluster.organizer_id)
        if quota is None or len(proposals) <= quota:
            continue
        last = min(proposals, key=lambda p: (p["votes"], p["unit_name"]))
        reason = _("Cụm đề nghị {count} đơn vị tặng {award}, vượt số lượng {quota} mỗi cụm năm {year} — {basis}").format(
            count=len(proposals), award=kinds[code].name if code in kinds else code, quota=quota, year=cluster_year.year,
            basis=spec.basis.text,
        )  # fmt: skip
        checks.append(DossierCheck(last["unit"], last["unit_name"], code, "quota", True, reason))
    return checks


def blocking(checks: list[DossierCheck]) -> list[DossierCheck]:
    return [c for c in checks if c.blocking]

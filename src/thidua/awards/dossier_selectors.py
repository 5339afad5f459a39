"""Reads of the proposal dossier for the pages and the API: one dossier with its reports,
checks, documents and history; a report of one proposed unit (404 outside the dossier);
the organizer's inbox of a year with the national table of proposals against the quotas."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from thidua.core.errors import NotFound
from thidua.cycle.awards import award_kinds_by_code
from thidua.org.models import ClusterYear

from .dossier_checks import DossierCheck, blocking, dossier_checks, proposal_eligibility
from .dossier_documents import Entry, dossier_documents
from .models import AchievementReport, Dossier, DossierEvent


@dataclass
class DossierView:
    dossier: Dossier
    reports: list[AchievementReport]
    results: list  # [(proposal dict, Eligibility)]
    checks: list[DossierCheck]
    documents: list[Entry]
    events: list[DossierEvent] = field(default_factory=list)

    @property
    def blocking(self) -> list[DossierCheck]:
        return blocking(self.checks)

    @property
    def warnings(self) -> list[DossierCheck]:
        return [c for c in self.checks if not c.blocking]


def dossier_or_none(cluster_year: ClusterYear) -> Dossier | None:
    return Dossier.objects.select_related("cluster_year__cluster__organizer").filter(cluster_year=cluster_year).first()


def dossier_or_404(cluster_year: ClusterYear) -> Dossier:
    dossier = dossier_or_none(cluster_year)
    if dossier is None:
        raise NotFound(_("Chưa lập hồ sơ đề nghị khen thưởng của {cluster} năm {year}.").format(
            cluster=cluster_year.cluster.name, year=cluster_year.year))  # fmt: skip
    return dossier


def dossier_view(dossier: Dossier, *, documents: bool = True) -> DossierView:
    reports = list(dossier.reports.select_related("unit", "written_by", "confirmed_by"))
    results = proposal_eligibility(dossier)
    checks = dossier_checks(dossier, reports, results)
    events = list(dossier.events.select_related("actor"))
    return DossierView(dossier, reports, results, checks, dossier_documents(dossier) if documents else [], events)


def report_or_404(dossier: Dossier, unit_id: int) -> AchievementReport:
    rows = AchievementReport.objects.select_related("unit", "dossier__cluster_year__cluster")
    report = rows.filter(dossier=dossier, unit_id=unit_id).first()
    if report is None:
        raise NotFound(_("Đơn vị không có trong hồ sơ đề nghị khen thưởng."))
    return report


# --- the organizer's inbox -----------------------------------------------------------------------
def quota_of(code: str, year: int, organizer_id: int | None = None) -> int | None:
    """The quota of a kind per cluster for the year, as the organizer adjusted the
    catalogue's (None: no quota data)."""
    from .adjustments import quota_per_cluster

    return quota_per_cluster(code, year, organizer_id)[0]


@dataclass
class InboxLine:
    cluster_year: ClusterYear
    dossier: Dossier | None
    view: DossierView | None

    @property
    def proposals(self) -> list[dict]:
        """The dossier's proposals shaped for the page: the award's name, the share as 85,71."""
        from .presenters import award_name

        return [{**p, "award_name": award_name(p["award"]), "percent_text": f"{float(p['percent']):.2f}".replace(".", ",")}
                for p in (self.dossier.proposals if self.dossier else [])]  # fmt: skip


def inbox(organizer_id: int, year: int) -> tuple[list[InboxLine], list[dict]]:
    """Every cluster of the organizer in the year with its dossier (or none yet), and the
    national table: per award, the proposals of the dossiers sent (submitted, accepted,
    decided) and of all dossiers, against the year's quota (per cluster × clusters)."""
    years = list(
        ClusterYear.objects.filter(cluster__organizer_id=organizer_id, year=year).select_related("cluster__organizer")
        .order_by("cluster__name", "pk")
    )  # fmt: skip
    dossiers = {d.cluster_year_id: d for d in Dossier.objects.filter(cluster_year__in=years)}
    lines = []
    for cy in years:
        d = dossiers.get(cy.pk)
        if d is not None:
            d.cluster_year = cy
        lines.append(InboxLine(cy, d, dossier_view(d, documents=False) if d is not None else None))
    kinds = award_kinds_by_code()
    sent_states = {Dossier.State.SUBMITTED, Dossier.State.ACCEPTED, Dossier.State.DECIDED}
    table = []
    for code in ("flag_ministry", "merit_minister"):
        per_cluster = quota_of(code, year, organizer_id)
        units = [(line.dossier, p) for line in lines if line.dossier for p in line.dossier.proposals if p["award"] == code]
        table.append({
            "award": code, "name": kinds[code].name if code in kinds else code,
            "proposed": len(units), "sent": sum(1 for d, _p in units if d.state in sent_states),
            "quota": per_cluster * len(years) if per_cluster is not None else None, "per_cluster": per_cluster,
            "over": [line.cluster_year.cluster.name for line in lines if line.dossier and per_cluster is not None
                     and sum(1 for p in line.dossier.proposals if p["award"] == code) > per_cluster],
        })  # fmt: skip
    return lines, table


def inbox_year(organizer_id: int) -> int:
    """The newest year with a dossier among the organizer's clusters, else its newest year."""
    from django.utils import timezone

    with_dossier = Dossier.objects.filter(cluster_year__cluster__organizer_id=organizer_id).order_by("-cluster_year__year").first()
    if with_dossier is not None:
        return ClusterYear.objects.get(pk=with_dossier.cluster_year_id).year
    newest = ClusterYear.objects.filter(cluster__organizer_id=organizer_id).order_by("-year").values_list("year", flat=True).first()
    return newest or timezone.localdate().year

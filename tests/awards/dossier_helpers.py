"""A cluster-year in the `proposals` phase with closed nomination polls: the member unit
proposed for the Flag, the deputy for a Certificate of Merit (tests/awards/helpers.proposal:
rows made directly), and the steps of the dossier through the services."""

from thidua.awards import dossier_services as svc
from thidua.awards.models import AchievementReport, Dossier
from thidua.org.models import ClusterYear, Phase
from thidua.voting.models import Proposal

from .helpers import proposal


def in_proposals(w, *, proposals=True):
    ClusterYear.objects.filter(pk=w.cluster_year.pk).update(phase=Phase.PROPOSALS)
    w.cluster_year.refresh_from_db()
    if proposals and not Proposal.objects.filter(cluster_year=w.cluster_year).exists():  # idempotent (matrix coverage runs every setup)
        proposal(w.cluster_year, w.member_unit, "flag", votes=3, percent="100.00")
        proposal(w.cluster_year, w.deputy_unit, "merit", votes=2, percent="66.67")
    return w.cluster_year


def built(w):
    in_proposals(w)
    existing = Dossier.objects.filter(cluster_year=w.cluster_year).first()
    if existing is not None:
        return existing
    return svc.dossier_build(actor=w.leader_officer, cluster_year=w.cluster_year)


def report_of(w, unit):
    return AchievementReport.objects.get(dossier__cluster_year=w.cluster_year, unit=unit)


def deputy_head(w):
    from tests.factories import UserFactory
    from thidua.org.models import User

    return User.objects.filter(unit=w.deputy_unit, is_unit_head=True).first() or UserFactory(
        username="deputy_head", unit=w.deputy_unit, is_unit_head=True
    )


def confirmed(w):
    """Built, both reports written and confirmed: ready to submit."""
    dossier = built(w)
    if dossier.state != Dossier.State.DRAFT or not dossier.reports.exclude(state="confirmed").exists():
        return dossier
    for unit, officer, head in ((w.member_unit, w.member_officer, w.member_head), (w.deputy_unit, w.deputy_officer, deputy_head(w))):
        report = report_of(w, unit)
        svc.report_write(actor=officer, report=report, sections=[*report.sections, {"title": "Bổ sung", "text": "Nội dung"}])
        svc.report_confirm(actor=head, report=report_of(w, unit))
    return dossier


def submitted(w):
    dossier = confirmed(w)
    if dossier.state != Dossier.State.DRAFT:
        return dossier
    return svc.dossier_submit(actor=w.leader_officer, cluster_year=w.cluster_year)

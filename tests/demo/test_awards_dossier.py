"""The demo's award loop: Cụm thi đua số II's 2017 dossier built from its closed polls,
its reports confirmed, submitted, accepted and decided by the illustrative decision; Cụm
thi đua số 3's 2025 dossier submitted, awaiting the Ministry."""

import pytest

from thidua.awards.models import Award, Decision, Dossier
from thidua.org.models import ClusterYear

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


@pytest.fixture
def demo(demo_loaded, settings):
    settings.DEBUG = True


def test_the_2017_loop(demo):
    cy = ClusterYear.objects.get(cluster__number="II", year=2017)
    dossier = Dossier.objects.get(cluster_year=cy)
    assert dossier.state == "decided"
    assert list(dossier.events.values_list("action", flat=True)) == ["build", "submit", "accept", "decide"]
    assert {r.state for r in dossier.reports.all()} == {"confirmed"} and dossier.reports.count() == 4
    proposed = {(p["unit_name"], p["award"]) for p in dossier.proposals}
    decision = Decision.objects.get(year=2017, illustrative=True)
    assert "MINH HỌA" in decision.note
    awarded = {(a.unit.name, a.award) for a in Award.objects.filter(decision=decision).select_related("unit")}
    assert proposed == awarded == {
        ("Sở Ngoại vụ tỉnh Yên Bái", "flag_ministry"), ("Sở Ngoại vụ tỉnh Bắc Giang", "flag_ministry"),
        ("Sở Ngoại vụ tỉnh Hòa Bình", "merit_minister"), ("Sở Ngoại vụ tỉnh Bắc Ninh", "merit_minister"),
    }  # fmt: skip
    assert cy.phase == "closed"
    assert all(e.at.year == 2017 for e in dossier.events.all())
    # two Flags for one cluster: over the catalogue's quota of one, as the Ministry allowed that year (its adjustment says so)
    from thidua.awards.dossier_checks import quota_checks
    from thidua.awards.models import RuleAdjustment

    allowed = RuleAdjustment.objects.get(year=2017, award="flag_ministry", rule="quota")
    assert allowed.params == {"per_cluster": 2} and "theo tư liệu" in allowed.reason.lower()
    assert quota_checks(dossier) == []


def test_the_2025_dossier_awaits_the_ministry(demo):
    cy = ClusterYear.objects.get(cluster__number="3", year=2025)
    dossier = Dossier.objects.get(cluster_year=cy)
    assert (cy.phase, dossier.state) == ("proposals", "submitted")
    assert {r.state for r in dossier.reports.all()} == {"confirmed"}
    # dated after its conference of 26/12/2025, not on the day the demo was loaded
    assert {e.at.date().isoformat() for e in dossier.events.all()} == {"2025-12-30"}
    assert dossier.submitted_at.year == 2025 and {r.confirmed_at.year for r in dossier.reports.all()} == {2025}


def test_loading_again_changes_nothing(demo):
    import io

    from django.core.management import call_command

    before = (Dossier.objects.count(), Decision.objects.count(), Award.objects.count())
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert (Dossier.objects.count(), Decision.objects.count(), Award.objects.count()) == before
    assert "already" in out.getvalue()


def test_the_2017_dossier_carries_the_summary_report_the_conference_adopted(demo):
    """The dossier lists the adopted version of the year's summary report (thidua.reports),
    and its link opens that version; a year without an adopted report lists none."""
    from thidua.awards.dossier_documents import dossier_documents
    from thidua.reports.models import ReportVersion

    cy = ClusterYear.objects.get(cluster__number="II", year=2017)
    adopted = ReportVersion.objects.get(report__cluster_year=cy, state="adopted")
    entries = [e for e in dossier_documents(Dossier.objects.get(cluster_year=cy)) if e.kind == "bao-cao-tong-ket"]
    assert len(entries) == 1 and entries[0].pdf.endswith(f"/lan-{adopted.number}/pdf/")
    cy3 = ClusterYear.objects.get(cluster__number="3", year=2025)
    assert not [e for e in dossier_documents(Dossier.objects.get(cluster_year=cy3)) if e.kind == "bao-cao-tong-ket"]

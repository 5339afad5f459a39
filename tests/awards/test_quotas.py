"""The year's quotas (the catalogue's `quota` rule, adjustable per year by the organizer) are
checked, not only stored: a dossier proposing more units for an award than its cluster's
quota is blocked with the reason and the article; the inbox's national table counts against
the quota as the organizer adjusted it."""

import datetime as dt

import pytest
from django.urls import reverse

from thidua.awards import dossier_services as svc
from thidua.awards.adjustments import adjustment_set
from thidua.awards.dossier_checks import blocking, dossier_checks
from thidua.awards.services import decision_record, recipients_checked
from thidua.core.errors import Conflict, InvalidInput
from thidua.org.models import ClusterYear

from .dossier_helpers import built, confirmed, in_proposals
from .helpers import award, proposal

pytestmark = pytest.mark.django_db


def _quota(w, award, per_cluster, reason="Hướng dẫn năm 2026"):
    adjustment_set(actor=w.organizer_officer, organizer=w.organizer, year=w.cluster_year.year, award=award, rule="quota",
                   params={"per_cluster": per_cluster}, reason=reason)  # fmt: skip


def _quota_checks(dossier):
    return [c for c in dossier_checks(dossier) if c.kind == "quota"]


def test_two_flags_over_a_quota_of_one_block_with_the_article(world):
    in_proposals(world)
    proposal(world.cluster_year, world.leader_unit, "flag", votes=3, percent="100.00")  # a second Flag (the catalogue: 1 a cluster)
    dossier = svc.dossier_build(actor=world.leader_officer, cluster_year=world.cluster_year)
    [check] = _quota_checks(dossier)
    assert check.blocking and check.award == "flag_ministry" and check in blocking(dossier_checks(dossier))
    assert "2 đơn vị" in check.reason and "vượt số lượng 1" in check.reason and "Hướng dẫn thi đua, khen thưởng hằng năm" in check.reason
    _quota(world, "flag_ministry", 2)  # the Ministry allows two Flags this year
    assert _quota_checks(dossier) == []


def test_a_quota_lowered_by_the_organizer_stops_the_submission(world):
    dossier = confirmed(world)
    assert _quota_checks(dossier) == []  # one Flag, one Certificate: within the catalogue's quotas
    _quota(world, "merit_minister", 0, reason="Năm nay Bộ không xét Bằng khen theo cụm")
    with pytest.raises(Conflict) as exc:
        svc.dossier_submit(actor=world.leader_officer, cluster_year=world.cluster_year)
    assert any("vượt số lượng 0" in r and "Năm nay Bộ không xét" in r for r in exc.value.errors["checks"])
    dossier.refresh_from_db()
    assert dossier.state == "draft"


def test_the_inbox_counts_against_the_adjusted_quota(world, client_for):
    built(world)
    _quota(world, "flag_ministry", 0)
    html = client_for(world.organizer_officer).get(reverse("awards_inbox", args=[world.organizer.pk, 2026])).content.decode()
    assert "(0/cụm)" in html and "(2/cụm)" in html
    assert "Vượt chỉ tiêu mỗi cụm: Cụm thi đua số 1" in html


def _quota_of(result):
    return next((c for c in result.checks if c.rule == "quota"), None)


def test_a_decision_beyond_the_years_quota_needs_a_reason_for_the_recipients_over_it(world):
    """The organizer's national quota for the year (per cluster × its clusters that year),
    counting the awards it already conferred: the recipients beyond it fail a quota check
    that, like any failing check but existence and one-form, needs an override reason."""
    clusters = ClusterYear.objects.filter(cluster__organizer=world.organizer, year=2026).count()
    assert clusters == 1  # one Flag a cluster: one for the whole year
    day = dt.date(2027, 1, 10)
    first, second = recipients_checked([(world.member_unit, "flag_ministry"), (world.deputy_unit, "flag_ministry")], 2026, day,
                                       organizer_id=world.organizer.pk)  # fmt: skip
    assert _quota_of(first) is None or _quota_of(first).passed
    check = _quota_of(second)
    assert check.passed is False and check.detail.startswith("Vượt chỉ tiêu") and "chỉ tiêu 1 (1 mỗi cụm × 1 cụm)" in check.detail
    assert "Hướng dẫn thi đua, khen thưởng hằng năm" in check.basis
    # a Flag already conferred that year counts: now even the first is over
    award(world.leader_unit, "flag_ministry", 2026, world.organizer)
    [alone] = recipients_checked([(world.member_unit, "flag_ministry")], 2026, day, organizer_id=world.organizer.pk)
    assert _quota_of(alone).passed is False and "đã tặng 1" in _quota_of(alone).detail
    with pytest.raises(InvalidInput) as exc:
        decision_record(actor=world.organizer_officer, organizer=world.organizer, number="3/QĐ-BA", date=day, signer="Thứ trưởng",
                        year=2026, awards=[(world.member_unit, "flag_ministry")])  # fmt: skip
    assert any("Vượt chỉ tiêu" in line for line in exc.value.errors["awards"])
    decision = decision_record(actor=world.organizer_officer, organizer=world.organizer, number="3/QĐ-BA", date=day,
                               signer="Thứ trưởng", year=2026, awards=[(world.member_unit, "flag_ministry")],
                               override_reason="Thủ tướng đồng ý tăng chỉ tiêu năm 2026")  # fmt: skip
    kept = decision.awards.get()
    assert kept.override_reason.startswith("Thủ tướng") and any(c["rule"] == "quota" for c in kept.failed_checks)
    _quota(world, "flag_ministry", 3)
    [fine] = recipients_checked([(world.deputy_unit, "flag_ministry")], 2026, day, organizer_id=world.organizer.pk)
    assert _quota_of(fine).passed is True

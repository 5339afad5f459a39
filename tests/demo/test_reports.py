"""The demo tells the 2017 story of the seed: Cụm II's report drafted by Phú Thọ (given the
drafting by Hải Phòng, the leader), circulated, commented on by members, answered, revised
and adopted at the conference of 30/11–01/12/2017 — the invented parts marked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from thidua.core.audit import audit_verify
from thidua.reports.models import MidYearReview, Report, ReportComment

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_cluster_ii_2017_report(demo_loaded):
    report = Report.objects.select_related("drafter", "cluster_year__cluster").get(cluster_year__cluster__number="II",
                                                                                 cluster_year__year=2017)  # fmt: skip
    assert report.drafter.name == "Sở Ngoại vụ tỉnh Phú Thọ"
    versions = list(report.versions.order_by("number"))
    assert [(v.number, v.state) for v in versions] == [(1, "circulated"), (2, "adopted")]
    assert versions[1].adopted_at.date() == dt.date(2017, 12, 1)
    comments = list(ReportComment.objects.filter(report=report).select_related("unit"))
    assert len({c.unit_id for c in comments}) >= 2 and all(c.state != "open" for c in comments)
    assert {c.state for c in comments} == {"accepted", "declined"} and all("(minh họa)" in c.text for c in comments)
    texts = {s["key"]: s["text"] for s in versions[1].sections}
    first = {s["key"]: s["text"] for s in versions[0].sections}
    assert "kênh thông tin chung" in texts["kien-nghi"] and "kênh thông tin chung" not in first["kien-nghi"]
    assert "Sở Ngoại vụ tỉnh Yên Bái" in texts["cham-diem"]  # the closed polls' results, from the voting demo
    assert not MidYearReview.objects.filter(cluster_year=report.cluster_year).exists()  # no sơ kết in the seeds: none invented
    assert report.cluster_year.phase == "closed"  # the year is put back where it was


def test_loading_again_changes_nothing(demo_loaded):
    before = (Report.objects.count(), ReportComment.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Report.objects.count(), ReportComment.objects.count()) == before
    assert audit_verify().ok

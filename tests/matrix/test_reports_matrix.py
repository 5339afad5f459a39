"""Who may call the summary report's endpoints (API v1 "The information channel": the
report) and open or post to the report and mid-year pages. Every row is tried by every role
of the `world` fixture in the row's state and must answer exactly the status in its table
(tests/matrix/helpers.py check(): a refusal writes nothing; Bộ B's people never see Bộ A's
cluster). The leader unit drafts (no deputy assigned in the world). The tests at the end
fail until every route of thidua.api.urls_reports and thidua.reports.urls has a row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import URLPattern, resolve, reverse
from django.utils import timezone

from tests.conftest import World
from tests.matrix.helpers import Row, check_roles, statuses
from tests.scoring.helpers import make_table
from thidua.api import urls_reports
from thidua.org.models import ClusterYear, Phase
from thidua.reports import services
from thidua.reports import urls as reports_urls

GROUPS = {
    "managers": ["admin", "organizer"],
    "outsiders": ["other_organizer", "outside_officer"],
    "leader": ["leader_officer", "leader_head"],
    "member_staff": ["member_head", "member_delegate"],
}
api, web = statuses(GROUPS)
V1 = "/api/v1"


def phase(w: World, value: str) -> None:
    ClusterYear.objects.filter(pk=w.cluster_year.pk).update(phase=value)
    w.cluster_year.refresh_from_db()


def drafted(w: World, value: str = Phase.RANKING) -> None:
    phase(w, value)
    services.report_start(actor=w.leader_officer, cluster_year=w.cluster_year)


def circulated(w: World, value: str = Phase.RANKING) -> None:
    drafted(w, value)
    services.report_circulate(actor=w.leader_officer, cluster_year=w.cluster_year, comments_until=timezone.localdate() + dt.timedelta(5))


def commented(w: World) -> None:
    circulated(w, Phase.CONFERENCE)
    services.report_comment(actor=w.member_officer, cluster_year=w.cluster_year, section="", text="Góp ý")


def comment_id(w: World) -> int:
    from thidua.reports.models import ReportComment

    return ReportComment.objects.get(text="Góp ý").pk


def reviewed(w: World) -> None:
    make_table(w)
    phase(w, Phase.IN_PROGRESS)
    services.mid_year_record(actor=w.leader_officer, cluster_year=w.cluster_year, data={
        "date": dt.date(2026, 7, 1), "place": "Vinh", "host": w.leader_unit.pk, "present": [], "content": "Sơ kết"})  # fmt: skip


def report(w: World, tail: str = "") -> str:
    return f"{V1}/clusters/{w.cluster.pk}/years/2026/report/{tail}"


def url(name: str, *args):
    return lambda w: reverse(name, args=[w.cluster.pk, 2026, *args])


API_ROWS: list[Row] = [
    Row("report: read", "GET", report, api(200, outsiders=404), setup=circulated),
    Row("report: unknown year", "GET", lambda w: f"{V1}/clusters/{w.cluster.pk}/years/2030/report/", api(404)),
    Row("report: comment", "POST", lambda w: report(w, "comments/"),
        api(403, outsiders=404, member_officer=201, deputy_officer=201, leader_officer=201), setup=circulated,
        body=lambda w, u: {"section": "", "text": "Góp ý"}),
    Row("report: comment, not circulated", "POST", lambda w: report(w, "comments/"),
        api(403, outsiders=404, member_officer=409, deputy_officer=409, leader_officer=409), setup=drafted,
        body=lambda w, u: {"section": "", "text": "Góp ý"}),
]  # fmt: skip

PAGE_ROWS: list[Row] = [
    Row("reports_report", "GET", url("reports_report"), web(200, outsiders=404), setup=circulated),
    Row("reports_assign", "POST", url("reports_assign"), web(403, outsiders=404, managers=302, leader=302),
        setup=lambda w: phase(w, Phase.IN_PROGRESS), body=lambda w, u: {"unit": w.deputy_unit.pk}),
    Row("reports_start", "POST", url("reports_start"), web(403, outsiders=404, leader=302), setup=lambda w: phase(w, Phase.IN_PROGRESS)),
    Row("reports_edit", "GET", url("reports_edit"), web(403, outsiders=404, leader=200), setup=drafted),
    Row("reports_edit[save]", "POST", url("reports_edit"), web(403, outsiders=404, leader=302), setup=drafted,
        body=lambda w, u: {"section-kien-nghi": "Kiến nghị"}),
    Row("reports_circulate", "POST", url("reports_circulate"), web(403, outsiders=404, leader=302), setup=drafted,
        body=lambda w, u: {"comments_until": (timezone.localdate() + dt.timedelta(3)).isoformat()}),
    Row("reports_comment", "POST", url("reports_comment"),
        web(403, outsiders=404, member_officer=302, deputy_officer=302, leader_officer=302), setup=circulated,
        body=lambda w, u: {"section": "", "text": "Góp ý"}),
    Row("reports_answer", "POST", lambda w: reverse("reports_answer", args=[w.cluster.pk, 2026, comment_id(w)]),
        web(403, outsiders=404, leader=302), setup=commented, body=lambda w, u: {"state": "accepted", "reply": "Cảm ơn"}),
    Row("reports_adopt", "POST", url("reports_adopt"), web(403, outsiders=404, managers=302, leader=302), setup=commented,
        body=lambda w, u: {"number": "1"}),
    Row("reports_diff", "GET", url("reports_diff"), web(404), setup=circulated),  # one version only: nothing to compare
    Row("reports_version_document", "GET", url("reports_version_document", 1, "xem-truoc"), web(200, outsiders=404), setup=circulated),
    Row("reports_version_document[docx]", "GET", url("reports_version_document", 1, "docx"), web(200, outsiders=404), setup=drafted),
    Row("reports_letter_document", "GET", url("reports_letter_document", "docx"), web(200, outsiders=404), setup=circulated),
    Row("reports_mid_year", "GET", url("reports_mid_year"), web(200, outsiders=404), setup=reviewed),
    Row("reports_mid_year[save]", "POST", url("reports_mid_year"), web(403, outsiders=404, managers=302, leader=302, deputy_officer=302),
        setup=reviewed, body=lambda w, u: {"date": "2026-07-02", "place": "Vinh", "host": w.deputy_unit.pk, "content": "Sơ kết"}),
    Row("reports_mid_year_amend", "POST", url("reports_mid_year_amend"), web(403, outsiders=404, managers=400, leader=400),
        setup=reviewed, body=lambda w, u: {"reason": "Lý do"}),  # no file: refused with the reason, after the role check
    Row("reports_mid_year_document", "GET", url("reports_mid_year_document", "xem-truoc"), web(200, outsiders=404), setup=reviewed),
]  # fmt: skip


class TestApi:
    @pytest.mark.parametrize("case", API_ROWS, indirect=True, ids=str)
    def test_api(self, case, db):
        check_roles(case)


class TestPages:
    @pytest.mark.parametrize("case", PAGE_ROWS, indirect=True, ids=str)
    def test_pages(self, case, db):
        check_roles(case)


def test_every_endpoint_has_a_row(world):
    covered = set()
    for row in API_ROWS:
        covered.add((resolve(row.url(world).split("?")[0]).url_name, row.method))
    missing = []
    for pattern in urls_reports.urlpatterns:
        assert isinstance(pattern, URLPattern)
        view_class = pattern.callback.view_class
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            if hasattr(view_class, method.lower()) and (pattern.name, method) not in covered:
                missing.append(f"{method} {pattern.pattern}")
    assert not missing, f"Add rows to API_ROWS for: {missing}"


def test_every_page_has_a_row():
    names = {row.route for row in PAGE_ROWS}
    missing = [str(p.pattern) for p in reports_urls.urlpatterns if p.name not in names]
    assert not missing, f"Add rows to PAGE_ROWS for: {missing}"

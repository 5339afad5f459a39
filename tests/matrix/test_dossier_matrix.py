"""Who may call the proposal dossier's endpoints and open its pages (API v1 "Awards"), each
in its state: the year's members and organizer read (Bộ B's people get 404); the leader
unit builds in the `proposals` phase (409 in another) and submits (409 while a report is not
confirmed); a proposed unit's officer writes its report, its head confirms it; the
organizer's officers return (with a reason) and accept. tests/matrix/test_awards_matrix.py
checks that every route of the awards app has a row, these included."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.awards.dossier_helpers import built, confirmed, in_proposals, report_of, submitted
from tests.conftest import World
from tests.matrix.helpers import Row, check_roles, statuses
from thidua.awards import dossier_services as svc

GROUPS = {
    "readers": ["admin", "organizer", "leader_officer", "leader_head", "deputy_officer", "member_officer", "member_head",
                "member_delegate"],
    "leader": ["leader_officer", "leader_head"],
    "managers": ["admin", "organizer"],
    "outsiders": ["other_organizer", "outside_officer"],
}
api, web = statuses(GROUPS)
D = "/api/v1/clusters/{}/years/2026/dossier/"


def d(tail: str = ""):
    return lambda w: D.format(w.cluster.pk) + tail


def member_report(tail: str = ""):
    return lambda w: D.format(w.cluster.pk) + f"reports/{w.member_unit.pk}/" + tail


def written(w: World):
    dossier = built(w)
    report = report_of(w, w.member_unit)
    if not dossier.editable or report.state != "missing":  # idempotent (the coverage test runs every setup)
        return
    svc.report_write(actor=w.member_officer, report=report, sections=report.sections)


SECTIONS = {"sections": [{"title": "I. Sơ lược", "text": "Nội dung"}]}

API_ROWS: list[Row] = [
    Row("dossier: read", "GET", d(), api(200, outsiders=404), setup=built),
    Row("dossier: read, none yet", "GET", d(), api(404), setup=in_proposals),
    Row("dossier: build", "POST", d(), api(403, leader=201, admin=201, outsiders=404), setup=in_proposals),
    Row("dossier: build, wrong phase", "POST", d(), api(403, leader=409, admin=409, outsiders=404)),
    Row("dossier: submit, report missing", "POST", d("submit/"), api(403, leader=409, admin=409, outsiders=404), setup=built),
    Row("dossier: submit", "POST", d("submit/"), api(403, leader=200, admin=200, outsiders=404), setup=confirmed),
    Row("dossier: return", "POST", d("return/"), api(403, managers=200, outsiders=404), setup=submitted,
        body=lambda w, u: {"reason": "Thiếu xác nhận"}),
    Row("dossier: return without reason", "POST", d("return/"), api(403, managers=400, outsiders=404), setup=submitted,
        body=lambda w, u: {}),
    Row("dossier: accept", "POST", d("accept/"), api(403, managers=200, outsiders=404), setup=submitted),
    Row("dossier: accept a draft", "POST", d("accept/"), api(403, managers=409, outsiders=404), setup=confirmed),
    Row("report: read", "GET", member_report(), api(200, outsiders=404), setup=built),
    Row("report: write", "PUT", member_report(), api(403, member_officer=200, outsiders=404), setup=built,
        body=lambda w, u: SECTIONS),
    Row("report: write, submitted", "PUT", member_report(), api(403, member_officer=409, outsiders=404), setup=submitted,
        body=lambda w, u: SECTIONS),
    Row("report: confirm", "POST", member_report("confirm/"), api(403, member_head=200, outsiders=404), setup=written),
    Row("report: confirm, not written", "POST", member_report("confirm/"), api(403, member_head=409, outsiders=404), setup=built),
]  # fmt: skip


def page(name: str, *extra):
    return lambda w: reverse(name, args=[w.cluster.pk, 2026, *extra])


def report_page(name: str):
    return lambda w: reverse(name, args=[w.cluster.pk, 2026, w.member_unit.pk])


def inbox(w: World) -> str:
    return reverse("awards_inbox", args=[w.organizer.pk, 2026])


UNIT_STAFF = ["leader_officer", "leader_head", "deputy_officer", "member_officer", "member_head", "member_delegate"]
PAGE_ROWS: list[Row] = [
    Row("awards_dossier", "GET", page("awards_dossier"), web(200, outsiders=404), setup=built),
    Row("awards_dossier[none yet]", "GET", page("awards_dossier"), web(200, outsiders=404), setup=in_proposals),
    Row("awards_dossier[build]", "POST", page("awards_dossier"), web(403, leader=302, admin=302, outsiders=404), setup=in_proposals),
    Row("awards_dossier[build, wrong phase]", "POST", page("awards_dossier"), web(403, leader=409, admin=409, outsiders=404)),
    Row("awards_dossier_submit", "POST", page("awards_dossier_submit"), web(403, leader=302, admin=302, outsiders=404),
        setup=confirmed),
    Row("awards_dossier_submit[report missing]", "POST", page("awards_dossier_submit"),
        web(403, leader=409, admin=409, outsiders=404), setup=built),
    Row("awards_dossier_return", "POST", page("awards_dossier_return"), web(403, managers=302, outsiders=404), setup=submitted,
        body=lambda w, u: {"reason": "Thiếu xác nhận"}),
    Row("awards_dossier_accept", "POST", page("awards_dossier_accept"), web(403, managers=302, outsiders=404), setup=submitted),
    Row("awards_dossier_report", "GET", report_page("awards_dossier_report"), web(200, outsiders=404), setup=built),
    Row("awards_dossier_report[save]", "POST", report_page("awards_dossier_report"), web(403, member_officer=302, outsiders=404),
        setup=built, body=lambda w, u: {"title-0": "I. Sơ lược", "text-0": "Nội dung"}),
    Row("awards_dossier_report_confirm", "POST", report_page("awards_dossier_report_confirm"),
        web(403, member_head=302, outsiders=404), setup=written),
    Row("awards_dossier_document_preview", "GET",
        lambda w: reverse("awards_dossier_document_preview", args=[w.cluster.pk, 2026, "to-trinh"]),
        web(200, outsiders=404), setup=built),
    Row("awards_dossier_document_docx", "GET",
        lambda w: reverse("awards_dossier_document_docx", args=[w.cluster.pk, 2026, "bao-cao-thanh-tich"])
        + f"?don-vi={w.member_unit.pk}",
        web(200, outsiders=404), setup=built),
    Row("awards_dossier_document_pdf", "GET", lambda w: reverse("awards_dossier_document_pdf", args=[w.cluster.pk, 2026, "danh-sach"]),
        web(200, outsiders=404), setup=built),
    Row("awards_dossier_document_preview[unknown kind]", "GET",
        lambda w: reverse("awards_dossier_document_preview", args=[w.cluster.pk, 2026, "khong-co"]), web(404, outsiders=404),
        setup=built),
    Row("awards_inbox_latest", "GET", lambda w: reverse("awards_inbox_latest"), web(403, organizer=302, other_organizer=302)),
    Row("awards_inbox", "GET", inbox, web(403, managers=200, other_organizer=404), setup=submitted),
]  # fmt: skip


class TestDossierApi:
    @pytest.mark.parametrize("case", API_ROWS, indirect=True, ids=str)
    def test_api(self, case, db):
        check_roles(case)


class TestDossierPages:
    @pytest.mark.parametrize("case", PAGE_ROWS, indirect=True, ids=str)
    def test_pages(self, case, db):
        check_roles(case)

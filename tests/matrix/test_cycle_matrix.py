"""Who may open which page and call which endpoint of the emulation year (thidua.cycle:
the workspace, launch, registrations, covenant, settings, conference plan; API v1 "The
year and scoring": settings, registrations, covenant, launch, tasks). Every row is tried
by every role of the `world` fixture (tests/conftest.py ROLES) in the row's state, rolled back
to for each case, and must answer exactly the status in its table (helpers.check()). `setup` puts the year in a phase or state first.

API: 401 anonymous, 404 invisible, 403 forbidden, 409 wrong phase. Pages: anonymous are
sent to sign in (302), 404 invisible, 403 forbidden, 409 wrong phase, 302 after a write.
The tests at the end fail until every route of thidua.cycle.urls and
thidua.api.urls_cycle has a row."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import URLPattern, resolve, reverse
from django.utils import timezone

from tests.conftest import World
from tests.factories import UserFactory
from tests.matrix.helpers import Row, check, check_roles, statuses
from thidua.api import urls_cycle
from thidua.cycle import urls as cycle_urls
from thidua.cycle.models import ConferencePlan, Covenant, CovenantSignature, Launch
from thidua.documents.models import IssuedDocument
from thidua.org.models import ClusterYear, Phase

GROUPS = {
    "managers": ["admin", "organizer"],
    "cluster_staff": ["leader_officer", "leader_head", "deputy_officer", "member_officer", "member_head", "member_delegate"],
    "leader_staff": ["leader_officer", "leader_head"],
    # officers and heads of the leader and deputy units (in the world: no deputy head)
    "secretariat": ["leader_officer", "leader_head", "deputy_officer"],
    "member_officers": ["leader_officer", "deputy_officer", "member_officer"],
    "member_heads": ["leader_head", "member_head"],
    "outsiders": ["other_organizer", "outside_officer"],
}
api, web = statuses(GROUPS)


# --- states of the year -------------------------------------------------------------------------------
def phase(value: str) -> Callable[[World], None]:
    def setup(w: World) -> None:
        ClusterYear.objects.filter(pk=w.cluster_year.pk).update(phase=value)

    return setup


def draft_launch(w: World) -> None:
    Launch.objects.create(cluster_year=w.cluster_year, title="Phong trào thi đua năm 2026", items=["Nội dung 1"])


def published_launch(w: World) -> None:
    Launch.objects.create(cluster_year=w.cluster_year, title="Phong trào thi đua năm 2026", items=["Nội dung 1"],
                          published_at=timezone.now())


def in_covenant(w: World) -> None:
    published_launch(w)
    phase(Phase.COVENANT)(w)
    Covenant.objects.create(cluster_year=w.cluster_year, text="Các đơn vị cam kết thi đua.")


def covenant_then(value: str) -> Callable[[World], None]:
    def setup(w: World) -> None:
        in_covenant(w)
        phase(value)(w)

    return setup


def frozen_covenant(w: World) -> None:
    in_covenant(w)
    covenant = Covenant.objects.get(cluster_year=w.cluster_year)
    deputy_head = UserFactory(username="deputy_head", unit=w.deputy_unit, is_unit_head=True)
    for unit, head in ((w.leader_unit, w.leader_head), (w.deputy_unit, deputy_head), (w.member_unit, w.member_head)):
        CovenantSignature.objects.create(covenant=covenant, unit=unit, signed_by=head, signed_at=timezone.now())
    Covenant.objects.filter(pk=covenant.pk).update(frozen_at=timezone.now())


def issued_plan(w: World) -> None:
    phase(Phase.IN_PROGRESS)(w)
    document = IssuedDocument.objects.create(unit=w.leader_unit, issuer_symbol="CTĐ", doc_type="KH", year=2026, number=1,
                                             date=timezone.localdate(), subject="Tổ chức Hội nghị tổng kết năm 2026")
    ConferencePlan.objects.create(cluster_year=w.cluster_year, issued_document=document, issuer_unit=w.leader_unit,
                                  date=timezone.localdate())


def signed_plan(w: World) -> None:
    from django.core.files.base import ContentFile

    from thidua.documents.models import SignedDocument

    issued_plan(w)
    plan = ConferencePlan.objects.get(cluster_year=w.cluster_year)
    row = SignedDocument(cluster_year=w.cluster_year, kind="ke-hoach", issued_document=plan.issued_document, title="Kế hoạch số 01/KH-CTĐ",
                         unit=w.leader_unit, signed_by=w.leader_head, signed_at=timezone.now(), certificate_subject="CN=Thử",
                         certificate_issuer="CN=CA thử", certificate_serial="01", sha256="0" * 64)
    row.file.save("signed.pdf", ContentFile(b"%PDF-1.7 signed"), save=False)
    row.save()


def signed_copy_url(w: World) -> str:
    from thidua.documents.models import SignedDocument

    row = SignedDocument.objects.filter(cluster_year=w.cluster_year).order_by("-pk").first()
    return reverse("cycle_signed_pdf", args=[w.cluster.pk, 2026, row.pk if row else 999999])


# --- bodies ---------------------------------------------------------------------------------------------
def own_unit(w: World, user) -> int:
    return user.unit_id if user is not None and user.unit_id else w.member_unit.pk


def registration(w, user) -> dict:
    return {"unit": own_unit(w, user), "titles": ["labour_excellent"], "commitments": "Cam kết"}


def sign(w, user) -> dict:
    return {"unit": own_unit(w, user)}


def launch_body(w, user) -> dict:
    return {"title": "Phong trào thi đua năm 2026", "goals": "", "items": ["Nội dung 1", "Nội dung 2"]}


def launch_form(w, user) -> dict:
    return {"title": "Phong trào thi đua năm 2026", "goals": "", "items": "Nội dung 1\nNội dung 2"}


SETTINGS_FORM = {
    "cross_scoring": "all", "aggregation": "median", "tie_break_2": "professional", "tie_break_3": "penalties", "quorum_percent": "66.67",
    "document_symbol": "CTĐ", "covenant_type_code": "GƯTĐ", "quota_flag": "1", "quota_merit": "2",
    "flag_base": "members", "flag_percent": "70", "merit_base": "members", "merit_percent": "50", "merit_strict": "on",
    "leader_base": "members", "leader_percent": "50", "leader_strict": "on", "deputy_base": "members", "deputy_percent": "50",
    "deputy_strict": "on", "deadline_launched": "31/01/2026",
}

V1 = "/api/v1"


def year_api(path: str = "", year: int = 2026) -> Callable[[World], str]:
    return lambda w: f"{V1}/clusters/{w.cluster.pk}/years/{year}/{path}"


def page(name: str, year: int = 2026) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.cluster.pk, year])


def kind_page(name: str, kind: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.cluster.pk, 2026, kind])


# --- the API ----------------------------------------------------------------------------------------------
API_ROWS: list[Row] = [
    Row("settings: read", "GET", year_api("settings/"), api(200, outsiders=404)),
    Row("settings: read, a year that does not exist", "GET", year_api("settings/", 2030), api(404)),
    Row("settings: change", "PATCH", year_api("settings/"), api(403, managers=200, leader_staff=200, outsiders=404),
        body=lambda w, u: {"aggregation": "median"}),
    Row("settings: change after self-assessment opened", "PATCH", year_api("settings/"),
        api(403, managers=200, leader_staff=409, outsiders=404), body=lambda w, u: {"aggregation": "median"},
        setup=phase(Phase.SELF_ASSESSMENT)),
    Row("settings: change at ranking", "PATCH", year_api("settings/"), api(403, managers=409, leader_staff=409, outsiders=404),
        body=lambda w, u: {"aggregation": "median"}, setup=phase(Phase.RANKING)),
    Row("registrations: list", "GET", year_api("registrations/"), api(200, outsiders=404)),
    Row("registrations: register the own unit", "POST", year_api("registrations/"),
        api(403, member_officers=201, outsiders=404), body=registration, setup=phase(Phase.LAUNCHED)),
    Row("registrations: register the leader unit", "POST", year_api("registrations/"),
        api(403, leader_officer=201, outsiders=404), body=lambda w, u: registration(w, None) | {"unit": w.leader_unit.pk},
        setup=phase(Phase.LAUNCHED)),
    Row("registrations: register before the launch", "POST", year_api("registrations/"),
        api(403, member_officers=409, outsiders=404), body=registration),
    Row("covenant: read", "GET", year_api("covenant/"), api(200, outsiders=404), setup=in_covenant),
    Row("covenant: replace the text", "PUT", year_api("covenant/"), api(403, managers=200, secretariat=200, outsiders=404),
        body=lambda w, u: {"text": "Nội dung mới"}, setup=in_covenant),
    Row("covenant: replace the text once signed by all", "PUT", year_api("covenant/"),
        api(403, managers=409, secretariat=409, outsiders=404), body=lambda w, u: {"text": "Nội dung mới"}, setup=frozen_covenant),
    Row("covenant: sign for the own unit", "POST", year_api("covenant/sign/"), api(403, member_heads=201, outsiders=404),
        body=sign, setup=in_covenant),
    Row("covenant: sign outside the covenant phase", "POST", year_api("covenant/sign/"), api(403, member_heads=409, outsiders=404),
        body=sign, setup=covenant_then(Phase.IN_PROGRESS)),
    Row("covenant: sign again once signed by all", "POST", year_api("covenant/sign/"), api(403, member_heads=409, outsiders=404),
        body=sign, setup=frozen_covenant),
    Row("covenant: .docx", "GET", year_api("covenant.docx"), api(200, outsiders=404), setup=in_covenant),
    Row("covenant: PDF", "GET", year_api("covenant.pdf"), api(200, outsiders=404), setup=in_covenant),
    Row("launch: read the published launch", "GET", year_api("launch/"), api(200, outsiders=404), setup=published_launch),
    Row("launch: read a draft", "GET", year_api("launch/"), api(404, managers=200, secretariat=200), setup=draft_launch),
    Row("launch: write", "PUT", year_api("launch/"), api(403, managers=200, secretariat=200, outsiders=404), body=launch_body),
    Row("launch: write in the covenant phase", "PUT", year_api("launch/"), api(403, managers=409, secretariat=409, outsiders=404),
        body=launch_body, setup=in_covenant),
    Row("launch: publish", "POST", year_api("launch/publish/"), api(403, managers=200, leader_staff=200, outsiders=404),
        setup=draft_launch),
    Row("launch: publish again", "POST", year_api("launch/publish/"), api(403, managers=409, leader_staff=409, outsiders=404),
        setup=published_launch),
    Row("me: tasks", "GET", lambda w: f"{V1}/me/tasks/", api(200), setup=phase(Phase.LAUNCHED)),
]

# --- the pages ---------------------------------------------------------------------------------------------
ISSUERS_FORM = {"ke-hoach-issued_by": "cluster", "ke-hoach-on_behalf": "on", "ke-hoach-symbol": "CTĐ", "scope": "all"}


PAGE_ROWS: list[Row] = [
    Row("workspace", "GET", page("cluster_year_detail"), web(200, outsiders=404)),
    Row("workspace of a year that does not exist", "GET", page("cluster_year_detail", 2030), web(404)),
    Row("phase: next", "POST", page("cycle_phase"), web(403, managers=302, leader_staff=302, outsiders=404),
        body=lambda w, u: {"phase": Phase.LAUNCHED}),
    Row("phase: into the covenant without a published launch", "POST", page("cycle_phase"),
        web(403, managers=409, leader_staff=409, outsiders=404), body=lambda w, u: {"phase": Phase.COVENANT}, setup=phase(Phase.LAUNCHED)),
    Row("phase: back with a reason", "POST", page("cycle_phase"), web(403, managers=302, outsiders=404),
        body=lambda w, u: {"phase": Phase.PREPARING, "reason": "Phát động lại"}, setup=phase(Phase.LAUNCHED)),
    Row("launch: page", "GET", page("cycle_launch"), web(200, outsiders=404), setup=draft_launch),
    Row("launch: save", "POST", page("cycle_launch"), web(403, managers=302, secretariat=302, outsiders=404), body=launch_form),
    Row("launch: save in the covenant phase", "POST", page("cycle_launch"), web(403, managers=409, secretariat=409, outsiders=404),
        body=launch_form, setup=in_covenant),
    Row("launch: publish", "POST", page("cycle_launch_publish"), web(403, managers=302, leader_staff=302, outsiders=404),
        setup=draft_launch),
    Row("registrations: page", "GET", page("cycle_registrations"), web(200, outsiders=404), setup=phase(Phase.LAUNCHED)),
    Row("registrations: register", "POST", page("cycle_registrations"), web(403, member_officers=302, outsiders=404),
        body=lambda w, u: {"titles": ["labour_excellent"], "commitments": "Cam kết"}, setup=phase(Phase.LAUNCHED)),
    Row("registrations: register in the wrong phase", "POST", page("cycle_registrations"), web(403, member_officers=409, outsiders=404),
        body=lambda w, u: {"titles": ["labour_excellent"]}, setup=phase(Phase.SELF_ASSESSMENT)),
    Row("covenant: page", "GET", page("cycle_covenant"), web(200, outsiders=404), setup=in_covenant),
    Row("covenant: save the text", "POST", page("cycle_covenant"), web(403, managers=302, secretariat=302, outsiders=404),
        body=lambda w, u: {"text": "Nội dung mới"}, setup=in_covenant),
    Row("covenant: sign", "POST", page("cycle_covenant_sign"), web(403, member_heads=302, outsiders=404), setup=in_covenant),
    Row("covenant: sign in the wrong phase", "POST", page("cycle_covenant_sign"), web(403, member_heads=409, outsiders=404),
        setup=covenant_then(Phase.IN_PROGRESS)),
    Row("covenant: number", "POST", page("cycle_covenant_number"), web(403, admin=302, leader_staff=302, outsiders=404),
        setup=frozen_covenant),
    Row("covenant: number before all signed", "POST", page("cycle_covenant_number"), web(403, admin=409, leader_staff=409, outsiders=404),
        setup=in_covenant),
    Row("covenant: .docx", "GET", page("cycle_covenant_docx"), web(200, outsiders=404), setup=in_covenant),
    Row("covenant: preview", "GET", page("cycle_covenant_preview"), web(200, outsiders=404), setup=in_covenant),
    Row("settings: page", "GET", page("cycle_settings"), web(200, outsiders=404)),
    Row("settings: save", "POST", page("cycle_settings"), web(403, managers=302, leader_staff=302, outsiders=404),
        body=lambda w, u: SETTINGS_FORM),
    Row("settings: save at ranking (deadlines only)", "POST", page("cycle_settings"),
        web(403, managers=302, leader_staff=302, outsiders=404), body=lambda w, u: SETTINGS_FORM, setup=phase(Phase.RANKING)),
    # who issues each document type (cycle.issuer, decision 0026): everyone of the year reads it, the leader or the organizer change it
    Row("document issuers: page", "GET", page("cycle_document_issuers"), web(200, outsiders=404)),
    Row("document issuers: save", "POST", page("cycle_document_issuers"), web(403, managers=302, leader_staff=302, outsiders=404),
        body=lambda w, u: ISSUERS_FORM),
    Row("plan: page", "GET", page("cycle_plan"), web(200, outsiders=404)),
    Row("plan: issue", "POST", page("cycle_plan"), web(403, admin=302, leader_staff=302, outsiders=404),
        body=lambda w, u: {"date": timezone.localdate().replace(year=2026).strftime("%d/%m/%Y")}, setup=phase(Phase.IN_PROGRESS)),
    Row("plan: issue before the year's work", "POST", page("cycle_plan"), web(403, admin=409, leader_staff=409, outsiders=404),
        body=lambda w, u: {"date": "23/11/2026"}),
    Row("plan: .docx", "GET", page("cycle_plan_docx"), web(200, outsiders=404), setup=issued_plan),
    Row("plan: preview", "GET", page("cycle_plan_preview"), web(200, outsiders=404), setup=issued_plan),
    # the whole plan with the number it will get, from the issue form, before anything is issued
    Row("plan: preview before issuing", "GET", lambda w: page("cycle_plan_preview")(w) + "?date=23/11/2026",
        web(403, admin=200, leader_staff=200, outsiders=404), setup=phase(Phase.IN_PROGRESS)),
    Row("covenant: PDF", "GET", page("cycle_covenant_pdf"), web(200, outsiders=404), setup=in_covenant),
    Row("plan: PDF", "GET", page("cycle_plan_pdf"), web(200, outsiders=404), setup=issued_plan),
    Row("plan: PDF before it is issued", "GET", page("cycle_plan_pdf"), web(404)),
    # the year's further documents (cycle.documents_more): one route per format, the kind in the path
    *[Row(f"document preview: {kind}", "GET", kind_page("cycle_document_preview", kind), web(200, outsiders=404))
      for kind in ("ke-hoach-phat-dong", "quy-che", "chuong-trinh", "cong-van-gop-y", "bao-cao-tong-ket")],
    Row("document .docx: the regulation", "GET", kind_page("cycle_document_docx", "quy-che"), web(200, outsiders=404)),
    Row("document PDF: the year-end report", "GET", kind_page("cycle_document_pdf", "bao-cao-tong-ket"), web(200, outsiders=404)),
    Row("document preview: a kind that does not exist", "GET", kind_page("cycle_document_preview", "khong-co"), web(404)),
    # numbered in the issuer's (leader unit's) register by its officers and head, then signed (cycle.numbered)
    Row("document number: the regulation", "POST", kind_page("cycle_document_number", "quy-che"),
        web(403, admin=302, leader_staff=302, outsiders=404), body=lambda w, u: {"number": "", "confirmed": "1"}),
    Row("document number: the văn thư's number", "POST", kind_page("cycle_document_number", "quy-che"),
        web(403, admin=302, leader_staff=302, outsiders=404), body=lambda w, u: {"number": "7"}),
    Row("document number: a kind that does not exist", "POST", kind_page("cycle_document_number", "khong-co"), web(404)),
    Row("document signature before it is numbered", "POST", kind_page("cycle_document_sign", "bao-cao-tong-ket"),
        web(409, outsiders=404)),
    # Only the issuing unit's head signs; with no certificate in the form the page says so (302).
    Row("plan: digital signature", "POST", page("cycle_plan_digital_sign"), web(403, leader_head=302, outsiders=404),
        setup=issued_plan),
    Row("covenant: digital signature before it is numbered", "POST", page("cycle_covenant_digital_sign"), web(409, outsiders=404),
        setup=in_covenant),
    Row("plan: the signed copy", "GET", signed_copy_url, web(200, outsiders=404), setup=signed_plan),
]


@pytest.fixture(scope="module", autouse=True)
def _media(tmp_path_factory):
    # Module-wide: the rows' setups (built once per row, before any function fixture) write files.
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


class TestApi:
    @pytest.mark.parametrize("case", API_ROWS, indirect=True, ids=str)
    def test_api(self, case, db):
        check_roles(case)


class TestPages:
    @pytest.mark.parametrize("case", PAGE_ROWS, indirect=True, ids=str)
    def test_pages(self, case, db):
        check_roles(case)


def test_a_refused_issuers_save_writes_nothing(world):
    row = next(row for row in PAGE_ROWS if row.name == "document issuers: save")
    check((row, world), "member_officer", may_write=frozenset())


def test_a_refused_settings_save_writes_nothing(world):
    row = next(row for row in PAGE_ROWS if row.name == "settings: save")
    check((row, world), "member_officer", may_write=frozenset())


def _covered(world, rows) -> set[tuple[str, str]]:
    return {(resolve(row.url(world).split("?")[0]).url_name, row.method) for row in rows}


def test_every_endpoint_has_a_row(world):
    covered = _covered(world, API_ROWS)
    missing = []
    for pattern in urls_cycle.urlpatterns:
        assert isinstance(pattern, URLPattern)
        view_class = getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            if hasattr(view_class, method.lower()) and (pattern.name, method) not in covered:
                missing.append(f"{method} {pattern.pattern}")
    assert not missing, f"Add rows to API_ROWS for: {missing}"


def test_every_page_has_a_row(world):
    names = {name for name, _method in _covered(world, PAGE_ROWS)}
    missing = [str(p.pattern) for p in cycle_urls.urlpatterns if p.name not in names]
    assert not missing, f"Add rows to PAGE_ROWS for: {missing}"

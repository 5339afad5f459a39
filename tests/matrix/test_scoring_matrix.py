"""Who may open which scoring page and call which scoring endpoint (thidua.scoring.urls and
thidua.api.urls_scoring): every row is tried by every role of the `world` fixture
(tests/conftest.py ROLES) in the row's state, rolled back to for each case, and must answer
exactly the status in its table (tests/matrix/helpers.py check()). `setup` puts the year in a phase or state first (through the services).

API: 401 anonymous, 404 invisible (another organizer's cluster), 403 forbidden, 409 the
phase or the state refuses. Pages: anonymous are sent to sign in (302), 404 invisible,
403 forbidden, 409 refused, 302 after a write. In the world, the year's mode is "all":
every member scores every other member. The tests at the end fail until every route has
a row."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import URLPattern, resolve, reverse

from tests.conftest import World
from tests.matrix.helpers import Row, check_roles, statuses
from tests.scoring.helpers import FULL, PDF, SMALL_TABLE, make_table, scored_year, set_phase, submit_self
from thidua.api import urls_scoring
from thidua.org.models import Phase
from thidua.scoring import services
from thidua.scoring import urls as scoring_urls
from thidua.scoring.models import CriteriaTable, Evidence, ScoreQuery, ScoreQueryReplyFile, ScoreSheet

GROUPS = {
    "managers": ["admin", "organizer"],
    "cluster_staff": ["leader_officer", "leader_head", "deputy_officer", "member_officer", "member_head", "member_delegate"],
    "leader_staff": ["leader_officer", "leader_head"],
    # officers and heads of the leader and deputy units (in the world: no deputy head)
    "secretariat": ["leader_officer", "leader_head", "deputy_officer"],
    "member_staff": ["member_officer", "member_head", "member_delegate"],
    "outsiders": ["other_organizer", "outside_officer"],
}
api, web = statuses(GROUPS)


# --- states of the year ----------------------------------------------------------------------------
def phase(value: str) -> Callable[[World], None]:
    def setup(w: World) -> None:
        set_phase(w.cluster_year, value)

    return setup


def table(w: World) -> None:
    make_table(w)


def frozen(w: World) -> None:
    make_table(w, frozen=True)


def self_open(w: World) -> None:
    make_table(w, frozen=True)
    set_phase(w.cluster_year, Phase.SELF_ASSESSMENT)


def member_draft(w: World) -> None:
    self_open(w)
    services.self_sheet_save(actor=w.member_officer, cluster_year=w.cluster_year, unit=w.member_unit, entries=FULL)


def member_submitted(w: World) -> None:
    self_open(w)
    submit_self(w, w.member_unit, FULL)


def then(first: Callable[[World], None], value: str) -> Callable[[World], None]:
    def setup(w: World) -> None:
        first(w)
        set_phase(w.cluster_year, value)

    return setup


cross_open = then(member_submitted, Phase.CROSS_SCORING)


def leader_draft_on_member(w: World) -> None:
    cross_open(w)
    services.cross_sheet_save(actor=w.leader_officer, cluster_year=w.cluster_year, unit=w.member_unit, scorer=w.leader_unit,
                              entries=FULL)  # fmt: skip


def drafts_on_leader(w: World) -> None:
    cross_open(w)
    for scorer, officer in ((w.member_unit, w.member_officer), (w.deputy_unit, w.deputy_officer)):
        services.cross_sheet_save(actor=officer, cluster_year=w.cluster_year, unit=w.leader_unit, scorer=scorer, entries=FULL)


def leader_scored_member(w: World) -> None:
    leader_draft_on_member(w)
    services.cross_sheet_submit(actor=w.leader_officer, cluster_year=w.cluster_year, unit=w.member_unit, scorer=w.leader_unit)


def evidence_of(unit_attr: str, officer_attr: str, *, submitted: bool) -> Callable[[World], None]:
    def setup(w: World) -> None:
        self_open(w)
        unit, officer = getattr(w, unit_attr), getattr(w, officer_attr)
        services.evidence_upload(actor=officer, cluster_year=w.cluster_year, unit=unit, criterion_code="I.1",
                                 uploaded=SimpleUploadedFile("minh-chung.pdf", PDF, "application/pdf"))  # fmt: skip
        if submitted:
            submit_self(w, unit, FULL)

    return setup


def query_on_member(w: World) -> None:
    cross_open(w)
    services.score_query_ask(actor=w.leader_officer, cluster_year=w.cluster_year, unit=w.member_unit, scorer=w.leader_unit,
                             criterion_code="I.1", text="Đề nghị giải trình.")  # fmt: skip


def reply_with_file(w: World) -> None:
    query_on_member(w)
    services.score_query_reply(actor=w.member_officer, query=ScoreQuery.objects.get(), text="Gửi kèm văn bản.",
                               files=[SimpleUploadedFile("van-ban.pdf", PDF, "application/pdf")])


def one_reply_file(w):
    return ScoreQueryReplyFile.objects.get().pk


# --- URLs and bodies --------------------------------------------------------------------------------------
V1 = "/api/v1"


def year_api(w: World, tail: str = "") -> str:
    return f"{V1}/clusters/{w.cluster.pk}/years/2026/{tail}"


def page(name: str, *args: Callable[[World], object]) -> Callable[[World], str]:
    def build(w: World) -> str:
        return reverse(name, args=[w.cluster.pk, 2026, *[a(w) for a in args]])

    return build


def member(w):
    return w.member_unit.pk


def leader(w):
    return w.leader_unit.pk


def one_evidence(w):
    return Evidence.objects.get().pk


def member_self_sheet(w):
    return ScoreSheet.objects.get(unit=w.member_unit, kind="self").pk


def one_query(w):
    return ScoreQuery.objects.get().pk


def entries_body(w, user=None) -> dict:
    return {"entries": FULL}


def points_form(w, user=None) -> dict:
    ids = {c.code: c.pk for c in CriteriaTable.objects.get(cluster_year=w.cluster_year).criteria.all()}
    return {f"points-{ids['I.1']}": "7,5", f"note-{ids['I.1']}": "Giải trình"}


def file_form(w, user=None) -> dict:
    return {"criterion": "I.1", "file": SimpleUploadedFile("minh-chung.pdf", PDF, "application/pdf")}


API_ROWS: list[Row] = [
    Row("criteria: get", "GET", lambda w: year_api(w, "criteria/"), api(200, outsiders=404), setup=table),
    Row("criteria: put", "PUT", lambda w: year_api(w, "criteria/"), api(403, managers=200, leader_staff=200, outsiders=404),
        body=lambda w, u: SMALL_TABLE),
    Row("criteria: put once frozen (409)", "PUT", lambda w: year_api(w, "criteria/"),
        api(403, managers=409, leader_staff=409, outsiders=404), body=lambda w, u: SMALL_TABLE, setup=frozen),
    Row("criteria: put in self-assessment (409)", "PUT", lambda w: year_api(w, "criteria/"),
        api(403, managers=409, leader_staff=409, outsiders=404), body=lambda w, u: SMALL_TABLE, setup=phase(Phase.SELF_ASSESSMENT)),
    Row("self sheet: get", "GET", lambda w: year_api(w, f"scoresheets/{w.member_unit.pk}/self/"), api(200, outsiders=404),
        setup=member_draft),
    Row("self sheet: get, a unit outside the year", "GET", lambda w: year_api(w, f"scoresheets/{w.outside_unit.pk}/self/"), api(404),
        setup=self_open),
    Row("self sheet: put", "PUT", lambda w: year_api(w, f"scoresheets/{w.member_unit.pk}/self/"),
        api(403, member_officer=200, outsiders=404), body=entries_body, setup=self_open),
    Row("self sheet: put in cross-scoring (409)", "PUT", lambda w: year_api(w, f"scoresheets/{w.member_unit.pk}/self/"),
        api(403, member_officer=409, outsiders=404), body=entries_body, setup=then(self_open, Phase.CROSS_SCORING)),
    Row("self sheet: submit", "POST", lambda w: year_api(w, f"scoresheets/{w.member_unit.pk}/self/submit/"),
        api(403, member_officer=200, outsiders=404), setup=member_draft, body=lambda w, u: {"confirm_missing_evidence": True}),
    Row("self sheet: submit twice (409)", "POST", lambda w: year_api(w, f"scoresheets/{w.member_unit.pk}/self/submit/"),
        api(403, member_officer=409, outsiders=404), setup=member_submitted),
    Row("cross sheet: get", "GET", lambda w: year_api(w, f"scoresheets/{w.member_unit.pk}/by/{w.leader_unit.pk}/"),
        api(403, managers=200, secretariat=200, outsiders=404), setup=leader_draft_on_member),
    Row("cross sheet: get once ranked", "GET", lambda w: year_api(w, f"scoresheets/{w.member_unit.pk}/by/{w.leader_unit.pk}/"),
        api(200, outsiders=404), setup=then(leader_scored_member, Phase.RANKING)),
    Row("cross sheet: put", "PUT", lambda w: year_api(w, f"scoresheets/{w.member_unit.pk}/by/{w.leader_unit.pk}/"),
        api(403, leader_officer=200, outsiders=404), body=entries_body, setup=cross_open),
    Row("cross sheet: put, scoring itself (403)", "PUT", lambda w: year_api(w, f"scoresheets/{w.member_unit.pk}/by/{w.member_unit.pk}/"),
        api(403, outsiders=404), body=entries_body, setup=cross_open),
    Row("cross sheet: put in self-assessment (409)", "PUT", lambda w: year_api(w, f"scoresheets/{w.member_unit.pk}/by/{w.leader_unit.pk}/"),
        api(403, leader_officer=409, outsiders=404), body=entries_body, setup=self_open),
    Row("cross sheet: submit", "POST", lambda w: year_api(w, f"scoresheets/{w.member_unit.pk}/by/{w.leader_unit.pk}/submit/"),
        api(403, leader_officer=200, outsiders=404), setup=leader_draft_on_member),
    Row("ranking", "GET", lambda w: year_api(w, "ranking/"), api(200, outsiders=404), setup=scored_year),
    Row("ranking before the ranking phase (409)", "GET", lambda w: year_api(w, "ranking/"), api(409, outsiders=404),
        setup=phase(Phase.CROSS_SCORING)),
]  # fmt: skip

PAGE_ROWS: list[Row] = [
    Row("scoring_criteria", "GET", page("scoring_criteria"), web(200, outsiders=404), setup=table),
    Row("scoring_criteria[post sample]", "POST", page("scoring_criteria"), web(403, managers=302, leader_staff=302, outsiders=404),
        body=lambda w, u: {"action": "sample"}),
    Row("scoring_criteria[post once frozen]", "POST", page("scoring_criteria"), web(403, managers=409, leader_staff=409, outsiders=404),
        body=lambda w, u: {"action": "sample"}, setup=frozen),
    Row("scoring_criteria_export", "GET", page("scoring_criteria_export"), web(200, outsiders=404), setup=table),
    Row("scoring_self_home", "GET", page("scoring_self_home"), web(200, outsiders=404), setup=member_draft),
    Row("scoring_self", "GET", page("scoring_self", member), web(200, outsiders=404), setup=member_draft),
    Row("scoring_self[post]", "POST", page("scoring_self", member), web(403, member_officer=302, outsiders=404), body=points_form,
        setup=self_open),
    Row("scoring_self_submit", "POST", page("scoring_self_submit", member), web(403, member_officer=302, outsiders=404),
        setup=member_draft, body=lambda w, u: {"confirm_missing_evidence": "1"}),
    Row("scoring_preview", "POST", page("scoring_preview"), web(200, outsiders=404), body=points_form, setup=self_open),
    Row("scoring_evidence_upload", "POST", page("scoring_evidence_upload", member), web(403, member_officer=302, outsiders=404),
        body=file_form, setup=self_open),
    Row("scoring_evidence[own, not submitted]", "GET", page("scoring_evidence", one_evidence),
        web(200, member_officer=403, member_head=403, member_delegate=403, outsiders=404),
        setup=evidence_of("leader_unit", "leader_officer", submitted=False)),
    Row("scoring_evidence[submitted]", "GET", page("scoring_evidence", one_evidence),
        web(200, member_delegate=403, outsiders=404), setup=evidence_of("leader_unit", "leader_officer", submitted=True)),
    Row("scoring_evidence_delete", "POST", page("scoring_evidence_delete", one_evidence), web(403, member_officer=302, outsiders=404),
        setup=evidence_of("member_unit", "member_officer", submitted=False)),
    Row("scoring_reopen", "POST", page("scoring_reopen", member_self_sheet), web(403, managers=302, secretariat=302, outsiders=404),
        body=lambda w, u: {"reason": "Đơn vị nộp nhầm"}, setup=member_submitted),
    Row("scoring_cross_home", "GET", page("scoring_cross_home"), web(200, outsiders=404), setup=cross_open),
    Row("scoring_cross", "GET", page("scoring_cross", leader),
        web(403, deputy_officer=200, member_officer=200, member_head=200, outsiders=404), setup=cross_open),
    Row("scoring_cross[post]", "POST", page("scoring_cross", leader), web(403, deputy_officer=302, member_officer=302, outsiders=404),
        body=points_form, setup=cross_open),
    Row("scoring_cross_by", "GET", page("scoring_cross_by", member, leader), web(403, managers=200, secretariat=200, outsiders=404),
        setup=leader_scored_member),
    Row("scoring_cross_submit", "POST", page("scoring_cross_submit", leader),
        web(403, deputy_officer=302, member_officer=302, outsiders=404), setup=drafts_on_leader),
    Row("scoring_query_ask", "POST", page("scoring_query_ask", member), web(403, leader_officer=302, deputy_officer=302, outsiders=404),
        body=lambda w, u: {"criterion": "I.1", "text": "Đề nghị giải trình."}, setup=cross_open),
    Row("scoring_query_reply", "POST", page("scoring_query_reply", one_query),
        web(403, leader_officer=302, member_officer=302, outsiders=404), body=lambda w, u: {"text": "Trả lời."}, setup=query_on_member),
    Row("scoring_query_file", "GET", page("scoring_query_file", one_reply_file),
        web(404, managers=200, leader_staff=200, member_officer=200, member_head=200), setup=reply_with_file),
    Row("scoring_assignments", "GET", page("scoring_assignments"), web(200, outsiders=404)),
    Row("scoring_assignments[post]", "POST", page("scoring_assignments"), web(403, managers=302, leader_staff=302, outsiders=404),
        body=lambda w, u: {f"a-{w.member_unit.pk}-{w.leader_unit.pk}": "on"}),
    Row("scoring_ranking", "GET", page("scoring_ranking"), web(200, outsiders=404), setup=scored_year),
    Row("scoring_ranking[before the phase]", "GET", page("scoring_ranking"), web(409, outsiders=404), setup=phase(Phase.CROSS_SCORING)),
    Row("scoring_ranking_export", "GET", page("scoring_ranking_export"), web(200, outsiders=404), setup=scored_year),
    Row("scoring_ranking_annex_preview", "GET", page("scoring_ranking_annex_preview"), web(200, outsiders=404), setup=scored_year),
    Row("scoring_ranking_annex_docx", "GET", page("scoring_ranking_annex_docx"), web(200, outsiders=404), setup=scored_year),
    Row("scoring_ranking_annex_pdf", "GET", page("scoring_ranking_annex_pdf"), web(200, outsiders=404), setup=scored_year),
    Row("scoring_ranking_annex_pdf[before the phase]", "GET", page("scoring_ranking_annex_pdf"), web(409, outsiders=404),
        setup=phase(Phase.CROSS_SCORING)),
    Row("scoring_unit_totals", "GET", lambda w: reverse("scoring_unit_totals", args=[w.member_unit.pk]), web(200), setup=scored_year),
]  # fmt: skip


@pytest.fixture(scope="module", autouse=True)
def _media(tmp_path_factory):
    # Module-wide: the rows' setups (built once per row, before any function fixture) upload files.
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


class TestApi:
    @pytest.mark.parametrize("case", API_ROWS, indirect=True, ids=str)
    def test_api(self, case, db):
        check_roles(case)


class TestPages:
    @pytest.mark.parametrize("case", PAGE_ROWS, indirect=True, ids=str)
    def test_pages(self, case, db):
        row, world = case
        assert resolve(row.url(world)).url_name == row.route, "a page row is named after its route"
        check_roles(case)


def test_every_endpoint_has_a_row(world):
    covered = {(resolve(row.url(world)).url_name, row.method) for row in API_ROWS}
    missing = []
    for pattern in urls_scoring.urlpatterns:
        assert isinstance(pattern, URLPattern)
        view_class = getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            if hasattr(view_class, method.lower()) and (pattern.name, method) not in covered:
                missing.append(f"{method} {pattern.pattern}")
    assert not missing, f"Add rows to API_ROWS for: {missing}"


def test_every_page_has_a_row():
    names = {row.route for row in PAGE_ROWS}  # page rows are named after their route
    missing = [str(p.pattern) for p in scoring_urls.urlpatterns if p.name not in names]
    assert not missing, f"Add rows to PAGE_ROWS for: {missing}"

"""Who may call which endpoint of the award catalogue, ratings, registry, eligibility and
proposals (API v1 "Awards"), and open the year's ratings page. Every row is tried by every
role of the `world` fixture in the row's state and must answer exactly the status in its
table (tests/matrix/helpers.py check(): a refusal writes nothing; Bộ B's people never see
Bộ A's cluster). A unit is readable by every signed-in person; its ratings are written by
an officer of an organizer whose clusters it was in. The tests at the end fail until every
route of thidua.api.urls_awards and thidua.awards.urls has a row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import URLPattern, resolve, reverse

from tests.conftest import World
from tests.matrix.helpers import Row, check_roles, statuses
from thidua.api import urls_awards
from thidua.awards import urls as awards_urls

GROUPS = {
    "managers": ["admin", "organizer"],
    "outsiders": ["other_organizer", "outside_officer"],
}
api, web = statuses(GROUPS)
V1 = "/api/v1"


def decision_body(w: World, user=None) -> dict:
    # the member unit has no rating nor proposal: recorded only with a reason
    return {
        "organizer": w.organizer.pk,
        "number": "9/QĐ-BA",
        "date": "2026-12-20",
        "signer": "Thứ trưởng",
        "year": 2026,
        "awards": [{"unit": w.member_unit.pk, "award": "merit_minister"}],
        "override_reason": "Quyết định trực tiếp",
    }


def with_decision(w: World) -> None:
    from thidua.awards.models import Award, Decision

    decision, created = Decision.objects.get_or_create(
        organizer=w.organizer, number="1/QĐ-BA", year=2025, defaults={"date": dt.date(2026, 1, 5), "signer": "Thứ trưởng"}
    )
    if created:
        Award.objects.create(decision=decision, unit=w.member_unit, award="merit_minister", year=2025)


def decision_url(w: World, tail: str = "") -> str:
    from thidua.awards.models import Decision

    return f"{V1}/decisions/{Decision.objects.get(number='1/QĐ-BA').pk}/{tail}"


def ratings_page(w: World) -> str:
    return reverse("awards_year_ratings", args=[w.cluster.pk, 2026])


API_ROWS: list[Row] = [
    Row("award kinds", "GET", lambda w: f"{V1}/award-kinds/", api(200)),
    Row("rating: read", "GET", lambda w: f"{V1}/units/{w.member_unit.pk}/ratings/2025/", api(200)),
    Row("rating: read, unknown unit", "GET", lambda w: f"{V1}/units/999999/ratings/2025/", api(404)),
    Row(
        "rating: write",
        "PUT",
        lambda w: f"{V1}/units/{w.member_unit.pk}/ratings/2025/",
        api(403, organizer=200),
        body=lambda w, u: {"rating": "excellent", "note": ""},
    ),
    Row(
        "rating: write Bộ B's unit",
        "PUT",
        lambda w: f"{V1}/units/{w.outside_unit.pk}/ratings/2025/",
        api(403, other_organizer=200),
        body=lambda w, u: {"rating": "good"},
    ),
    Row(
        "rating: write, unknown rating",
        "PUT",
        lambda w: f"{V1}/units/{w.member_unit.pk}/ratings/2025/",
        api(403, organizer=400),
        body=lambda w, u: {"rating": "gioi"},
    ),
    Row("awards of a unit", "GET", lambda w: f"{V1}/units/{w.member_unit.pk}/awards/?include_predecessors=1", api(200)),
    Row("awards, unknown unit", "GET", lambda w: f"{V1}/units/999999/awards/", api(404)),
    Row("eligibility", "GET", lambda w: f"{V1}/units/{w.member_unit.pk}/eligibility/?award=flag_ministry&year=2026", api(200)),
    Row("eligibility, unknown award", "GET", lambda w: f"{V1}/units/{w.member_unit.pk}/eligibility/?award=x&year=2026", api(400)),
    Row("proposals of the year", "GET", lambda w: f"{V1}/clusters/{w.cluster.pk}/years/2026/proposals/", api(200, outsiders=404)),
    Row("decisions: list", "GET", lambda w: f"{V1}/decisions/?year=2025", api(200), setup=with_decision),
    Row("decisions: record", "POST", lambda w: f"{V1}/decisions/", api(403, organizer=201), body=decision_body),
    Row(
        "decisions: record, a number used",
        "POST",
        lambda w: f"{V1}/decisions/",
        api(403, organizer=409),
        setup=with_decision,
        body=lambda w, u: {**decision_body(w), "number": "1/QĐ-BA", "year": 2025},
    ),
    Row("decisions: detail", "GET", decision_url, api(200), setup=with_decision),
    Row("decisions: detail, unknown", "GET", lambda w: f"{V1}/decisions/999999/", api(404)),
    Row(
        "decisions: revoke",
        "POST",
        lambda w: decision_url(w, "revoke/"),
        api(403, organizer=200),
        setup=with_decision,
        body=lambda w, u: {"reason": "Kê khai không trung thực", "basis": "Luật Thi đua, khen thưởng số 06/2022/QH15"},
    ),
    Row("proposals of an unknown year", "GET", lambda w: f"{V1}/clusters/{w.cluster.pk}/years/2030/proposals/", api(404)),
]

PAGE_ROWS: list[Row] = [
    Row(
        "awards_year_ratings_xlsx",
        "GET",
        lambda w: reverse("awards_year_ratings_xlsx", args=[w.cluster.pk, 2026]),
        web(200, outsiders=404),
    ),
    Row("awards_year_ratings", "GET", ratings_page, web(200, outsiders=404)),
    Row(
        "awards_year_ratings[save]",
        "POST",
        ratings_page,
        web(403, organizer=302, admin=403, outsiders=404),
        body=lambda w, u: {f"rating-{w.member_unit.pk}": "excellent"},
    ),
]


def decision_page(w: World, tail: str = "") -> str:
    from thidua.awards.models import Decision

    return reverse("awards_decision" + tail, args=[Decision.objects.get(number="1/QĐ-BA").pk])


def decision_document_url(w: World) -> str:
    from thidua.awards.models import Decision

    return reverse("awards_decision_document", args=[Decision.objects.get(number="1/QĐ-BA").pk, "preview"])


def decision_form(w: World, user=None) -> dict:
    return {
        "year": 2026, "number": "9/QĐ-BA", "date": "2026-12-20", "signer": "Thứ trưởng", "action": "save", "rows": 1,
        "unit-0": w.member_unit.pk, "award-0": "merit_minister", "reason-0": "Quyết định trực tiếp",
    }  # fmt: skip


def with_signed_copy(w: World) -> None:
    """The decision recorded from a signed copy (the file as it is kept; its check is
    tested in tests/awards/test_decision_signed_copy.py)."""
    from django.core.files.base import ContentFile

    from thidua.awards.models import Decision

    with_decision(w)
    decision = Decision.objects.get(number="1/QĐ-BA")
    if not decision.signed_copy:
        decision.signed_copy.save("x.pdf", ContentFile(b"%PDF-1.7 signed"), save=False)
        decision.signed_copy_verdict = "unsigned"
        decision.save()


def with_predecessor(w: World) -> None:
    from tests.factories import UnitFactory
    from thidua.org.models import UnitLineage

    if not UnitLineage.objects.filter(successor=w.member_unit).exists():
        old = UnitFactory(name="Sở Ngoại vụ (tiền thân)", valid_to=dt.date(2025, 6, 30), managed_by=w.organizer)
        UnitLineage.objects.create(predecessor=old, successor=w.member_unit)


def predecessor_of(w: World):
    from thidua.org.models import UnitLineage

    return UnitLineage.objects.filter(successor=w.member_unit).select_related("predecessor").first().predecessor


def not_a_pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("quyet-dinh.pdf", b"PK\x03\x04 not a pdf", "application/pdf")


def decision_form_with_a_copy(w: World, user=None) -> dict:
    return {**decision_form(w, user), "signed_copy": not_a_pdf()}


PAGE_ROWS += [
    Row("awards_year_discipline", "GET", lambda w: reverse("awards_year_discipline", args=[w.cluster.pk, 2026]), web(200, outsiders=404)),
    Row(
        "awards_year_discipline[save]",
        "POST",
        lambda w: reverse("awards_year_discipline", args=[w.cluster.pk, 2026]),
        web(403, organizer=302, outsiders=404),
        body=lambda w, u: {"unit": w.member_unit.pk, "subject": "head", "note": "Khiển trách"},
    ),
    Row("awards_year_awards", "GET", lambda w: reverse("awards_year_awards", args=[w.cluster.pk, 2026]), web(200, outsiders=404)),
    Row("awards_registry", "GET", lambda w: reverse("awards_registry") + "?year=2025", web(200), setup=with_decision),
    Row("awards_registry_xlsx", "GET", lambda w: reverse("awards_registry_xlsx"), web(200), setup=with_decision),
    Row("awards_import", "GET", lambda w: reverse("awards_import"), web(403, organizer=200, other_organizer=200)),
    Row(
        "awards_import[check without a file]",
        "POST",
        lambda w: reverse("awards_import"),
        web(403, organizer=400, other_organizer=400),
        body=lambda w, u: {"action": "check"},
    ),
    Row(
        "awards_rule_adjustments",
        "GET",
        lambda w: reverse("awards_rule_adjustments", args=[2026]),
        web(403, organizer=200, other_organizer=200),
    ),
    Row(
        "awards_rule_adjustments[save]",
        "POST",
        lambda w: reverse("awards_rule_adjustments", args=[2026]),
        web(403, organizer=302, other_organizer=302),
        body=lambda w, u: {"key": "merit_minister.ratings.years", "value": "3", "reason": "Nâng chuẩn"},
    ),
    Row("awards_decisions", "GET", lambda w: reverse("awards_decisions") + "?year=2025", web(200), setup=with_decision),
    Row(
        "awards_decision_new", "GET", lambda w: reverse("awards_decision_new") + "?year=2026", web(403, organizer=200, other_organizer=200)
    ),
    Row(
        "awards_decision_new[save]",
        "POST",
        lambda w: reverse("awards_decision_new"),
        # Bộ B's officer may record its own decisions, not for Bộ A's unit (not among its units: 400)
        web(403, organizer=302, other_organizer=400),
        body=decision_form,
    ),
    Row(
        "awards_decision_new[save with a signed copy that is not a PDF]",
        "POST",
        lambda w: reverse("awards_decision_new"),
        web(403, organizer=400, other_organizer=400),
        body=decision_form_with_a_copy,
    ),
    Row("awards_decision", "GET", decision_page, web(200), setup=with_decision),
    Row("awards_decision[with a signed copy]", "GET", decision_page, web(200), setup=with_signed_copy),
    Row(
        "awards_decision_signed_copy",
        "GET",
        lambda w: decision_page(w, "_signed_copy"),
        # the organizer's officers and the unit the decision names; anyone else does not learn it exists
        web(404, organizer=200, admin=200, member_officer=200, member_head=200),
        setup=with_signed_copy,
    ),
    Row(
        "awards_decision_signed_copy_add[not a PDF]",
        "POST",
        lambda w: decision_page(w, "_signed_copy_add"),
        # the organizer's officer is told why on the page (302 back); nobody else may add one
        web(403, organizer=302),
        setup=with_decision,
        body=lambda w, u: {"signed_copy": not_a_pdf()},
    ),
    Row(
        "awards_carry_over",
        "POST",
        lambda w: reverse("awards_carry_over", args=[w.member_unit.pk]),
        # an officer of an organizer whose clusters the unit was in sets the lineage policy
        web(403, organizer=302),
        setup=with_predecessor,
        body=lambda w, u: {"predecessor": predecessor_of(w).pk, "action": "carry", "reason": "Hợp nhất nguyên trạng"},
    ),
    Row(
        "awards_decision_document",
        "GET",
        decision_document_url,
        web(403, organizer=200),
        setup=with_decision,
    ),
    Row(
        "awards_decision_revoke",
        "POST",
        lambda w: decision_page(w, "_revoke"),
        web(403, organizer=302),
        setup=with_decision,
        body=lambda w, u: {"reason": "Kê khai không trung thực", "basis": "Luật Thi đua, khen thưởng số 06/2022/QH15"},
    ),
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


def _covered(world, rows) -> set[tuple[str, str]]:
    covered = set()
    for row in rows:
        if row.setup:
            row.setup(world)
        covered.add((resolve(row.url(world).split("?")[0]).url_name, row.method))
    return covered


def test_every_endpoint_has_a_row(world):
    from tests.matrix.test_dossier_matrix import API_ROWS as DOSSIER_API_ROWS

    covered = _covered(world, API_ROWS + DOSSIER_API_ROWS)
    missing = []
    for pattern in urls_awards.urlpatterns:
        assert isinstance(pattern, URLPattern)
        view_class = getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            if hasattr(view_class, method.lower()) and (pattern.name, method) not in covered:
                missing.append(f"{method} {pattern.pattern}")
    assert not missing, f"Add rows to API_ROWS for: {missing}"


def test_every_page_has_a_row(world):
    from tests.matrix.test_dossier_matrix import PAGE_ROWS as DOSSIER_PAGE_ROWS

    names = {name for name, _method in _covered(world, PAGE_ROWS + DOSSIER_PAGE_ROWS)}
    missing = [str(p.pattern) for p in awards_urls.urlpatterns if p.name not in names]
    assert not missing, f"Add rows to PAGE_ROWS for: {missing}"

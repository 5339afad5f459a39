"""Who may call which API endpoint: every row below is tried by every role of the `world`
fixture (tests/conftest.py ROLES), in the row's state rolled back to for each case, and
must answer exactly the status in its table (tests/matrix/helpers.py check()).

To add an endpoint, add rows to ROWS (a later part of the API: its own block). Build the
expected statuses with `expect()`, which starts from "every signed-in role gets `default`,
anonymous gets 401" and takes the exceptions by role or by group (GROUPS). The test
`test_every_endpoint_has_a_row` fails until every route and method of thidua.api has one.
Writes go through the API only; `setup` may put the world in a state (e.g. a phase)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import URLPattern, URLResolver, resolve

from tests.conftest import World
from tests.factories import PASSWORD, current_province
from tests.matrix.helpers import Row, check_roles, statuses
from thidua.api import v1_urls
from thidua.org.models import ClusterYear, Phase

GROUPS = {
    # Bộ A's office and the system admin.
    "managers": ["admin", "organizer"],
    # Staff of the units of Bộ A's cluster (2026: leader, deputy1, member).
    "cluster_staff": ["leader_officer", "leader_head", "deputy_officer", "member_officer", "member_head", "member_delegate"],
    "leader_staff": ["leader_officer", "leader_head"],
    "other_cluster_staff": ["deputy_officer", "member_officer", "member_head", "member_delegate"],
    # Bộ B's officer and the staff of Bộ B's cluster: Bộ A's things are invisible to them.
    "outsiders": ["other_organizer", "outside_officer"],
    "unit_staff": [
        "leader_officer", "leader_head", "deputy_officer", "member_officer", "member_head", "member_delegate", "outside_officer",
    ],
}
expect, _web = statuses(GROUPS)


V1 = "/api/v1"


def cluster_year(w: World, year: int = 2026) -> str:
    return f"{V1}/clusters/{w.cluster.pk}/years/{year}/"


def members_body(w: World, user=None) -> dict:
    return {"members": [
        {"unit": w.leader_unit.pk, "role": "leader"}, {"unit": w.member_unit.pk, "role": "deputy1"},
        {"unit": w.deputy_unit.pk, "role": "member"},
    ]}


def unit_body(w: World, user=None) -> dict:
    return {
        "name": "Sở Ngoại vụ tỉnh Quảng Trị", "symbol": "SNgV", "kind": "foreign_affairs_department",
        "province": current_province("Quảng Trị").pk, "valid_from": "2025-07-01", "predecessors": [w.member_unit.pk],
    }


def in_phase(phase: str) -> Callable[[World], None]:
    def setup(w: World) -> None:
        ClusterYear.objects.filter(pk=w.cluster_year.pk).update(phase=phase)

    return setup


ROWS: list[Row] = [
    # --- auth ---------------------------------------------------------------------------------
    Row("token", "POST", lambda w: f"{V1}/auth/token/", expect(200, anonymous=400), auth="credentials"),
    Row("tokens: own list", "GET", lambda w: f"{V1}/auth/tokens/", expect(200)),
    # Every user's tokens but their own are unknown to them (tests/api/test_tokens.py).
    Row("tokens: revoke an unknown one", "DELETE", lambda w: f"{V1}/auth/tokens/0123456789abcde/", expect(404)),
    # Signed in here without a token (a session): nothing to revoke.
    Row("sign-out without a token", "POST", lambda w: f"{V1}/auth/logout/", expect(400)),
    Row("me", "GET", lambda w: f"{V1}/me/", expect(200)),
    # --- organisation -------------------------------------------------------------------------
    Row("provinces", "GET", lambda w: f"{V1}/provinces/?era=current", expect(200)),
    Row("organizers", "GET", lambda w: f"{V1}/organizers/", expect(200)),
    Row("units: list", "GET", lambda w: f"{V1}/units/?q=thanh hoa&active_on=2026-01-01", expect(200)),
    Row("units: detail", "GET", lambda w: f"{V1}/units/{w.leader_unit.pk}/", expect(200)),
    Row("units: detail of another organizer's unit", "GET", lambda w: f"{V1}/units/{w.outside_unit.pk}/", expect(200)),
    Row("units: detail, unknown id", "GET", lambda w: f"{V1}/units/999999/", expect(404)),
    Row("units: create", "POST", lambda w: f"{V1}/units/", expect(403, managers=201, other_organizer=201), body=unit_body),
    Row(
        "units: patch", "PATCH", lambda w: f"{V1}/units/{w.member_unit.pk}/", expect(403, managers=200),
        body=lambda w, u: {"valid_to": "2026-12-31"},
    ),
    Row("units: patch, unknown id", "PATCH", lambda w: f"{V1}/units/999999/", expect(404), body=lambda w, u: {"valid_to": "2026-12-31"}),
    Row("users: list", "GET", lambda w: f"{V1}/users/?unit={w.member_unit.pk}", expect(403, managers=200, other_organizer=200)),
    Row(
        "users: create unit staff", "POST", lambda w: f"{V1}/users/", expect(403, managers=201),
        body=lambda w, u: {"username": "can.bo.moi", "password": PASSWORD, "unit": w.member_unit.pk, "roles": ["officer"]},
    ),
    Row(
        "users: create organizer officer", "POST", lambda w: f"{V1}/users/", expect(403, managers=201),
        body=lambda w, u: {"username": "can.bo.to.chuc", "password": PASSWORD, "organizer": w.organizer.pk, "roles": ["organizer"]},
    ),
    Row("clusters: list", "GET", lambda w: f"{V1}/clusters/", expect(200)),
    Row(
        "clusters: create", "POST", lambda w: f"{V1}/clusters/", expect(403, managers=201),
        body=lambda w, u: {"name": "Cụm thi đua số 5", "number": "5", "kind": "cluster", "organizer": w.organizer.pk},
    ),
    Row("clusters: detail", "GET", lambda w: f"{V1}/clusters/{w.cluster.pk}/", expect(200, outsiders=404)),
    Row(
        "clusters: detail of Bộ B's cluster", "GET", lambda w: f"{V1}/clusters/{w.other_cluster.pk}/",
        expect(404, admin=200, outsiders=200),
    ),
    Row("clusters: year", "GET", cluster_year, expect(200, outsiders=404)),
    Row("clusters: year that does not exist", "GET", lambda w: cluster_year(w, 2030), expect(404)),
    Row("clusters: set members", "PUT", cluster_year, expect(403, managers=200, outsiders=404), body=members_body),
    Row("clusters: set members of a new year", "PUT", lambda w: cluster_year(w, 2027), expect(403, managers=200, outsiders=404),
        body=members_body),
    Row(
        "clusters: phase forward", "POST", lambda w: cluster_year(w) + "phase/", expect(403, managers=200, leader_staff=200, outsiders=404),
        body=lambda w, u: {"phase": Phase.LAUNCHED},
    ),
    Row(
        "clusters: phase, skipping one (409)", "POST", lambda w: cluster_year(w) + "phase/",
        expect(403, managers=409, leader_staff=409, outsiders=404), body=lambda w, u: {"phase": Phase.COVENANT},
    ),
    Row(
        "clusters: phase back, with a reason", "POST", lambda w: cluster_year(w) + "phase/", expect(403, managers=200, outsiders=404),
        body=lambda w, u: {"phase": Phase.PREPARING, "reason": "Phát động lại"}, setup=in_phase(Phase.LAUNCHED),
    ),
    Row(
        "clusters: phase of a year that does not exist", "POST", lambda w: cluster_year(w, 2030) + "phase/", expect(404),
        body=lambda w, u: {"phase": Phase.LAUNCHED},
    ),
]


class TestMatrix:
    @pytest.mark.parametrize("case", ROWS, indirect=True, ids=str)
    def test_matrix(self, case, db):
        check_roles(case)


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


# This matrix covers the organisation and sign-in endpoints; each later app's matrix
# (tests/matrix/test_<app>_matrix.py) checks that its own endpoints all have rows.
OWN_VIEW_MODULES = {"thidua.api.views.org", "thidua.api.views.auth"}


def test_every_endpoint_has_a_row(world):
    covered = {(resolve(row.url(world).split("?")[0]).url_name, row.method) for row in ROWS}
    missing = []
    for route, pattern in _routes(v1_urls.urlpatterns):
        view_class = getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)
        if view_class is None or view_class.__module__ not in OWN_VIEW_MODULES:
            continue
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            if hasattr(view_class, method.lower()) and (pattern.name, method) not in covered:
                missing.append(f"{method} {route}")
    assert not missing, f"Add rows to the matrix for: {missing}"

"""Who may open which page: every row below is tried by every role of the `world` fixture
(tests/conftest.py ROLES), rolled back to the same world for each case, and must answer
exactly the status in its table (tests/matrix/helpers.py check()). Anonymous visitors are always sent to the sign-in page (302).

To add a page, add a Row to ROWS (later features: their own block). Build the expected
statuses with `expect()`: "every signed-in role gets `default`", then the exceptions by
role or by group (GROUPS). `test_every_page_has_a_row` fails until every named route of
thidua.org.urls has at least one row. Status conventions: 404 when the object belongs to
an organizer the person may not see (its existence must not leak), 403 when the person
sees it but may not do this, 302 after a successful POST."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests.conftest import ROLES, World
from tests.matrix.helpers import Row, check, statuses
from thidua.org import urls as org_urls

GROUPS = {
    # Bộ A's office and the system admin.
    "managers": ["admin", "organizer"],
    # Staff of the units of Bộ A's cluster (2026: leader, deputy1, member).
    "cluster_staff": ["leader_officer", "leader_head", "deputy_officer", "member_officer", "member_head", "member_delegate"],
    # Bộ B's officer and the staff of Bộ B's cluster: Bộ A's clusters are invisible to them.
    "outsiders": ["other_organizer", "outside_officer"],
    "unit_staff": [
        "leader_officer", "leader_head", "deputy_officer", "member_officer", "member_head", "member_delegate", "outside_officer",
    ],
}
_api, expect = statuses(GROUPS)  # pages: anonymous visitors are sent to sign in (302)


def url(name: str, *args: Callable[[World], object], query: Callable[[World], dict] | None = None) -> Callable[[World], str]:
    """url("cluster_detail", lambda w: w.cluster.pk) -> a builder of that page's URL."""

    def build(w: World) -> str:
        path = reverse(name, args=[arg(w) for arg in args])
        return f"{path}?{urlencode(query(w), doseq=True)}" if query else path

    return build


def cluster_a(w):
    return w.cluster.pk


def cluster_b(w):
    return w.other_cluster.pk


def cluster_data(w, user=None) -> dict:
    return {"organizer": w.organizer.pk, "kind": "cluster", "number": "77", "name": "Cụm thi đua số 77", "region": ""}


def members_data(w, user=None) -> dict:
    return {
        "unit": [w.leader_unit.pk, w.deputy_unit.pk, w.member_unit.pk],
        "role": ["member", "leader", "deputy1"],
        "reason": "Kết quả bầu tại Hội nghị tổng kết",
    }


def unit_data(w, user=None) -> dict:
    return {"name": "Sở Ngoại vụ tỉnh Thử Nghiệm", "symbol": "SNgV", "kind": "foreign_affairs_department", "province": "",
            "parent_authority": "", "head_title": "Giám đốc", "valid_from": "", "valid_to": ""}


# Bộ A's cluster: its managers edit it, its unit staff read it, Bộ B's people never see it.
A_CLUSTER_READ = expect(200, outsiders=404)
A_CLUSTER_MANAGE = expect(403, managers=200, outsiders=404)
A_CLUSTER_MANAGE_POST = expect(403, managers=302, outsiders=404)

ROWS = [
    Row("dashboard", "GET", url("dashboard"), expect(200)),
    # --- clusters ---------------------------------------------------------------------------
    Row("cluster_list", "GET", url("cluster_list"), expect(200)),
    Row("cluster_list[search]", "GET", url("cluster_list", query=lambda w: {"q": "số 1"}), expect(200)),
    Row("cluster_create", "GET", url("cluster_create"), expect(200, unit_staff=403)),
    # An officer's new cluster is always their own organizer's (the organizer field is the admin's only).
    Row("cluster_create[post]", "POST", url("cluster_create"), expect(302, unit_staff=403), cluster_data),
    Row("cluster_detail[A]", "GET", url("cluster_detail", cluster_a), A_CLUSTER_READ),
    Row("cluster_detail[B]", "GET", url("cluster_detail", cluster_b), expect(404, admin=200, outsiders=200)),
    Row("cluster_detail[missing]", "GET", url("cluster_detail", lambda w: 999999), expect(404)),
    Row("cluster_edit", "GET", url("cluster_edit", cluster_a), A_CLUSTER_MANAGE),
    Row("cluster_edit[B]", "GET", url("cluster_edit", cluster_b), expect(404, admin=200, other_organizer=200, outside_officer=403)),
    Row("cluster_edit[post]", "POST", url("cluster_edit", cluster_a), A_CLUSTER_MANAGE_POST,
        lambda w, u: {"kind": "cluster", "number": "1", "name": "Cụm thi đua số 1 (sửa)", "region": ""}),
    Row("cluster_year_members", "GET", url("cluster_year_members", cluster_a, lambda w: 2026), A_CLUSTER_MANAGE),
    Row("cluster_year_members[new year]", "GET", url("cluster_year_members", cluster_a, lambda w: 2027), A_CLUSTER_MANAGE),
    Row("cluster_year_members[copy]", "GET", url("cluster_year_members", cluster_a, lambda w: 2027, query=lambda w: {"chep": 2026}),
        A_CLUSTER_MANAGE),
    Row("cluster_year_members[post]", "POST", url("cluster_year_members", cluster_a, lambda w: 2026), A_CLUSTER_MANAGE_POST, members_data),
    Row("cluster_year_members[post bad]", "POST", url("cluster_year_members", cluster_a, lambda w: 2026),
        expect(403, managers=400, outsiders=404),
        lambda w, u: {"unit": [w.leader_unit.pk, w.deputy_unit.pk], "role": ["leader", "leader"]}),
    Row("unit_search", "GET", url("unit_search", query=lambda w: {"cluster": w.cluster.pk, "year": 2026, "q": "so ngoai vu"}),
        A_CLUSTER_MANAGE),
    Row("unit_search[add]", "GET", url("unit_search", query=lambda w: {"cluster": w.cluster.pk, "year": 2026, "add": w.outside_unit.pk}),
        A_CLUSTER_MANAGE),
    # --- units ------------------------------------------------------------------------------
    Row("unit_list", "GET", url("unit_list"), expect(200)),
    Row("unit_list[filters]", "GET", url("unit_list", query=lambda w: {"q": "thanh hoa", "active_on": "01/07/2025", "trang": 2}),
        expect(200)),
    Row("unit_create", "GET", url("unit_create"), expect(200, unit_staff=403)),
    Row("unit_create[post]", "POST", url("unit_create"), expect(302, unit_staff=403), unit_data),
    # The unit catalogue is shared; the unit's managing organizer (and the admin) edit it.
    Row("unit_detail", "GET", url("unit_detail", lambda w: w.leader_unit.pk), expect(200)),
    Row("unit_detail[B]", "GET", url("unit_detail", lambda w: w.outside_unit.pk), expect(200)),
    Row("unit_edit", "GET", url("unit_edit", lambda w: w.leader_unit.pk), expect(403, managers=200)),
    Row("unit_edit[post]", "POST", url("unit_edit", lambda w: w.leader_unit.pk), expect(403, managers=302),
        lambda w, u: {**unit_data(w), "name": "Sở Ngoại vụ tỉnh Thanh Hóa"}),
    Row("unit_edit[missing]", "GET", url("unit_edit", lambda w: 999999), expect(404)),
    # --- audit trail ------------------------------------------------------------------------
    Row("audit_list", "GET", url("audit_list"), expect(200, unit_staff=403)),
    Row("audit_list[filters]", "GET", url("audit_list", query=lambda w: {"action": "cluster.create", "cluster": w.cluster.pk}),
        expect(200, unit_staff=403)),
    # --- the user's own password (tests/api/test_tokens.py: the change itself) -----------------
    Row("password_change", "get", url("password_change"), expect(200)),
]

class TestPages:
    @pytest.mark.parametrize("role", ROLES)
    @pytest.mark.parametrize("case", ROWS, indirect=True, ids=str)
    def test_page_access(self, case, role: str, db):
        check(case, role)


def test_every_page_has_a_row():
    routes = {pattern.name for pattern in org_urls.urlpatterns if pattern.name}
    covered = {row.route for row in ROWS}
    assert routes - covered == set(), "pages without a row in ROWS"

"""Who may open which page: every row below is tried by every role of the `world` fixture
(tests/conftest.py ROLES), on a fresh world each time, and must answer exactly the status
in its table. Anonymous visitors are always sent to the sign-in page (302).

To add a page, add a Row to ROWS (later features: their own block). Build the expected
statuses with `expect()`: "every signed-in role gets `default`", then the exceptions by
role or by group (GROUPS). `test_every_page_has_a_row` fails until every named route of
thidua.org.urls has at least one row. Status conventions: 404 when the object belongs to
an organizer the person may not see (its existence must not leak), 403 when the person
sees it but may not do this, 302 after a successful POST."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests.conftest import ROLES, World
from thidua.org import urls as org_urls

SIGNED_IN = [role for role in ROLES if role != "anonymous"]
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


def expect(default: int, **overrides: int) -> dict[str, int]:
    """{role: status}: 302 (to sign in) for anonymous, `default` for every signed-in role,
    then `overrides` by role or group name, in the order given."""
    table = {"anonymous": 302, **dict.fromkeys(SIGNED_IN, default)}
    for name, status in overrides.items():
        roles = GROUPS.get(name, [name])
        assert set(roles) <= set(ROLES), name
        table.update(dict.fromkeys(roles, status))
    return table


@dataclass(frozen=True)
class Row:
    name: str
    method: str  # "get" or "post"
    url: Callable[[World], str]
    expected: dict[str, int]
    data: Callable[[World], dict] | None = None

    @property
    def route(self) -> str:
        return self.name.split("[")[0]


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


def cluster_data(w) -> dict:
    return {"organizer": w.organizer.pk, "kind": "cluster", "number": "77", "name": "Cụm thi đua số 77", "region": ""}


def members_data(w) -> dict:
    return {
        "unit": [w.leader_unit.pk, w.deputy_unit.pk, w.member_unit.pk],
        "role": ["member", "leader", "deputy1"],
        "reason": "Kết quả bầu tại Hội nghị tổng kết",
    }


def unit_data(w) -> dict:
    return {"name": "Sở Ngoại vụ tỉnh Thử Nghiệm", "symbol": "SNgV", "kind": "foreign_affairs_department", "province": "",
            "parent_authority": "", "head_title": "Giám đốc", "valid_from": "", "valid_to": ""}


# Bộ A's cluster: its managers edit it, its unit staff read it, Bộ B's people never see it.
A_CLUSTER_READ = expect(200, outsiders=404)
A_CLUSTER_MANAGE = expect(403, managers=200, outsiders=404)
A_CLUSTER_MANAGE_POST = expect(403, managers=302, outsiders=404)

ROWS = [
    Row("dashboard", "get", url("dashboard"), expect(200)),
    # --- clusters ---------------------------------------------------------------------------
    Row("cluster_list", "get", url("cluster_list"), expect(200)),
    Row("cluster_list[search]", "get", url("cluster_list", query=lambda w: {"q": "số 1"}), expect(200)),
    Row("cluster_create", "get", url("cluster_create"), expect(200, unit_staff=403)),
    # An officer's new cluster is always their own organizer's (the organizer field is the admin's only).
    Row("cluster_create[post]", "post", url("cluster_create"), expect(302, unit_staff=403), cluster_data),
    Row("cluster_detail[A]", "get", url("cluster_detail", cluster_a), A_CLUSTER_READ),
    Row("cluster_detail[B]", "get", url("cluster_detail", cluster_b), expect(404, admin=200, outsiders=200)),
    Row("cluster_detail[missing]", "get", url("cluster_detail", lambda w: 999999), expect(404)),
    Row("cluster_edit", "get", url("cluster_edit", cluster_a), A_CLUSTER_MANAGE),
    Row("cluster_edit[B]", "get", url("cluster_edit", cluster_b), expect(404, admin=200, other_organizer=200, outside_officer=403)),
    Row("cluster_edit[post]", "post", url("cluster_edit", cluster_a), A_CLUSTER_MANAGE_POST,
        lambda w: {"kind": "cluster", "number": "1", "name": "Cụm thi đua số 1 (sửa)", "region": ""}),
    Row("cluster_year_members", "get", url("cluster_year_members", cluster_a, lambda w: 2026), A_CLUSTER_MANAGE),
    Row("cluster_year_members[new year]", "get", url("cluster_year_members", cluster_a, lambda w: 2027), A_CLUSTER_MANAGE),
    Row("cluster_year_members[copy]", "get", url("cluster_year_members", cluster_a, lambda w: 2027, query=lambda w: {"chep": 2026}),
        A_CLUSTER_MANAGE),
    Row("cluster_year_members[post]", "post", url("cluster_year_members", cluster_a, lambda w: 2026), A_CLUSTER_MANAGE_POST, members_data),
    Row("cluster_year_members[post bad]", "post", url("cluster_year_members", cluster_a, lambda w: 2026),
        expect(403, managers=400, outsiders=404), lambda w: {"unit": [w.leader_unit.pk, w.deputy_unit.pk], "role": ["leader", "leader"]}),
    Row("unit_search", "get", url("unit_search", query=lambda w: {"cluster": w.cluster.pk, "year": 2026, "q": "so ngoai vu"}),
        A_CLUSTER_MANAGE),
    Row("unit_search[add]", "get", url("unit_search", query=lambda w: {"cluster": w.cluster.pk, "year": 2026, "add": w.outside_unit.pk}),
        A_CLUSTER_MANAGE),
    # --- units ------------------------------------------------------------------------------
    Row("unit_list", "get", url("unit_list"), expect(200)),
    Row("unit_list[filters]", "get", url("unit_list", query=lambda w: {"q": "thanh hoa", "active_on": "01/07/2025", "trang": 2}),
        expect(200)),
    Row("unit_create", "get", url("unit_create"), expect(200, unit_staff=403)),
    Row("unit_create[post]", "post", url("unit_create"), expect(302, unit_staff=403), unit_data),
    # The unit catalogue is shared; the unit's managing organizer (and the admin) edit it.
    Row("unit_detail", "get", url("unit_detail", lambda w: w.leader_unit.pk), expect(200)),
    Row("unit_detail[B]", "get", url("unit_detail", lambda w: w.outside_unit.pk), expect(200)),
    Row("unit_edit", "get", url("unit_edit", lambda w: w.leader_unit.pk), expect(403, managers=200)),
    Row("unit_edit[post]", "post", url("unit_edit", lambda w: w.leader_unit.pk), expect(403, managers=302),
        lambda w: {**unit_data(w), "name": "Sở Ngoại vụ tỉnh Thanh Hóa"}),
    Row("unit_edit[missing]", "get", url("unit_edit", lambda w: 999999), expect(404)),
    # --- audit trail ------------------------------------------------------------------------
    Row("audit_list", "get", url("audit_list"), expect(200, unit_staff=403)),
    Row("audit_list[filters]", "get", url("audit_list", query=lambda w: {"action": "cluster.create", "cluster": w.cluster.pk}),
        expect(200, unit_staff=403)),
    # --- the user's own password (tests/api/test_tokens.py: the change itself) -----------------
    Row("password_change", "get", url("password_change"), expect(200)),
]

CASES = [pytest.param(row, role, id=f"{row.name}-{row.method}-{role}") for row in ROWS for role in ROLES]


@pytest.mark.parametrize(("row", "role"), CASES)
def test_page_access(world, client_for, row: Row, role: str):
    client = client_for(None if role == "anonymous" else world.users()[role])
    target = row.url(world)
    if row.method == "get":
        response = client.get(target)
    else:
        response = client.post(target, row.data(world) if row.data else {})
    expected = row.expected[role]
    assert response.status_code == expected, f"{role} {row.method.upper()} {target}: {response.status_code}, expected {expected}"
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login") + "?next=")


def test_every_row_names_every_role():
    for row in ROWS:
        assert set(row.expected) == set(ROLES), row.name


def test_every_page_has_a_row():
    routes = {pattern.name for pattern in org_urls.urlpatterns if pattern.name}
    covered = {row.route for row in ROWS}
    assert routes - covered == set(), "pages without a row in ROWS"

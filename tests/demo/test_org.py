"""The demo data: facts from the seed articles, the merger, idempotency."""

import io

import pytest
from django.core.management import call_command

from thidua.core.audit import audit_verify
from thidua.core.models import AuditEvent
from thidua.org.demo import DEMO_PASSWORD
from thidua.org.models import Cluster, ClusterYear, Role, Unit, User

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


@pytest.fixture
def demo(demo_loaded, settings):
    """The demo, loaded once for the package (tests/demo/conftest.py: demo_loaded)."""
    settings.DEBUG = True


def roles(cluster_number, year):
    cy = ClusterYear.objects.get(cluster__number=cluster_number, year=year)
    return {m.role: m.unit.name for m in cy.memberships.select_related("unit") if m.role != Role.MEMBER}, cy.memberships.count()


def test_cluster_ii_2017_and_2018(demo):
    r, n = roles("II", 2017)
    assert n == 10
    assert r == {
        "leader": "Sở Ngoại vụ thành phố Hải Phòng",
        "deputy1": "Sở Ngoại vụ tỉnh Thái Nguyên",
        "deputy2": "Sở Ngoại vụ tỉnh Phú Thọ",
    }
    r, n = roles("II", 2018)
    assert n == 10
    assert r == {"leader": "Sở Ngoại vụ tỉnh Thái Nguyên", "deputy1": "Sở Ngoại vụ tỉnh Phú Thọ", "deputy2": "Sở Ngoại vụ tỉnh Bắc Ninh"}


def test_cluster_3_before_and_after_the_merger(demo):
    r, n = roles("3", 2022)
    assert n == 9 and r == {"leader": "Sở Ngoại vụ tỉnh Quảng Nam"}
    r, n = roles("3", 2023)
    assert n == 9 and r == {"leader": "Sở Ngoại vụ tỉnh Quảng Bình", "deputy1": "Sở Ngoại vụ tỉnh Quảng Ngãi"}
    r, n = roles("3", 2025)
    assert n == 7 and r == {"leader": "Sở Ngoại vụ tỉnh Thanh Hóa"}
    members_2025 = set(ClusterYear.objects.get(cluster__number="3", year=2025).memberships.values_list("unit__name", flat=True))
    assert "Sở Ngoại vụ thành phố Huế" in members_2025 and "Sở Ngoại vụ tỉnh Quảng Bình" not in members_2025


def test_merged_units_are_linked_to_their_predecessors(demo):
    quang_tri = Unit.objects.get(name="Sở Ngoại vụ tỉnh Quảng Trị", valid_to=None)
    assert set(quang_tri.predecessors.values_list("name", flat=True)) == {"Sở Ngoại vụ tỉnh Quảng Bình", "Sở Ngoại vụ tỉnh Quảng Trị"}
    da_nang = Unit.objects.get(name="Sở Ngoại vụ thành phố Đà Nẵng", valid_to=None)
    assert "Sở Ngoại vụ tỉnh Quảng Nam" in set(da_nang.predecessors.values_list("name", flat=True))
    hue = Unit.objects.get(name="Sở Ngoại vụ thành phố Huế")
    assert list(hue.predecessors.values_list("name", flat=True)) == ["Sở Ngoại vụ tỉnh Thừa Thiên Huế"]


def test_demo_accounts_exist_with_roles_and_sign_in(demo, client):
    officer = User.objects.get(username="thanhhoa.canbo")
    assert officer.unit.name == "Sở Ngoại vụ tỉnh Thanh Hóa" and officer.roles == ["officer"]
    assert User.objects.get(username="bng.thidua").is_organizer_officer
    assert User.objects.get(username="quantri").is_superuser
    response = client.post("/dang-nhap/", {"username": "quangtri.lanhdao", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(username="quangtri.lanhdao").pk)
    # Invented people only: no official named in the seed articles is a demo account.
    assert not User.objects.filter(full_name__in=["Nguyễn Thị Hương Giang", "Đỗ Ngọc Dũng"]).exists()


def test_load_demo_is_idempotent_and_audited(demo):
    counts = (Unit.objects.count(), Cluster.objects.count(), ClusterYear.objects.count(), User.objects.count(), AuditEvent.objects.count())
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "0 new units" in out.getvalue()
    assert counts == (
        Unit.objects.count(),
        Cluster.objects.count(),
        ClusterYear.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    )
    assert audit_verify().ok

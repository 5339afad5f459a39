"""The audit trail page (nhat-ky/): scoped to the organizer, filtered, paginated, and
readable (names instead of ids, labels instead of field names)."""

import pytest
from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.cycle.phase_service import cluster_year_set_phase
from thidua.org.models import Phase, Role
from thidua.org.services import cluster_create, cluster_update, cluster_year_set_members, unit_update


@pytest.fixture
def trail(world):
    """Real events, written by the services, for both organizers."""
    cluster_update(actor=world.organizer_officer, cluster=world.cluster, data={"region": "Bắc Trung Bộ"})
    cluster_year_set_members(
        actor=world.organizer_officer, cluster=world.cluster, year=2026, reason="Bầu lại Cụm trưởng",
        members=[(world.deputy_unit, Role.LEADER), (world.leader_unit, Role.DEPUTY1)],
    )
    cluster_year_set_phase(actor=world.organizer_officer, cluster_year=world.cluster_year, phase=Phase.LAUNCHED)
    unit_update(actor=world.organizer_officer, unit=world.member_unit, data={"head_title": "Giám đốc Sở"})
    cluster_create(
        actor=world.other_organizer_officer, organizer=world.other_organizer, kind="cluster", number="10", name="Cụm bí mật của Bộ B"
    )


def get(client, **params) -> str:
    response = client.get(reverse("audit_list"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_organizer_officers_see_only_their_organizers_events(world, client_for, trail):
    html = get(client_for(world.organizer_officer))
    assert "4 sự kiện" in html
    assert "Cụm bí mật của Bộ B" not in html
    assert "Cụm bí mật của Bộ B" in get(client_for(world.other_organizer_officer))


def test_the_admin_sees_everything(world, client_for, trail):
    html = get(client_for(world.admin))
    assert f"{AuditEvent.objects.count()} sự kiện" in html and "Cụm bí mật của Bộ B" in html and "Cụm thi đua số 1" in html


def test_each_event_shows_its_chain_and_number_in_it(world, client_for, trail):
    # verify_audit names a bad event by chain and number: the page shows both.
    html = get(client_for(world.admin), action="cluster.create")
    other = AuditEvent.objects.get(action="cluster.create")
    assert f"{other.chain}#{other.seq}" in html and other.chain.startswith("cluster:")
    assert "Mở chuỗi nhật ký" in get(client_for(world.admin), action="audit.chain_open")


def test_membership_changes_read_as_names_and_roles(world, client_for, trail):
    html = get(client_for(world.organizer_officer), action="cluster_year.set_members")
    assert "1 sự kiện" in html and "Cập nhật thành viên năm thi đua" in html
    assert "Bầu lại Cụm trưởng" in html
    assert "Sở Ngoại vụ tỉnh Hà Tĩnh (Thành viên)" in html  # removed
    assert "Sở Ngoại vụ tỉnh Nghệ An: Cụm phó thứ nhất → Cụm trưởng" in html
    assert "Sở Ngoại vụ tỉnh Thanh Hóa: Cụm trưởng → Cụm phó thứ nhất" in html


def test_field_changes_read_with_labels(world, client_for, trail):
    html = get(client_for(world.organizer_officer), action="cluster_year.set_phase")
    assert "Giai đoạn" in html and "Chuẩn bị" in html and "Phát động" in html
    html = get(client_for(world.organizer_officer), action="unit.update")
    assert "Chức danh người đứng đầu" in html and "<del" in html and "Giám đốc Sở" in html
    assert "search_name" not in html


def test_filter_by_cluster(world, client_for, trail):
    html = get(client_for(world.organizer_officer), cluster=world.cluster.pk)
    assert "3 sự kiện" in html  # the unit's change has no cluster
    assert "Sửa đơn vị" not in html.split("sự kiện</p>")[1]


def test_a_filter_outside_ones_scope_is_refused_not_applied(world, client_for, trail):
    html = get(client_for(world.organizer_officer), cluster=world.other_cluster.pk)
    assert "Cụm không hợp lệ." in html and "4 sự kiện" in html


def test_pagination(world, client_for):
    for i in range(30):
        cluster_create(actor=world.organizer_officer, organizer=world.organizer, kind="cluster", number=f"P{i}", name=f"Cụm phân trang {i}")
    client = client_for(world.organizer_officer)
    first, second = get(client), get(client, trang=2)
    assert "30 sự kiện" in first and "Trang 1/2" in first
    # Newest first, in the trail's overall order (the id: each cluster has its own chain).
    ids = list(AuditEvent.objects.filter(organizer_ref=world.organizer.pk).order_by("-id").values_list("pk", flat=True))
    assert f">#{ids[0]}</span>" in first and f">#{ids[24]}</span>" in first and f">#{ids[25]}</span>" not in first
    assert "Trang 2/2" in second and f">#{ids[25]}</span>" in second and f">#{ids[29]}</span>" in second

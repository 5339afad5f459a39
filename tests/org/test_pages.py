"""The organisation pages: dashboard and clusters (list, create, edit, detail). What each
page shows, and what its forms save or refuse. Membership editing, units, the audit trail
and query counts have their own test_page_*.py files; who may open what is in
tests/matrix/test_pages_matrix.py."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import ClusterFactory, ClusterYearFactory, UnitFactory, UserFactory, add_member
from thidua.core.errors import Conflict, Forbidden
from thidua.core.models import AuditEvent
from thidua.org import services, views
from thidua.org.models import Cluster, Phase, Role

TODAY = dt.date(2026, 5, 4)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """The pages' "this year" is 2026, whatever the date the tests run on."""
    monkeypatch.setattr(views, "today", lambda: TODAY)


def page(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


# --- dashboard --------------------------------------------------------------------------------
class TestDashboard:
    def test_unit_staff_see_their_unit_its_cluster_this_year_and_its_role(self, world, client_for):
        html = page(client_for(world.leader_officer), reverse("dashboard"))
        assert "Sở Ngoại vụ tỉnh Thanh Hóa" in html
        assert "Cụm, khối thi đua năm 2026" in html
        assert "Cụm thi đua số 1" in html and "Cụm trưởng" in html
        assert "Cán bộ thi đua của đơn vị" in html  # the person's own role, as a label
        assert "chưa có tên" not in html

    def test_without_a_cluster_this_year_the_latest_year_is_shown_and_said(self, world, client_for):
        unit = UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Bình", managed_by=world.organizer)
        add_member(ClusterYearFactory(cluster=world.cluster, year=2023), unit, Role.LEADER)
        add_member(ClusterYearFactory(cluster=world.cluster, year=2022), unit, Role.MEMBER)
        user = UserFactory(unit=unit, is_unit_officer=True)
        html = page(client_for(user), reverse("dashboard"))
        assert "Đơn vị chưa có tên trong cụm, khối thi đua nào năm 2026. Dưới đây là năm gần nhất: 2023." in html
        assert "Cụm, khối thi đua năm 2023" in html and "Cụm trưởng" in html

    def test_a_unit_in_no_cluster_is_told_so(self, world, client_for):
        user = UserFactory(unit=UnitFactory(managed_by=world.organizer), is_unit_officer=True)
        assert "Đơn vị chưa tham gia cụm, khối thi đua nào." in page(client_for(user), reverse("dashboard"))

    def test_organizer_officers_see_their_clusters_with_this_years_leader_and_phase(self, world, client_for):
        ClusterYearFactory(cluster=world.cluster, year=2025)
        world.cluster_year.phase = Phase.COVENANT
        world.cluster_year.save()
        not_started = ClusterFactory(organizer=world.organizer, number="2", name="Cụm thi đua số 2")
        html = page(client_for(world.organizer_officer), reverse("dashboard"))
        assert "Cụm thi đua số 1" in html and "Sở Ngoại vụ tỉnh Thanh Hóa" in html and "Ký giao ước" in html
        assert not_started.name in html and "Chưa lập năm 2026" in html
        assert reverse("cluster_year_members", args=[not_started.pk, 2026]) in html
        assert "Cụm thi đua số 9" not in html  # the other organizer's

    def test_the_admin_sees_counts_and_links(self, world, client_for):
        html = page(client_for(world.admin), reverse("dashboard"))
        assert "Toàn hệ thống" in html
        assert reverse("cluster_list") in html and reverse("unit_list") in html and reverse("audit_list") in html
        assert ">2</div><div class=\"text-muted\">Cụm, khối thi đua" in html  # two clusters in the world


# --- cluster list -----------------------------------------------------------------------------
class TestClusterList:
    def test_lists_visible_clusters_with_organizer_latest_leader_and_years(self, world, client_for):
        ClusterYearFactory(cluster=world.cluster, year=2025)
        html = page(client_for(world.organizer_officer), reverse("cluster_list"))
        assert "Cụm thi đua số 1" in html and "Bộ A" in html
        assert "Sở Ngoại vụ tỉnh Thanh Hóa" in html and "(2026)" in html  # latest year's leader
        assert '<td data-label="Số năm" class="text-md-end">2</td>' in html
        assert "Cụm thi đua số 9" not in html

    def test_unit_staff_see_the_clusters_of_organizers_their_unit_belonged_to(self, world, client_for):
        html = page(client_for(world.outside_officer), reverse("cluster_list"))
        assert "Cụm thi đua số 9" in html and "Cụm thi đua số 1" not in html

    def test_search(self, world, client_for):
        ClusterFactory(organizer=world.organizer, number="5", name="Khối các sở phía Nam", region="Nam Bộ")
        client = client_for(world.organizer_officer)
        html = page(client, reverse("cluster_list") + "?q=phía Nam")
        assert "Khối các sở phía Nam" in html and "Cụm thi đua số 1" not in html
        html = page(client, reverse("cluster_list") + "?q=không có cụm này")
        assert "Không tìm thấy cụm, khối nào phù hợp với “không có cụm này”." in html

    def test_add_button_only_for_those_who_may_add(self, world, client_for):
        assert reverse("cluster_create") in page(client_for(world.organizer_officer), reverse("cluster_list"))
        assert reverse("cluster_create") not in page(client_for(world.member_officer), reverse("cluster_list"))


# --- cluster create / edit --------------------------------------------------------------------
class TestClusterCreate:
    def test_missing_number_gives_the_vietnamese_message_and_saves_nothing(self, world, client_for):
        before = Cluster.objects.count()
        response = client_for(world.organizer_officer).post(reverse("cluster_create"), {"kind": "cluster", "number": "", "name": "Cụm mới"})
        assert response.status_code == 400
        assert "Vui lòng nhập số hiệu cụm." in response.content.decode()
        assert Cluster.objects.count() == before

    def test_a_number_already_used_by_the_organizer_is_refused_by_the_service(self, world, client_for):
        before = (Cluster.objects.count(), AuditEvent.objects.count())
        data = {"kind": "cluster", "number": "1", "name": "Cụm trùng"}
        response = client_for(world.organizer_officer).post(reverse("cluster_create"), data)
        assert response.status_code == 400
        assert "Cơ quan tổ chức này đã có cụm mang số hiệu 1." in response.content.decode()
        assert (Cluster.objects.count(), AuditEvent.objects.count()) == before

    def test_good_input_creates_the_cluster_for_the_officers_organizer_and_audits(self, world, client_for):
        data = {"organizer": world.other_organizer.pk, "kind": "bloc", "number": "4", "name": "Khối thi đua số 4", "region": "Tây Nguyên"}
        response = client_for(world.organizer_officer).post(reverse("cluster_create"), data)
        cluster = Cluster.objects.get(name="Khối thi đua số 4")
        assert response.status_code == 302 and response["Location"] == reverse("cluster_detail", args=[cluster.pk])
        assert cluster.organizer == world.organizer  # an officer cannot create for another organizer
        assert (cluster.kind, cluster.number, cluster.region) == ("bloc", "4", "Tây Nguyên")
        event = AuditEvent.objects.get(action="cluster.create", object_id=str(cluster.pk))
        assert event.organizer_ref == world.organizer.pk and event.actor == world.organizer_officer

    def test_the_admin_chooses_the_organizer(self, world, client_for):
        client = client_for(world.admin)
        response = client.post(reverse("cluster_create"), {"kind": "cluster", "number": "8", "name": "Cụm thi đua số 8"})
        assert response.status_code == 400 and "Vui lòng chọn cơ quan tổ chức." in response.content.decode()
        data = {"organizer": world.other_organizer.pk, "kind": "cluster", "number": "8", "name": "Cụm thi đua số 8"}
        response = client.post(reverse("cluster_create"), data)
        assert response.status_code == 302
        assert Cluster.objects.get(number="8").organizer == world.other_organizer

    def test_a_forbidden_from_the_service_is_a_403_page(self, world, client_for, monkeypatch):
        def refuse(**kwargs):
            raise Forbidden("Bạn chỉ được tạo cụm cho cơ quan tổ chức của mình.")

        monkeypatch.setattr(services, "cluster_create", refuse)
        response = client_for(world.organizer_officer).post(reverse("cluster_create"), {"kind": "cluster", "number": "7", "name": "Cụm 7"})
        assert response.status_code == 403
        assert "Bạn chỉ được tạo cụm cho cơ quan tổ chức của mình." in response.content.decode()


class TestClusterEdit:
    def test_the_form_shows_the_current_values(self, world, client_for):
        html = page(client_for(world.organizer_officer), reverse("cluster_edit", args=[world.cluster.pk]))
        assert 'value="Cụm thi đua số 1"' in html and 'name="organizer"' not in html

    def test_empty_name_is_refused(self, world, client_for):
        response = client_for(world.organizer_officer).post(
            reverse("cluster_edit", args=[world.cluster.pk]), {"kind": "cluster", "number": "1", "name": "  "}
        )
        assert response.status_code == 400 and "Vui lòng nhập tên cụm." in response.content.decode()
        world.cluster.refresh_from_db()
        assert world.cluster.name == "Cụm thi đua số 1"

    def test_good_input_saves_and_audits(self, world, client_for):
        client = client_for(world.organizer_officer)
        response = client.post(
            reverse("cluster_edit", args=[world.cluster.pk]),
            {"kind": "cluster", "number": "1", "name": "Cụm thi đua số 1 (Bắc Trung Bộ)", "region": "Bắc Trung Bộ"},
        )
        assert response.status_code == 302
        world.cluster.refresh_from_db()
        assert (world.cluster.name, world.cluster.region) == ("Cụm thi đua số 1 (Bắc Trung Bộ)", "Bắc Trung Bộ")
        event = AuditEvent.objects.get(action="cluster.update")
        assert event.before["name"] == "Cụm thi đua số 1" and event.after["name"] == "Cụm thi đua số 1 (Bắc Trung Bộ)"
        assert "Đã lưu thông tin Cụm thi đua số 1 (Bắc Trung Bộ)." in page(client, response["Location"])


# --- cluster detail ---------------------------------------------------------------------------
class TestClusterDetail:
    @pytest.fixture
    def history(self, world):
        """Cụm 1 also has 2023 and 2025 (with two deputies): three years, a gap in 2024
        and the reorganisation of provinces between them."""
        y2023 = ClusterYearFactory(cluster=world.cluster, year=2023, phase=Phase.CLOSED)
        add_member(y2023, world.member_unit, Role.LEADER)
        add_member(y2023, world.leader_unit, Role.MEMBER)
        y2025 = ClusterYearFactory(cluster=world.cluster, year=2025, phase=Phase.CLOSED)
        add_member(y2025, world.deputy_unit, Role.LEADER)
        add_member(y2025, world.leader_unit, Role.DEPUTY1)
        add_member(y2025, world.member_unit, Role.DEPUTY2)
        return y2023, y2025

    def test_year_links_newest_first_and_only_the_newest_years_members(self, world, client_for, history):
        html = page(client_for(world.member_officer), reverse("cluster_detail", args=[world.cluster.pk]))
        links = [html.index(f'href="?nam={year}"') for year in (2026, 2025, 2023)]
        assert links == sorted(links)
        assert 'href="?nam=2026" aria-current="page"' in html
        pane = html[html.index('id="nam-2026"') : html.index('class="td-timeline')]
        assert "Sở Ngoại vụ tỉnh Thanh Hóa" in pane and "Cụm trưởng" in pane and "Cụm phó thứ nhất" in pane and "Thành viên" in pane
        assert "Chuẩn bị" in pane  # the phase
        # Other years' tables are not rendered: a long history costs nothing.
        assert 'id="nam-2025"' not in html and 'id="nam-2023"' not in html

    def test_the_leadership_timeline(self, world, client_for, history):
        html = page(client_for(world.member_officer), reverse("cluster_detail", args=[world.cluster.pk]))
        timeline = html[html.index('class="td-timeline') :]
        years = [timeline.index(f'<div class="fw-bold">{year}</div>') for year in (2023, 2025, 2026)]
        assert years == sorted(years)  # oldest first, as history reads
        y2025 = timeline[years[1] : years[2]]
        assert y2025.index("Cụm trưởng") < y2025.index("Sở Ngoại vụ tỉnh Nghệ An")
        assert y2025.index("Cụm phó thứ nhất") < y2025.index("Sở Ngoại vụ tỉnh Thanh Hóa")
        assert y2025.index("Cụm phó thứ hai") < y2025.index("Sở Ngoại vụ tỉnh Hà Tĩnh")
        assert "Chưa có dữ liệu năm 2024" in timeline
        assert "01/07/2025: sắp xếp đơn vị hành chính cấp tỉnh" in timeline

    def test_a_year_asked_for_is_the_one_shown(self, world, client_for, history):
        html = page(client_for(world.member_officer), reverse("cluster_detail", args=[world.cluster.pk]) + "?nam=2023")
        assert 'id="nam-2023"' in html and 'id="nam-2026"' not in html
        assert 'href="?nam=2023" aria-current="page"' in html
        # An unknown year falls back to the newest.
        html = page(client_for(world.member_officer), reverse("cluster_detail", args=[world.cluster.pk]) + "?nam=1999")
        assert 'id="nam-2026"' in html

    def test_edit_links_only_for_the_organizer(self, world, client_for):
        members_url = reverse("cluster_year_members", args=[world.cluster.pk, 2026])
        assert members_url in page(client_for(world.organizer_officer), reverse("cluster_detail", args=[world.cluster.pk]))
        html = page(client_for(world.leader_officer), reverse("cluster_detail", args=[world.cluster.pk]))
        assert members_url not in html and reverse("cluster_edit", args=[world.cluster.pk]) not in html

    def test_asking_for_a_new_year_leads_to_its_membership_page(self, world, client_for):
        response = client_for(world.organizer_officer).get(reverse("cluster_detail", args=[world.cluster.pk]) + "?nam_moi=2027")
        assert response.status_code == 302 and response["Location"] == reverse("cluster_year_members", args=[world.cluster.pk, 2027])

    def test_other_organizers_clusters_are_not_found(self, world, client_for):
        assert client_for(world.other_organizer_officer).get(reverse("cluster_detail", args=[world.cluster.pk])).status_code == 404
        assert client_for(world.organizer_officer).get(reverse("cluster_detail", args=[world.other_cluster.pk])).status_code == 404
        assert client_for(world.admin).get(reverse("cluster_detail", args=[999999])).status_code == 404


def test_a_conflict_from_a_service_is_a_409_with_the_message(world, client_for, monkeypatch):
    def busy(**kwargs):
        raise Conflict("Danh sách thành viên vừa bị thay đổi bởi một thao tác khác; vui lòng tải lại và thử lại.")

    monkeypatch.setattr(services, "cluster_update", busy)
    response = client_for(world.organizer_officer).post(
        reverse("cluster_edit", args=[world.cluster.pk]), {"kind": "cluster", "number": "1", "name": "Cụm thi đua số 1"}
    )
    assert response.status_code == 409
    assert "vừa bị thay đổi bởi một thao tác khác" in response.content.decode()

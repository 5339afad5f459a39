"""The membership page of a cluster's year (cum/<pk>/nam/<year>/thanh-vien/) and its unit
search (don-vi/tim/): rows of unit + role, errors of cluster_year_set_members shown in
Vietnamese with nothing saved, copying the previous year, creating a new year."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import ClusterFactory, ClusterYearFactory, UnitFactory, add_member
from thidua.core.errors import Conflict
from thidua.core.models import AuditEvent
from thidua.org import services
from thidua.org.models import ClusterYear, Membership, Role, UnitLineage


def members_url(world, year=2026) -> str:
    return reverse("cluster_year_members", args=[world.cluster.pk, year])


def rows(*pairs) -> dict:
    """Form data for rows of (unit, role)."""
    return {"unit": [u.pk for u, _r in pairs], "role": [r for _u, r in pairs]}


def current_members(cluster_year) -> set:
    return set(Membership.objects.filter(cluster_year=cluster_year).values_list("unit__name", "role"))


class TestEditPage:
    def test_shows_the_years_rows_with_role_selects(self, world, client_for):
        html = client_for(world.organizer_officer).get(members_url(world)).content.decode()
        assert "Thành viên năm 2026" in html
        for unit in (world.leader_unit, world.deputy_unit, world.member_unit):
            assert f'<input type="hidden" name="unit" value="{unit.pk}">' in html
        assert f'<select class="form-select" name="role" id="role-{world.leader_unit.pk}">' in html
        assert '<option value="leader" selected>Cụm trưởng</option>' in html
        assert '<option value="deputy1" selected>Cụm phó thứ nhất</option>' in html
        assert "Chép thành viên" not in html  # the year exists and has members

    def test_a_new_year_offers_to_copy_the_previous_one(self, world, client_for):
        html = client_for(world.organizer_officer).get(members_url(world, 2027)).content.decode()
        assert "Năm 2027 chưa được lập." in html
        assert 'href="?chep=2026"' in html and "Chép thành viên từ năm 2026" in html
        assert 'name="unit"' not in html

    def test_copying_resets_roles_and_replaces_merged_units_by_their_successors(self, world, client_for):
        old = UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Bình", managed_by=world.organizer, valid_to=dt.date(2025, 6, 30))
        new = UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Trị", managed_by=world.organizer, valid_from=dt.date(2025, 7, 1))
        UnitLineage.objects.create(predecessor=old, successor=new, effective_on=dt.date(2025, 7, 1))
        y2024 = ClusterYearFactory(cluster=world.cluster, year=2024)
        add_member(y2024, old, Role.LEADER)
        add_member(y2024, world.member_unit, Role.MEMBER)
        html = client_for(world.organizer_officer).get(members_url(world, 2025) + "?chep=2024").content.decode()
        assert "Đã chép 2 đơn vị từ năm 2024." in html
        assert f'name="unit" value="{new.pk}"' in html and f'name="unit" value="{old.pk}"' not in html
        assert "Sở Ngoại vụ tỉnh Quảng Bình (đến 30/06/2025) → Sở Ngoại vụ tỉnh Quảng Trị" in html
        assert " selected>Cụm trưởng" not in html  # roles start again as Thành viên
        assert not ClusterYear.objects.filter(cluster=world.cluster, year=2025).exists()  # nothing saved yet


class TestSave:
    def test_good_input_replaces_the_members_audits_and_redirects_with_a_message(self, world, client_for):
        client = client_for(world.organizer_officer)
        data = rows((world.deputy_unit, Role.LEADER), (world.leader_unit, Role.DEPUTY1), (world.member_unit, Role.DEPUTY2))
        response = client.post(members_url(world), {**data, "reason": "Bầu tại Hội nghị tổng kết ngày 16/12/2025"})
        assert response.status_code == 302
        assert response["Location"] == reverse("cluster_detail", args=[world.cluster.pk]) + "?nam=2026"
        assert current_members(world.cluster_year) == {
            ("Sở Ngoại vụ tỉnh Nghệ An", "leader"), ("Sở Ngoại vụ tỉnh Thanh Hóa", "deputy1"), ("Sở Ngoại vụ tỉnh Hà Tĩnh", "deputy2"),
        }
        event = AuditEvent.objects.get(action="cluster_year.set_members")
        assert event.reason == "Bầu tại Hội nghị tổng kết ngày 16/12/2025" and event.cluster_ref == world.cluster.pk
        assert "Đã cập nhật thành viên Cụm thi đua số 1 năm 2026." in client.get(response["Location"]).content.decode()

    def test_saving_a_new_year_creates_it(self, world, client_for):
        data = rows((world.member_unit, Role.LEADER), (world.leader_unit, Role.MEMBER))
        response = client_for(world.organizer_officer).post(members_url(world, 2027), data)
        assert response.status_code == 302
        year = ClusterYear.objects.get(cluster=world.cluster, year=2027)
        assert current_members(year) == {("Sở Ngoại vụ tỉnh Hà Tĩnh", "leader"), ("Sở Ngoại vụ tỉnh Thanh Hóa", "member")}

    def assert_refused(self, response, message, world, before):
        html = response.content.decode()
        assert response.status_code == 400, html[:1500]
        assert message in html
        assert current_members(world.cluster_year) == before
        assert not AuditEvent.objects.filter(action="cluster_year.set_members").exists()
        return html

    def test_two_leaders_are_refused(self, world, client_for):
        before = current_members(world.cluster_year)
        data = rows((world.leader_unit, Role.LEADER), (world.deputy_unit, Role.LEADER), (world.member_unit, Role.MEMBER))
        html = self.assert_refused(client_for(world.organizer_officer).post(members_url(world), data),
                                   "Mỗi năm chỉ có một đơn vị Cụm trưởng; danh sách có 2.", world, before)
        # the rows come back as they were sent, to be corrected
        assert html.count(" selected>Cụm trưởng</option>") == 2

    def test_a_unit_of_another_cluster_of_the_same_organizer_is_refused(self, world, client_for):
        other = ClusterFactory(organizer=world.organizer, number="2", name="Cụm thi đua số 2")
        elsewhere = UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Ngãi", managed_by=world.organizer)
        add_member(ClusterYearFactory(cluster=other, year=2026), elsewhere, Role.LEADER)
        before = current_members(world.cluster_year)
        data = rows((world.leader_unit, Role.LEADER), (elsewhere, Role.MEMBER))
        self.assert_refused(client_for(world.organizer_officer).post(members_url(world), data),
                            "Đơn vị Sở Ngoại vụ tỉnh Quảng Ngãi đã là thành viên của Cụm thi đua số 2 năm 2026.", world, before)

    def test_a_unit_that_did_not_exist_that_year_is_refused(self, world, client_for):
        gone = UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Bình", managed_by=world.organizer, valid_to=dt.date(2025, 6, 30))
        before = current_members(world.cluster_year)
        data = rows((world.leader_unit, Role.LEADER), (gone, Role.MEMBER))
        self.assert_refused(client_for(world.organizer_officer).post(members_url(world), data),
                            "Đơn vị Sở Ngoại vụ tỉnh Quảng Bình không tồn tại trong năm 2026.", world, before)

    def test_no_leader_is_refused(self, world, client_for):
        before = current_members(world.cluster_year)
        data = rows((world.leader_unit, Role.MEMBER))
        self.assert_refused(client_for(world.organizer_officer).post(members_url(world), data),
                            "Cần chỉ định một đơn vị Cụm trưởng.", world, before)

    def test_tampered_rows_are_refused_in_vietnamese(self, world, client_for):
        client = client_for(world.organizer_officer)
        before = current_members(world.cluster_year)
        self.assert_refused(client.post(members_url(world), {"unit": [world.leader_unit.pk], "role": ["chief"]}),
                            f"Vai trò của {world.leader_unit.name} không hợp lệ.", world, before)
        self.assert_refused(client.post(members_url(world), {"unit": [999999], "role": ["leader"]}),
                            "Không tìm thấy đơn vị mã 999999.", world, before)
        self.assert_refused(client.post(members_url(world), {"unit": ["abc"], "role": ["leader"]}),
                            "Danh sách thành viên gửi lên không hợp lệ", world, before)
        self.assert_refused(client.post(members_url(world), {"unit": [world.leader_unit.pk], "role": []}),
                            "Danh sách thành viên gửi lên không hợp lệ", world, before)

    def test_a_conflict_is_a_409_with_the_rows_kept(self, world, client_for, monkeypatch):
        def busy(**kwargs):
            raise Conflict("Danh sách thành viên vừa bị thay đổi bởi một thao tác khác; vui lòng tải lại và thử lại.")

        monkeypatch.setattr(services, "cluster_year_set_members", busy)
        response = client_for(world.organizer_officer).post(members_url(world), rows((world.leader_unit, Role.LEADER)))
        assert response.status_code == 409
        html = response.content.decode()
        assert "vừa bị thay đổi bởi một thao tác khác" in html and f'name="unit" value="{world.leader_unit.pk}"' in html

    def test_an_impossible_year_is_not_found(self, world, client_for):
        assert client_for(world.organizer_officer).get(members_url(world, 1900)).status_code == 404


class TestUnitSearch:
    def url(self, world, **params) -> str:
        from urllib.parse import urlencode

        return reverse("unit_search") + "?" + urlencode({"cluster": world.cluster.pk, "year": 2026, **params}, doseq=True)

    def test_accent_insensitive_and_limited_to_units_existing_that_year(self, world, client_for):
        UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Bình", valid_to=dt.date(2025, 6, 30))
        current = UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Trị", valid_from=dt.date(2025, 7, 1))
        html = client_for(world.organizer_officer).get(self.url(world, q="quang")).content.decode()
        assert "Sở Ngoại vụ tỉnh Quảng Trị" in html and "Quảng Bình" not in html
        assert f'"add": "{current.pk}"' in html
        html = client_for(world.organizer_officer).get(self.url(world, q="thanh hoa")).content.decode()
        assert "Sở Ngoại vụ tỉnh Thanh Hóa" in html

    def test_units_already_in_the_list_are_left_out(self, world, client_for):
        html = client_for(world.organizer_officer).get(self.url(world, q="so ngoai vu", unit=[world.leader_unit.pk])).content.decode()
        assert "Sở Ngoại vụ tỉnh Thanh Hóa" not in html and "Sở Ngoại vụ tỉnh Nghệ An" in html

    def test_units_of_another_cluster_of_the_organizer_are_marked_and_not_addable(self, world, client_for):
        other = ClusterFactory(organizer=world.organizer, number="2", name="Cụm thi đua số 2")
        elsewhere = UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Ngãi")
        add_member(ClusterYearFactory(cluster=other, year=2026), elsewhere, Role.LEADER)
        html = client_for(world.organizer_officer).get(self.url(world, q="quang ngai")).content.decode()
        assert "Đã là thành viên của Cụm thi đua số 2 năm 2026" in html
        assert f'"add": "{elsewhere.pk}"' not in html

    def test_nothing_found(self, world, client_for):
        html = client_for(world.organizer_officer).get(self.url(world, q="không có")).content.decode()
        assert "Không tìm thấy đơn vị nào tồn tại năm 2026 phù hợp với “không có”." in html

    def test_add_returns_a_row_to_append(self, world, client_for):
        unit = UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Trị")
        response = client_for(world.organizer_officer).get(self.url(world, add=unit.pk))
        html = response.content.decode()
        assert response.status_code == 200
        assert f'<input type="hidden" name="unit" value="{unit.pk}">' in html
        assert '<option value="member" selected>Thành viên</option>' in html and "Bỏ" in html
        assert client_for(world.organizer_officer).get(self.url(world, add=999999)).status_code == 404
        assert client_for(world.organizer_officer).get(self.url(world, add="x")).status_code == 404

    @pytest.mark.parametrize("params", [{"year": "abc"}, {"year": 1800}])
    def test_a_bad_year_is_a_400(self, world, client_for, params):
        assert client_for(world.organizer_officer).get(self.url(world, q="so", **params)).status_code == 400

    def test_a_bad_cluster_is_not_found(self, world, client_for):
        url = reverse("unit_search") + "?cluster=abc&year=2026&q=so"
        assert client_for(world.organizer_officer).get(url).status_code == 404

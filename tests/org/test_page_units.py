"""The unit pages: list (accent-insensitive search, filters, pages), create, edit, detail
(lineage before and after the 2025 merger, membership history)."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import ClusterFactory, ClusterYearFactory, UnitFactory, add_member, current_province
from thidua.core.models import AuditEvent
from thidua.org.models import Province, Role, Unit, UnitLineage

REORG = dt.date(2025, 7, 1)


def old_province(name: str) -> Province:
    return Province.objects.get(era=Province.Era.BEFORE, name=name)


@pytest.fixture
def merger(world):
    """Sở Ngoại vụ tỉnh Quảng Bình and the former Sở Ngoại vụ tỉnh Quảng Trị merged into the
    new Sở Ngoại vụ tỉnh Quảng Trị on 1/7/2025; the old units were members of Cụm 1 in 2023."""
    quang_binh = UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Bình", province=old_province("Quảng Bình"), managed_by=world.organizer,
                             valid_to=REORG - dt.timedelta(days=1))
    quang_tri_old = UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Trị", province=old_province("Quảng Trị"), managed_by=world.organizer,
                                valid_to=REORG - dt.timedelta(days=1))
    quang_tri = UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Trị", province=current_province("Quảng Trị"), managed_by=world.organizer,
                            valid_from=REORG)
    for old in (quang_binh, quang_tri_old):
        UnitLineage.objects.create(predecessor=old, successor=quang_tri, kind=UnitLineage.Kind.MERGER, effective_on=REORG)
    y2023 = ClusterYearFactory(cluster=world.cluster, year=2023)
    add_member(y2023, quang_binh, Role.LEADER)
    add_member(y2023, quang_tri_old, Role.MEMBER)
    add_member(world.cluster_year, quang_tri, Role.DEPUTY2)
    return quang_binh, quang_tri_old, quang_tri


# --- list -------------------------------------------------------------------------------------
class TestUnitList:
    def get(self, client, **params) -> str:
        response = client.get(reverse("unit_list"), params)
        assert response.status_code == 200
        return response.content.decode()

    def test_search_ignores_accents(self, world, client_for, merger):
        html = self.get(client_for(world.member_officer), q="quang binh")
        assert "Sở Ngoại vụ tỉnh Quảng Bình" in html and "Thanh Hóa</a>" not in html
        assert "1 đơn vị" in html
        assert "Sở Ngoại vụ tỉnh Quảng Bình" in self.get(client_for(world.member_officer), q="QUẢNG BÌNH")

    def test_filter_by_date_shows_who_existed_then(self, world, client_for, merger):
        client = client_for(world.member_officer)
        before = self.get(client, q="quang tri", active_on="30/06/2025")
        after = self.get(client, q="quang tri", active_on="01/07/2025")
        assert "30/06/2025" in before and "từ 01/07/2025" not in before  # the former unit only
        assert "từ 01/07/2025" in after and "Sở Ngoại vụ tỉnh Quảng Bình" not in after
        assert "Đã kết thúc" in before

    def test_a_bad_date_is_said_and_ignored(self, world, client_for, merger):
        html = self.get(client_for(world.member_officer), q="quang", active_on="31/02/2025")
        assert "Ngày không hợp lệ" in html and "3 đơn vị" in html

    def test_filter_by_province_and_kind(self, world, client_for, merger):
        UnitFactory(name="Phòng Ngoại vụ, Văn phòng UBND tỉnh Quảng Trị", kind=Unit.Kind.PEOPLES_COMMITTEE_OFFICE_DIVISION,
                    province=current_province("Quảng Trị"))
        client = client_for(world.member_officer)
        html = self.get(client, province=current_province("Quảng Trị").pk)
        assert "2 đơn vị" in html and "Phòng Ngoại vụ, Văn phòng" in html and "Sở Ngoại vụ tỉnh Quảng Bình" not in html
        html = self.get(client, province=current_province("Quảng Trị").pk, kind=Unit.Kind.FOREIGN_AFFAIRS_DEPARTMENT)
        assert "1 đơn vị" in html and "Phòng Ngoại vụ, Văn phòng" not in html

    def test_pagination(self, world, client_for):
        UnitFactory.create_batch(30, name="Sở thử nghiệm phân trang")
        client = client_for(world.member_officer)
        first, second = self.get(client, q="phan trang"), self.get(client, q="phan trang", trang=2)
        assert "30 đơn vị" in first and "Trang 1/2" in first and first.count("Sở thử nghiệm phân trang</a>") == 25
        assert "Trang 2/2" in second and second.count("Sở thử nghiệm phân trang</a>") == 5
        assert "?q=phan+trang&amp;trang=2" in first  # the filters are kept in the page links


# --- create / edit ----------------------------------------------------------------------------
def unit_data(**overrides) -> dict:
    data = {"name": "Sở Ngoại vụ tỉnh Quảng Trị", "symbol": "SNgV", "kind": Unit.Kind.FOREIGN_AFFAIRS_DEPARTMENT,
            "province": current_province("Quảng Trị").pk, "parent_authority": "UBND TỈNH QUẢNG TRỊ", "head_title": "Giám đốc",
            "valid_from": "01/07/2025", "valid_to": ""}
    return {**data, **overrides}


class TestUnitCreate:
    def test_an_end_before_the_start_is_refused_and_nothing_saved(self, world, client_for):
        before = (Unit.objects.count(), AuditEvent.objects.count())
        response = client_for(world.organizer_officer).post(reverse("unit_create"), unit_data(valid_to="30/06/2025"))
        assert response.status_code == 400
        assert "Ngày giải thể không được trước ngày thành lập." in response.content.decode()
        assert (Unit.objects.count(), AuditEvent.objects.count()) == before

    @pytest.mark.parametrize(("field", "value", "message"), [
        ("name", "", "Vui lòng nhập tên đơn vị."),
        ("symbol", "", "Vui lòng nhập ký hiệu viết tắt."),
        ("kind", "embassy", "Loại đơn vị không hợp lệ."),
        ("province", "999999", "Tỉnh, thành phố không hợp lệ."),
        ("valid_from", "2025-13-01", "Ngày không hợp lệ; nhập theo dạng ngày/tháng/năm, ví dụ 01/07/2025."),
    ])
    def test_bad_fields_get_vietnamese_messages(self, world, client_for, field, value, message):
        before = Unit.objects.count()
        response = client_for(world.organizer_officer).post(reverse("unit_create"), unit_data(**{field: value}))
        assert response.status_code == 400 and message in response.content.decode()
        assert Unit.objects.count() == before

    def test_good_input_creates_the_unit_with_its_predecessors_and_audits(self, world, client_for, merger):
        quang_binh, quang_tri_old, _current = merger
        data = unit_data(name="Sở Ngoại vụ tỉnh Quảng Trị (mới)", predecessors=[quang_binh.pk, quang_tri_old.pk])
        response = client_for(world.organizer_officer).post(reverse("unit_create"), data)
        unit = Unit.objects.get(name="Sở Ngoại vụ tỉnh Quảng Trị (mới)")
        assert response.status_code == 302 and response["Location"] == reverse("unit_detail", args=[unit.pk])
        assert unit.valid_from == REORG and unit.managed_by == world.organizer and unit.province == current_province("Quảng Trị")
        assert set(unit.predecessors.all()) == {quang_binh, quang_tri_old}
        event = AuditEvent.objects.get(action="unit.create", object_id=str(unit.pk))
        assert sorted(event.after["predecessors"]) == sorted([quang_binh.pk, quang_tri_old.pk])


class TestUnitEdit:
    def test_the_form_shows_current_values_and_predecessors(self, world, client_for, merger):
        _qb, _qto, quang_tri = merger
        html = client_for(world.organizer_officer).get(reverse("unit_edit", args=[quang_tri.pk])).content.decode()
        assert 'value="01/07/2025"' in html
        assert html.count('checked') == 2 and f'value="{quang_tri.pk}"' not in html.split('id="predecessor-list"')[1]

    def test_good_input_saves_and_audits(self, world, client_for):
        response = client_for(world.organizer_officer).post(
            reverse("unit_edit", args=[world.member_unit.pk]),
            unit_data(name="Sở Ngoại vụ tỉnh Hà Tĩnh", province=current_province("Hà Tĩnh").pk, valid_from="", head_title="Giám đốc Sở"),
        )
        assert response.status_code == 302
        world.member_unit.refresh_from_db()
        assert world.member_unit.head_title == "Giám đốc Sở" and world.member_unit.province == current_province("Hà Tĩnh")
        event = AuditEvent.objects.get(action="unit.update")
        assert event.before["head_title"] == "Giám đốc" and event.after["head_title"] == "Giám đốc Sở"

    def test_a_loop_in_the_lineage_is_refused(self, world, client_for, merger):
        quang_binh, _qto, quang_tri = merger
        before = set(UnitLineage.objects.values_list("predecessor", "successor"))
        data = unit_data(name=quang_binh.name, province=old_province("Quảng Bình").pk, valid_from="", valid_to="30/06/2025",
                         predecessors=[quang_tri.pk])
        response = client_for(world.organizer_officer).post(reverse("unit_edit", args=[quang_binh.pk]), data)
        assert response.status_code == 400 and "vòng lặp" in response.content.decode()
        assert set(UnitLineage.objects.values_list("predecessor", "successor")) == before


# --- detail -----------------------------------------------------------------------------------
class TestUnitDetail:
    def test_the_new_unit_shows_its_predecessors_with_dates_and_their_history(self, world, client_for, merger):
        quang_binh, quang_tri_old, quang_tri = merger
        html = client_for(world.member_officer).get(reverse("unit_detail", args=[quang_tri.pk])).content.decode()
        lineage = html[html.index("Đơn vị tiền thân (trước)") : html.index("Đơn vị kế thừa (sau)")]
        assert reverse("unit_detail", args=[quang_binh.pk]) in lineage and reverse("unit_detail", args=[quang_tri_old.pk]) in lineage
        assert "đến 30/06/2025" in lineage and "Sáp nhập, hợp nhất, hiệu lực 01/07/2025" in lineage
        history = html[html.index("Lịch sử tham gia cụm") :]
        assert history.index("2026") < history.index("2023")
        y2026, y2023 = history[history.index("2026") : history.index("2023")], history[history.index("2023") :]
        assert "Cụm thi đua số 1" in y2026 and "Cụm phó thứ hai" in y2026
        assert "Cụm trưởng" in y2023 and "qua đơn vị tiền thân Sở Ngoại vụ tỉnh Quảng Bình" in y2023

    def test_the_old_unit_shows_its_successor(self, world, client_for, merger):
        quang_binh, _qto, quang_tri = merger
        html = client_for(world.member_officer).get(reverse("unit_detail", args=[quang_binh.pk])).content.decode()
        successors = html[html.index("Đơn vị kế thừa (sau)") :]
        assert reverse("unit_detail", args=[quang_tri.pk]) in successors and "từ 01/07/2025" in successors
        assert "Đã kết thúc hoạt động ngày 30/06/2025" in html
        assert "Nhiệm vụ của đơn vị nay do" in html
        assert "từ 01/07/2025 thuộc Quảng Trị" in html  # its old province and where it went

    def test_other_organizers_clusters_do_not_leak_into_the_history(self, world, client_for):
        add_member(ClusterYearFactory(cluster=world.other_cluster, year=2025), world.member_unit, Role.LEADER)
        url = reverse("unit_detail", args=[world.member_unit.pk])
        assert "Cụm thi đua số 9" not in client_for(world.organizer_officer).get(url).content.decode()
        assert "Cụm thi đua số 9" in client_for(world.other_organizer_officer).get(url).content.decode()
        assert "Cụm thi đua số 9" in client_for(world.admin).get(url).content.decode()

    def test_edit_link_for_the_managing_organizer_only(self, world, client_for):
        url = reverse("unit_detail", args=[world.leader_unit.pk])
        edit = reverse("unit_edit", args=[world.leader_unit.pk])
        assert edit in client_for(world.organizer_officer).get(url).content.decode()
        assert edit not in client_for(world.other_organizer_officer).get(url).content.decode()
        assert edit not in client_for(world.leader_officer).get(url).content.decode()

    def test_unknown_unit_is_not_found(self, world, client_for):
        assert client_for(world.admin).get(reverse("unit_detail", args=[999999])).status_code == 404


def test_a_second_cluster_of_the_other_organizer_is_not_listed_either(world, client_for):
    ClusterFactory(organizer=world.other_organizer, number="10", name="Cụm thi đua số 10")
    html = client_for(world.member_officer).get(reverse("cluster_list")).content.decode()
    assert "Cụm thi đua số 10" not in html

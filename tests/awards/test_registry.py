"""The registry: the search selector (public view without revoked awards; filters), its
page with pagination and .xlsx export, a cluster year's awards, the discipline page."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import ClusterYearFactory, UnitFactory, add_member
from thidua.awards import registry
from thidua.awards.models import DisciplineRecord
from thidua.core.models import AuditEvent

from .helpers import award

pytestmark = pytest.mark.django_db


@pytest.fixture
def awards(world):
    return [
        award(world.member_unit, "flag_ministry", 2024, world.organizer, number="1/QĐ-BA"),
        award(world.deputy_unit, "merit_minister", 2024, world.organizer, number="2/QĐ-BA", revoked=True),
        award(world.leader_unit, "merit_minister", 2023, world.organizer, number="3/QĐ-BA"),
        award(world.outside_unit, "flag_ministry", 2024, world.other_organizer, number="9/QĐ-BB"),
    ]


def test_the_public_view_leaves_revoked_awards_out(world, awards):
    public = set(registry.search())
    assert awards[1] not in public and {awards[0], awards[2], awards[3]} <= public
    assert awards[1] in set(registry.search(world.member_officer))


def test_filters(world, awards):
    assert list(registry.search(year=2024, organizer=world.organizer)) == [awards[0]]
    assert list(registry.search(world.member_officer, kind="merit_minister")) == [awards[1], awards[2]]
    assert list(registry.search(q="hà tĩnh 1/QĐ")) == [awards[0]]
    assert list(registry.search(q="Hà Tĩnh", year=2023)) == []
    assert list(registry.search(q="ha tinh 1/QĐ")) == [awards[0]]  # typed without diacritics: whole folded words


def test_the_province_takes_in_the_provinces_merged_into_it(world):
    from thidua.org.models import Province

    new = Province.objects.create(code=901, name="Tỉnh Mới", division_type="Tỉnh", era="current")
    old = Province.objects.create(code=902, name="Tỉnh Cũ", division_type="Tỉnh", era="pre2025", merged_into=new)
    other = Province.objects.create(code=903, name="Tỉnh Khác", division_type="Tỉnh", era="current")
    unit = UnitFactory(name="Sở Ngoại vụ tỉnh Cũ", province=old, valid_to=dt.date(2025, 6, 30))
    a = award(unit, "flag_ministry", 2017, world.organizer, number="7/QĐ-BA")
    assert list(registry.search(province=new)) == [a] and list(registry.search(province=old.pk)) == [a]
    assert list(registry.search(province=other)) == []


def test_the_page_paginates_and_exports(world, awards, client_for):
    client = client_for(world.member_officer)
    html = client.get(reverse("awards_registry") + "?year=2024").content.decode()
    assert world.member_unit.name in html and world.leader_unit.name not in html and "đã hủy bỏ" in html
    response = client.get(reverse("awards_registry_xlsx") + f"?year=2024&organizer={world.organizer.pk}")
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Năm", "Đơn vị", "Tỉnh, thành phố", "Danh hiệu, hình thức")
    assert {r[1] for r in rows[1:]} == {world.member_unit.name, world.deputy_unit.name}
    assert any(str(r[7]).startswith("Đã hủy bỏ") for r in rows[1:])


def test_pages_of_fifty(world, client_for):
    for i in range(55):
        award(world.member_unit, "labour_advanced", 1990 + i % 30, world.organizer, number=f"{i + 1}/QĐ-BA")
    html = client_for(world.member_officer).get(reverse("awards_registry") + "?kind=labour_advanced&page=2").content.decode()
    assert "2/2" in html and html.count("list-group-item") == 5


def test_the_cluster_years_awards(world, awards, client_for):
    cy = ClusterYearFactory(cluster=world.cluster, year=2024)
    for unit in (world.leader_unit, world.deputy_unit, world.member_unit):
        add_member(cy, unit)
    html = client_for(world.member_officer).get(reverse("awards_year_awards", args=[world.cluster.pk, 2024])).content.decode()
    assert world.member_unit.name in html and world.outside_unit.name not in html
    assert client_for(world.outside_officer).get(reverse("awards_year_awards", args=[world.cluster.pk, 2024])).status_code == 404


def test_the_discipline_page(world, client_for):
    url = reverse("awards_year_discipline", args=[world.cluster.pk, 2026])
    response = client_for(world.organizer_officer).post(url, {"unit": world.member_unit.pk, "subject": "head", "note": "Khiển trách"})
    assert response.status_code == 302
    record = DisciplineRecord.objects.get()
    assert (record.unit, record.year, record.subject) == (world.member_unit, 2026, "head")
    assert AuditEvent.objects.filter(action="discipline.add").count() == 1
    assert "Khiển trách" in client_for(world.member_officer).get(url).content.decode()


def test_the_discipline_page_refuses_bad_input_and_unit_staff(world, client_for):
    url = reverse("awards_year_discipline", args=[world.cluster.pk, 2026])
    bad = client_for(world.organizer_officer).post(url, {"unit": world.outside_unit.pk, "subject": "head"})
    assert bad.status_code == 400 and "Chọn một đơn vị thành viên của năm." in bad.content.decode()
    assert client_for(world.organizer_officer).post(url, {"unit": world.member_unit.pk, "subject": "x"}).status_code == 400
    assert client_for(world.leader_officer).post(url, {"unit": world.member_unit.pk, "subject": "head"}).status_code == 403
    assert not DisciplineRecord.objects.exists()


def _discipline_file(*rows) -> BytesIO:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Đơn vị", "Đối tượng", "Nội dung"])
    for row in rows:
        wb.active.append(list(row))
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "ky-luat.xlsx"
    return out


def test_discipline_import_all_or_nothing(world, client_for):
    url = reverse("awards_year_discipline", args=[world.cluster.pk, 2026])
    client = client_for(world.organizer_officer)
    assert client.get(url + "?mau=1").content[:2] == b"PK"
    broken = _discipline_file([world.member_unit.name, "Tập thể đơn vị", "Khiển trách"], [world.outside_unit.name, "Người đứng đầu", ""])
    response = client.post(url, {"file": broken})
    assert (
        response.status_code == 400 and "Dòng 3: đơn vị «Sở Ngoại vụ tỉnh Lạng Sơn» không thuộc cụm trong năm." in response.content.decode()
    )
    assert not DisciplineRecord.objects.exists()
    good = _discipline_file(
        [world.member_unit.name, "Tập thể đơn vị", "Khiển trách"], [world.deputy_unit.name, "Người đứng đầu", "Cảnh cáo"]
    )
    assert client.post(url, {"file": good}).status_code == 302
    assert set(DisciplineRecord.objects.values_list("unit__name", "subject")) == {
        (world.member_unit.name, "collective"),
        (world.deputy_unit.name, "head"),
    }
    assert AuditEvent.objects.filter(action="discipline.add").count() == 2

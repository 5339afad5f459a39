"""The unit page shows the unit's awards and, through lineage, its predecessors' (the demo's
2017 awards of Cụm thi đua số II on it: tests/demo/test_awards_unit_page.py)."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import UnitFactory
from thidua.org.models import UnitLineage

from .helpers import award


@pytest.mark.django_db
def test_the_unit_page_shows_its_and_its_predecessors_awards(world, client_for):
    old = UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Bình", valid_to=dt.date(2025, 6, 30))
    new = UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Trị", valid_from=dt.date(2025, 7, 1))
    UnitLineage.objects.create(predecessor=old, successor=new)
    award(old, "flag_ministry", 2017, world.organizer, number="7/QĐ-BA", date=dt.date(2018, 1, 9))
    award(new, "merit_minister", 2025, world.organizer, revoked=True)
    html = client_for(world.member_officer).get(reverse("unit_detail", args=[new.pk])).content.decode()
    assert "Cờ thi đua cấp Bộ, ngành, tỉnh năm 2017" in html and "khi là Sở Ngoại vụ tỉnh Quảng Bình" in html
    assert "Quyết định số 7/QĐ-BA ngày 09/01/2018" in html
    assert "đã hủy bỏ" in html  # the revoked one stays, marked
    # the predecessor's own page lists its award, not its successor's
    old_html = client_for(world.member_officer).get(reverse("unit_detail", args=[old.pk])).content.decode()
    assert "Cờ thi đua cấp Bộ, ngành, tỉnh năm 2017" in old_html and "Bằng khen" not in old_html.split("unit-awards-heading")[1]


@pytest.mark.django_db
def test_a_unit_without_awards_says_so(world, client_for):
    html = client_for(world.member_officer).get(reverse("unit_detail", args=[world.member_unit.pk])).content.decode()
    assert "Chưa có khen thưởng nào trong sổ." in html


@pytest.mark.django_db
class TestYearRatingsPage:
    def url(self, world):
        return reverse("awards_year_ratings", args=[world.cluster.pk, 2026])

    def test_the_organizer_enters_a_years_ratings(self, world, client_for):
        from thidua.awards.models import UnitRating
        from thidua.core.models import AuditEvent

        client = client_for(world.organizer_officer)
        html = client.get(self.url(world)).content.decode()
        assert f'name="rating-{world.member_unit.pk}"' in html and "0/3 đơn vị đã có xếp loại năm 2026" in html
        response = client.post(
            self.url(world),
            {
                f"rating-{world.member_unit.pk}": "excellent",
                f"note-{world.member_unit.pk}": "QĐ xếp loại",
                f"rating-{world.leader_unit.pk}": "good",
                f"rating-{world.deputy_unit.pk}": "",
            },
        )
        assert response.status_code == 302
        assert dict(UnitRating.objects.values_list("unit_id", "rating")) == {
            world.member_unit.pk: "excellent",
            world.leader_unit.pk: "good",
        }
        assert AuditEvent.objects.filter(action="unit_rating.set").count() == 2

    def test_a_bad_value_saves_nothing(self, world, client_for):
        from thidua.awards.models import UnitRating

        response = client_for(world.organizer_officer).post(
            self.url(world), {f"rating-{world.member_unit.pk}": "excellent", f"rating-{world.leader_unit.pk}": "gioi"}
        )
        assert response.status_code == 400 and "mức xếp loại không hợp lệ" in response.content.decode()
        assert not UnitRating.objects.exists()

    def test_members_read_only_others_refused(self, world, client_for):
        from thidua.awards.models import UnitRating

        html = client_for(world.member_officer).get(self.url(world)).content.decode()
        assert "chưa xếp loại" in html and "<select" not in html.split("Lưu xếp loại")[0].split("<table")[1]
        assert client_for(world.member_officer).post(self.url(world), {f"rating-{world.member_unit.pk}": "excellent"}).status_code == 403
        assert client_for(world.outside_officer).get(self.url(world)).status_code == 404
        assert (
            client_for(world.other_organizer_officer).post(self.url(world), {f"rating-{world.member_unit.pk}": "excellent"}).status_code
            == 404
        )
        assert not UnitRating.objects.exists()


@pytest.mark.django_db
class TestRatingsXlsx:
    def urls(self, world):
        args = [world.cluster.pk, 2026]
        return reverse("awards_year_ratings", args=args), reverse("awards_year_ratings_xlsx", args=args)

    def filled(self, world, client, rows):
        from io import BytesIO

        from django.core.files.uploadedfile import SimpleUploadedFile
        from openpyxl import load_workbook

        data = client.get(self.urls(world)[1]).content
        wb = load_workbook(BytesIO(data))
        ws = wb.active
        for row in ws.iter_rows(min_row=2):
            if row[0].value in rows:
                row[2].value = rows[row[0].value]
        out = BytesIO()
        wb.save(out)
        return SimpleUploadedFile("xep-loai.xlsx", out.getvalue())

    def test_download_then_import(self, world, client_for):
        from thidua.awards.models import UnitRating

        client = client_for(world.organizer_officer)
        response = client.get(self.urls(world)[1])
        assert response.status_code == 200 and "Xep-loai.xlsx" in response["Content-Disposition"]
        upload = self.filled(world, client, {world.member_unit.pk: "HTXSNV", world.leader_unit.pk: "Hoàn thành tốt nhiệm vụ"})
        assert client.post(self.urls(world)[0], {"file": upload}).status_code == 302
        assert dict(UnitRating.objects.values_list("unit_id", "rating")) == {
            world.member_unit.pk: "excellent",
            world.leader_unit.pk: "good",
        }

    def test_a_broken_row_saves_nothing_and_is_reported(self, world, client_for):
        from thidua.awards.models import UnitRating

        client = client_for(world.organizer_officer)
        upload = self.filled(world, client, {world.member_unit.pk: "HTXSNV", world.leader_unit.pk: "Giỏi"})
        response = client.post(self.urls(world)[0], {"file": upload})
        html = response.content.decode()
        assert response.status_code == 400 and "Dòng" in html and "«Giỏi» không hợp lệ" in html
        assert not UnitRating.objects.exists()

    def test_not_a_workbook(self, world, client_for):
        from django.core.files.uploadedfile import SimpleUploadedFile

        response = client_for(world.organizer_officer).post(self.urls(world)[0], {"file": SimpleUploadedFile("a.xlsx", b"not a zip")})
        assert response.status_code == 400 and "không phải là tệp Excel" in response.content.decode()

    def test_members_may_not_import(self, world, client_for):
        from django.core.files.uploadedfile import SimpleUploadedFile

        response = client_for(world.member_officer).post(self.urls(world)[0], {"file": SimpleUploadedFile("a.xlsx", b"x")})
        assert response.status_code == 403
        assert client_for(world.outside_officer).get(self.urls(world)[1]).status_code == 404

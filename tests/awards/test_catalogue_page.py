"""The catalogue as the organizer reads it for a year, on its adjustments page: each award
kind's legal basis and every rule in force (not only the adjustable parameters), with what
it asks, the article it comes from, the "to verify" mark where the catalogue has it, and
the organizer's adjustment where there is one."""

import pytest
from django.urls import reverse

from thidua.awards.adjustments import adjustment_set

pytestmark = pytest.mark.django_db


def test_every_rule_of_the_year_with_its_article_and_mark(world, client_for):
    adjustment_set(actor=world.organizer_officer, organizer=world.organizer, year=2017, award="merit_minister", rule="ratings",
                   params={"years": 3}, reason="Nâng chuẩn năm 2017")  # fmt: skip
    html = client_for(world.organizer_officer).get(reverse("awards_rule_adjustments", args=[2017])).content.decode()
    catalogue = html.split('id="catalogue-h"')[1]
    flag = catalogue.split("Cờ thi đua cấp Bộ, ngành, tỉnh", 1)[1].split("Cờ thi đua của Chính phủ", 1)[0]
    assert "Được cụm thi đua bình xét, suy tôn" in flag
    assert "Nghị định số 91/2017/NĐ-CP (được bình xét, suy tôn trong cụm, khối thi đua)" in flag
    assert "cần kiểm tra" in flag  # the 2017 article is cited as remembered
    assert "Một thành tích, một hình thức khen thưởng" in flag and "1 mỗi cụm" in flag
    merit = catalogue.split("Bằng khen cấp Bộ, ngành, tỉnh", 1)[1]
    assert "HTXSNV 3 năm liên tục" in merit and "Nâng chuẩn năm 2017" in merit  # the adjustment, with its reason
    # 2025: the article of the new period
    html = client_for(world.organizer_officer).get(reverse("awards_rule_adjustments", args=[2025])).content.decode()
    assert "Nghị định số 152/2025/NĐ-CP" in html.split('id="catalogue-h"')[1]

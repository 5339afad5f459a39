"""The place of the date line is the province's name on the document's date."""

import datetime as dt

import pytest

from tests.factories import UnitFactory
from thidua.documents.places import issuer_for_unit, place_name
from thidua.org.models import Province

pytestmark = pytest.mark.django_db


def _province(name, era):
    return Province.objects.get(name=name, era=era)


def test_before_the_merger_the_old_province_names_the_place():
    quang_nam = _province("Quảng Nam", Province.Era.BEFORE)
    assert place_name(quang_nam, dt.date(2022, 11, 23)) == "Quảng Nam"
    assert place_name(quang_nam, dt.date(2025, 6, 30)) == "Quảng Nam"


def test_after_1_july_2025_the_new_province_names_the_place():
    quang_nam = _province("Quảng Nam", Province.Era.BEFORE)
    assert place_name(quang_nam, dt.date(2025, 7, 1)) == "Đà Nẵng"
    assert place_name(quang_nam, dt.date(2026, 2, 5)) == "Đà Nẵng"
    assert place_name(_province("Thành phố Đà Nẵng", Province.Era.CURRENT), dt.date(2026, 2, 5)) == "Đà Nẵng"


def test_issuer_of_a_unit_drops_the_province_the_parent_line_names():
    unit = UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Nam", parent_authority="UBND TỈNH QUẢNG NAM")
    issuer = issuer_for_unit(unit)
    assert (issuer.parent_authority, issuer.issuing_body) == ("UBND TỈNH QUẢNG NAM", "Sở Ngoại vụ")
    city = UnitFactory(name="Sở Ngoại vụ thành phố Đà Nẵng", parent_authority="UBND THÀNH PHỐ ĐÀ NẴNG")
    assert issuer_for_unit(city).issuing_body == "Sở Ngoại vụ"
    alone = UnitFactory(name="Văn phòng Bộ", parent_authority="")
    assert issuer_for_unit(alone).issuing_body == "Văn phòng Bộ"


def test_a_units_issuer_is_named_in_full_in_running_text(world):
    # the header splits "SỞ NGOẠI VỤ" under "UBND TỈNH THANH HÓA"; text that names the
    # issuer ("… của Sở Ngoại vụ tỉnh Thanh Hóa", the .docx's author) takes its whole name
    issuer = issuer_for_unit(world.leader_unit)
    assert issuer.issuing_body.upper() == "SỞ NGOẠI VỤ"
    assert issuer.name == world.leader_unit.name

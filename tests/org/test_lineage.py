"""Lineage through the 1 July 2025 merger: successors, predecessors, the unit holding a
province's foreign-affairs duties on a date."""

import datetime as dt

import pytest

from tests.factories import UnitFactory, UserFactory
from thidua.org.models import Province, Unit
from thidua.org.selectors import foreign_affairs_unit_on, province_on, unit_all_predecessors, unit_successor_on
from thidua.org.services import unit_create

pytestmark = pytest.mark.django_db

BEFORE, AFTER = dt.date(2024, 12, 31), dt.date(2026, 1, 1)


def old(name):
    return Province.objects.get(era=Province.Era.BEFORE, name=name)


def new(name):
    return Province.objects.get(era=Province.Era.CURRENT, name=name)


@pytest.fixture
def merger():
    """Quảng Bình and Quảng Trị merged into Quảng Trị; Thanh Hóa unchanged; Quảng Nam's
    department was replaced by Đà Nẵng's after another merger."""
    admin = UserFactory(is_superuser=True)
    end = {"valid_to": dt.date(2025, 6, 30)}
    qb = UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Bình", province=old("Quảng Bình"), **end)
    qt_old = UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Trị (cũ)", province=old("Quảng Trị"), **end)
    qt = unit_create(
        actor=admin,
        data={
            "name": "Sở Ngoại vụ tỉnh Quảng Trị",
            "symbol": "SNgV",
            "kind": Unit.Kind.FOREIGN_AFFAIRS_DEPARTMENT,
            "province": new("Quảng Trị"),
            "valid_from": dt.date(2025, 7, 1),
        },
        predecessors=[qb, qt_old],
    )
    th = UnitFactory(name="Sở Ngoại vụ tỉnh Thanh Hóa", province=new("Thanh Hóa"))
    return {"qb": qb, "qt_old": qt_old, "qt": qt, "th": th}


def test_provinces_fixture_has_both_eras_and_the_mapping():
    assert Province.objects.filter(era=Province.Era.BEFORE).count() == 63
    assert Province.objects.filter(era=Province.Era.CURRENT).count() == 34
    assert old("Quảng Bình").merged_into == new("Quảng Trị")
    assert set(new("Quảng Trị").formed_from.values_list("name", flat=True)) == {"Quảng Bình", "Quảng Trị"}
    # Codes are reused across eras (52: Bình Định before, Gia Lai after), ids are not.
    assert Province.objects.filter(code=52).count() == 2


def test_fixture_agrees_with_the_vietnam_provinces_package():
    from vietnam_provinces import Province as PackageProvince

    package = {(int(p.code), p.name) for p in PackageProvince.iter_all()}
    ours = set(Province.objects.filter(era=Province.Era.CURRENT).values_list("code", "name"))
    assert ours == package


def test_province_on_a_date(merger):
    assert province_on(old("Quảng Bình"), BEFORE) == old("Quảng Bình")
    assert province_on(old("Quảng Bình"), AFTER) == new("Quảng Trị")


def test_successor_on_a_date(merger):
    assert unit_successor_on(merger["qb"], BEFORE) == merger["qb"]
    assert unit_successor_on(merger["qb"], AFTER) == merger["qt"]
    assert unit_successor_on(merger["th"], AFTER) == merger["th"]
    assert unit_successor_on(merger["qb"], dt.date(2025, 7, 1)) == merger["qt"]


def test_successor_through_two_mergers(merger):
    admin = UserFactory(is_superuser=True)
    merger["qt"].valid_to = dt.date(2030, 12, 31)
    merger["qt"].save()
    later = unit_create(
        actor=admin,
        data={"name": "Sở Ngoại vụ vùng Bắc Trung Bộ", "symbol": "SNgV", "kind": Unit.Kind.OTHER, "valid_from": dt.date(2031, 1, 1)},
        predecessors=[merger["qt"]],
    )
    assert unit_successor_on(merger["qb"], dt.date(2032, 1, 1)) == later
    assert set(unit_all_predecessors(later)) == {merger["qt"], merger["qb"], merger["qt_old"]}


def test_all_predecessors(merger):
    assert set(unit_all_predecessors(merger["qt"])) == {merger["qb"], merger["qt_old"]}
    assert unit_all_predecessors(merger["th"]) == []


def test_unit_holding_foreign_affairs_duties_on_a_date(merger):
    assert foreign_affairs_unit_on(old("Quảng Bình"), BEFORE) == merger["qb"]
    assert foreign_affairs_unit_on(old("Quảng Bình"), AFTER) == merger["qt"]
    assert foreign_affairs_unit_on(new("Quảng Trị"), AFTER) == merger["qt"]
    assert foreign_affairs_unit_on(old("Quảng Trị"), BEFORE) == merger["qt_old"]
    # An unchanged province's department continues across the reform.
    assert foreign_affairs_unit_on(old("Thanh Hóa"), BEFORE) == merger["th"]
    assert foreign_affairs_unit_on(new("Thanh Hóa"), AFTER) == merger["th"]
    assert foreign_affairs_unit_on(new("Cà Mau"), AFTER) is None


def test_division_holds_duties_where_no_department_exists():
    division = UnitFactory(
        name="Phòng Ngoại vụ - Văn phòng UBND tỉnh Cà Mau", province=new("Cà Mau"), kind=Unit.Kind.PEOPLES_COMMITTEE_OFFICE_DIVISION
    )
    assert foreign_affairs_unit_on(new("Cà Mau"), AFTER) == division
    department = UnitFactory(name="Sở Ngoại vụ tỉnh Cà Mau", province=new("Cà Mau"))
    assert foreign_affairs_unit_on(new("Cà Mau"), AFTER) == department

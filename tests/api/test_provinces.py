"""GET /api/v1/provinces/ — the 63 provinces before 1 July 2025 and the 34 after."""

import pytest

from tests.factories import UserFactory
from thidua.org.models import Province

URL = "/api/v1/provinces/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(api_for):
    return api_for(UserFactory())


def all_rows(api, query: str = "") -> list[dict]:
    response = api.get(f"{URL}?limit=1000{query}")
    assert response.status_code == 200
    return response.json()["results"]


def test_eras_and_ids_unique_across_them(api):
    current = all_rows(api, "&era=current")
    before = all_rows(api, "&era=before_2025_07_01")
    assert (len(current), len(before)) == (34, 63)
    assert {row["era"] for row in current} == {"current"}
    assert len({row["id"] for row in current + before}) == 97
    assert len(all_rows(api)) == 97


def test_code_52_is_two_provinces_and_lineage_holds_ids(api):
    before = {row["code"]: row for row in all_rows(api, "&era=before_2025_07_01")}
    current = {row["code"]: row for row in all_rows(api, "&era=current")}
    binh_dinh, gia_lai = before[52], current[52]
    assert (binh_dinh["name"], gia_lai["name"]) == ("Bình Định", "Gia Lai")
    assert binh_dinh["id"] != gia_lai["id"]
    assert binh_dinh["merged_into"] == gia_lai["id"]
    assert binh_dinh["valid_to"] == "2025-06-30" and gia_lai["valid_from"] == "2025-07-01"
    assert gia_lai["merged_into"] is None and binh_dinh["formed_from"] == []
    assert sorted(gia_lai["formed_from"]) == sorted([binh_dinh["id"], before[64]["id"]])
    assert set(gia_lai) == {"id", "code", "name", "division_type", "era", "valid_from", "valid_to", "merged_into", "formed_from"}


def test_pagination(api):
    page = api.get(f"{URL}?era=current&limit=10&offset=30").json()
    assert page["count"] == 34
    assert len(page["results"]) == 4
    assert page["next"] is None and "offset=20" in page["previous"]
    assert api.get(URL).json()["next"]  # 97 rows, 50 a page by default


def test_unknown_era_is_400(api):
    response = api.get(f"{URL}?era=2024")
    assert response.status_code == 400
    assert list(response.json()) == ["era"]


def test_anonymous_is_401(api_for):
    assert api_for(None).get(URL).status_code == 401


def test_constant_number_of_queries(api, count_queries):
    # Every province is loaded by a migration, so the page size decides how many rows.
    assert Province.objects.count() == 97
    few = count_queries(lambda: api.get(f"{URL}?limit=3"))
    # Rows 60-89: the last old provinces (merged_into) and new ones (formed_from) together.
    many = count_queries(lambda: api.get(f"{URL}?limit=30&offset=60"))
    assert few == many


@pytest.mark.parametrize(
    ("query", "size"),
    [("limit=10000000000000000000000000", 97), ("offset=10000000000000000000000000", 0), ("limit=-1", 50), ("limit=abc&offset=-5", 50)],
)
def test_odd_paging_parameters_never_fail(api, query, size):
    response = api.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert (response.json()["count"], len(response.json()["results"])) == (97, size)

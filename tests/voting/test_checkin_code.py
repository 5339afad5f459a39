"""Check-in needs the room's code for a delegate, through the API and the page alike (the
probe: the API took no code, or an empty one); wrong codes are limited per unit and
conference; the secretariat checks units in without a code."""

from __future__ import annotations

import pytest
from django.urls import reverse

from thidua.voting import services
from thidua.voting.models import CheckIn

from .conftest import build_electorate

pytestmark = pytest.mark.django_db


@pytest.fixture
def e():
    return build_electorate(4)


def url(e) -> str:
    return f"/api/v1/clusters/{e.cluster.pk}/years/{e.cluster_year.year}/conference/checkin/"


def wrong(code: str) -> str:
    return "000000" if code != "000000" else "111111"


@pytest.mark.parametrize("body", [{}, {"code": ""}, {"code": "   "}, {"code": None}], ids=["no code", "empty", "blank", "null"])
def test_the_api_refuses_a_delegate_without_the_code(e, api_for, body):
    unit = e.units[2]
    response = api_for(e.heads[2]).post(url(e), {"unit": unit.pk, **body}, format="json")
    assert response.status_code == 400 and "code" in response.json()
    assert not CheckIn.objects.filter(unit=unit).exists()


def test_the_api_and_the_page_accept_the_right_code(e, api_for, client_for):
    code = services.conference_of(e.cluster_year).checkin_code
    assert api_for(e.heads[2]).post(url(e), {"unit": e.units[2].pk, "code": code}, format="json").status_code == 200
    page = reverse("voting_checkin", args=[e.cluster.pk, e.cluster_year.year])
    assert client_for(e.heads[3]).post(page, {"unit": e.units[3].pk, "code": f" {code} "}).status_code == 302
    assert set(CheckIn.objects.values_list("unit_id", flat=True)) == {e.units[2].pk, e.units[3].pk}


def test_odd_codes_are_a_400_never_a_500(e, api_for):
    for odd in ("١٢٣٤٥٦", "𝟏𝟐𝟑𝟒𝟓𝟔", "\x00", "x" * 20):
        response = api_for(e.heads[2]).post(url(e), {"unit": e.units[2].pk, "code": odd}, format="json")
        assert response.status_code == 400, odd


def test_wrong_codes_are_limited_per_unit(e, api_for, client_for):
    code = services.conference_of(e.cluster_year).checkin_code
    api = api_for(e.heads[2])
    for _ in range(services.CHECKIN_MAX_WRONG):
        assert api.post(url(e), {"unit": e.units[2].pk, "code": wrong(code)}, format="json").status_code == 400
    response = api.post(url(e), {"unit": e.units[2].pk, "code": code}, format="json")  # even the right one, for a while
    assert response.status_code == 429 and "quá nhiều lần" in response.json()["detail"]
    page = client_for(e.heads[2]).post(
        reverse("voting_checkin", args=[e.cluster.pk, e.cluster_year.year]), {"unit": e.units[2].pk, "code": code}
    )
    assert page.status_code == 429 and "quá nhiều lần" in page.content.decode()
    assert not CheckIn.objects.filter(unit=e.units[2]).exists()
    # another unit is not affected, and the secretariat still checks the locked unit in, without a code
    assert api_for(e.heads[3]).post(url(e), {"unit": e.units[3].pk, "code": code}, format="json").status_code == 200
    assert api_for(e.leader_officer).post(url(e), {"unit": e.units[2].pk}, format="json").status_code == 200
    assert CheckIn.objects.filter(unit=e.units[2]).exists()


def test_the_page_counts_wrong_codes_too(e, client_for):
    code = services.conference_of(e.cluster_year).checkin_code
    client = client_for(e.heads[3])
    page = reverse("voting_checkin", args=[e.cluster.pk, e.cluster_year.year])
    statuses = [client.post(page, {"unit": e.units[3].pk, "code": wrong(code)}).status_code for _ in range(6)]
    assert statuses == [400] * 5 + [429]

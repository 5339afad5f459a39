"""Never 500 for bad input (issue 7, "Hostile input"; api-v1.md, "Conventions"): bodies of
any shape, depth and Unicode, every method, unknown paths, bodies too large — and every
error under /api/ is JSON in the contract's shape. Run on SQLite and on PostgreSQL (which
refuses NUL characters in text: there the old code answered 500)."""

import json

import pytest
from rest_framework.test import APIClient

from tests.scoring.helpers import SMALL_TABLE
from tests.voting.conftest import build_electorate
from thidua.scoring.models import CriteriaTable
from thidua.voting.models import Ballot, CheckIn, Participation

from .helpers import assert_400, assert_detail

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000 + "]" * 100_000
# Digits Python's int() reads (Arabic-Indic, mathematical bold) or str.isdigit() accepts
# but int() refuses (superscript two).
ODD_DIGITS = ["\u0661\u0662", "\u00b2", "\U0001d7d7", "\u0663"]


def as_arabic_indic(number: int) -> str:
    return "".join(chr(0x660 + int(d)) for d in str(number))


def post_raw(client, url: str, raw: str, method: str = "POST"):
    return client.generic(method, url, raw, content_type="application/json")


@pytest.fixture
def vote(db):
    """An open approval poll; the second unit's head is about to vote."""
    e = build_electorate(4)
    e.check_in()
    poll = e.poll(candidates=e.units[:3], method="approval", max_choices=2)
    client = APIClient()
    client.force_authenticate(e.heads[1])
    return e, poll, client


# --- depth ----------------------------------------------------------------------------------
def test_deeply_nested_json_is_400_even_unauthenticated(world, api_for):
    assert_400(post_raw(APIClient(), "/api/v1/auth/token/", DEEP), "non_field_errors")
    assert_400(post_raw(api_for(world.admin), "/api/v1/units/", DEEP), "non_field_errors")


def test_deeply_nested_json_to_a_signed_in_write(vote):
    _e, poll, client = vote
    assert_400(post_raw(client, f"/api/v1/polls/{poll.pk}/ballots/", DEEP), "non_field_errors")
    nested = json.dumps({"choices": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]})
    assert_400(post_raw(client, f"/api/v1/polls/{poll.pk}/ballots/", nested), "non_field_errors")
    assert not Participation.objects.exists()


# --- digits that are not ASCII ----------------------------------------------------------------
@pytest.mark.parametrize("choice", ODD_DIGITS)
def test_ballot_choices_in_other_scripts_digits_are_400_and_nothing_is_cast(vote, choice):
    _e, poll, client = vote
    response = client.post(f"/api/v1/polls/{poll.pk}/ballots/", {"choices": [choice]}, format="json")
    assert_400(response, "choices", exact=True)
    assert not Participation.objects.exists() and not Ballot.objects.exists()


def test_a_candidate_id_in_arabic_indic_digits_is_not_that_candidate(vote):
    # int("١٢") is 12: the old code cast a ballot for the candidate whose id is 12.
    e, poll, client = vote
    response = client.post(f"/api/v1/polls/{poll.pk}/ballots/", {"choices": [as_arabic_indic(e.units[0].pk)]}, format="json")
    assert_400(response, "choices")
    assert not Ballot.objects.exists()


@pytest.mark.parametrize("key", ODD_DIGITS)
def test_yes_no_answers_keyed_by_other_digits_are_400(db, key):
    e = build_electorate(4)
    e.check_in()
    poll = e.poll(candidates=e.units[:2], method="yes_no")
    client = APIClient()
    client.force_authenticate(e.heads[1])
    response = client.post(f"/api/v1/polls/{poll.pk}/ballots/", {"answers": {key: "yes"}}, format="json")
    assert_400(response, "answers")
    assert not Ballot.objects.exists()


def test_ascii_digit_strings_still_work(vote):
    e, poll, client = vote
    response = client.post(f"/api/v1/polls/{poll.pk}/ballots/", {"choices": [str(e.units[0].pk)]}, format="json")
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("unit", [*ODD_DIGITS, 10**30, -1, 1.5, True, "\x00", "1\x00"])
def test_an_id_field_refuses_odd_digits_and_numbers(db, unit):
    e = build_electorate(3)
    client = APIClient()
    client.force_authenticate(e.organizer_officer)
    response = client.post(f"/api/v1/clusters/{e.cluster.pk}/years/2026/conference/checkin/", {"unit": unit}, format="json")
    assert_400(response, "unit", exact=True)
    assert not CheckIn.objects.exists()


# --- text the database cannot store, numbers that are not numbers ----------------------------------
def test_nul_in_a_body_the_service_reads_itself_is_400_nothing_saved(world, api_for):
    table = json.loads(json.dumps(SMALL_TABLE))
    table["groups"][0]["criteria"][0]["title"] = "Tham mưu\x00"
    response = api_for(world.organizer_officer).put(f"/api/v1/clusters/{world.cluster.pk}/years/2026/criteria/", table, format="json")
    assert_400(response, "groups", exact=True)
    assert not CriteriaTable.objects.exists()


@pytest.mark.parametrize(
    "raw",
    ['{"name": "S\\u00f3 \\ud800"}', '{"name": NaN}', '{"name": Infinity}', '{"name": 1e400}', '{"x\\u0000": 1}'],
)
def test_lone_surrogates_nan_infinity_and_nul_keys_are_400(world, api_for, raw):
    response = post_raw(api_for(world.admin), "/api/v1/units/", raw)
    assert response.status_code == 400, response.content
    assert all(isinstance(v, list) and v for v in response.json().values())


@pytest.mark.parametrize("query", ["?unit=%00", "?q=%00", "?%00=1"])
def test_nul_in_the_query_string_is_400(world, api_for, query):
    response = api_for(world.admin).get("/api/v1/users/" + query)
    assert response.status_code == 400
    assert all(isinstance(v, list) and v for v in response.json().values())


def test_a_huge_integer_is_400(world, api_for):
    response = post_raw(api_for(world.admin), "/api/v1/units/", '{"province": ' + "9" * 5000 + "}")
    assert_400(response, "non_field_errors")


# --- every method, unknown paths, size ---------------------------------------------------------
@pytest.mark.parametrize("tail", ["criteria/", "scoresheets/{u}/self/", "scoresheets/{u}/by/{s}/", "ranking/", "polls/"])
def test_options_on_views_without_a_queryset(world, api_for, tail):
    # DRF's OPTIONS built the view's forms through get_object(): a 500 on these.
    url = f"/api/v1/clusters/{world.cluster.pk}/years/2026/" + tail.format(u=world.member_unit.pk, s=world.leader_unit.pk)
    response = api_for(world.member_officer).options(url)
    assert response.status_code == 200, response.content
    assert response.json()["name"]


@pytest.mark.parametrize("path", ["/api/nope", "/api/v1/nope/", "/api/v1/units/abc/", "/api/v1/polls/%00/", "/api/v2/"])
def test_unknown_paths_under_api_are_404_json(world, api_for, path):
    assert_detail(api_for(world.admin).get(path), 404)
    assert_detail(APIClient().post(path, {}, format="json"), 404)


def test_unknown_paths_elsewhere_keep_the_html_page(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


def test_a_body_too_large_is_413_json(world, api_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = post_raw(api_for(world.admin), "/api/v1/units/", json.dumps({"name": "x" * 2000}))
    assert_detail(response, 413)
    response = post_raw(APIClient(), "/api/v1/auth/token/", json.dumps({"username": "x" * 2000, "password": "y"}))
    assert_detail(response, 413)


def test_a_crash_under_api_is_a_json_500(world, api_for, monkeypatch):
    from thidua.api.views import auth

    def boom(*args, **kwargs):
        raise RuntimeError("a bug, not bad input")

    monkeypatch.setattr(auth.MeView, "get", boom)
    client = api_for(world.admin)
    client.raise_request_exception = False
    assert_detail(client.get("/api/v1/me/"), 500)


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE"])
def test_every_method_on_the_ballot_box(vote, method):
    _e, poll, client = vote
    response = client.generic(method, f"/api/v1/polls/{poll.pk}/ballots/", DEEP, content_type="application/json")
    assert response.status_code < 500
    if method != "HEAD":
        assert response["Content-Type"].startswith("application/json")

"""The signed-in user is read with its unit and organizer (org.backends.UserBackend): the
menu of every page names them, and without the join each was a query of its own on every
request."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    """A real sign-in through the login page, as a browser's: the session then names the
    backend that authenticated the user, as in production (force_login would pick another)."""
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def menu_reads(client) -> tuple[str, list[str]]:
    url = reverse("cluster_list")
    client.get(url)  # warm up
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("role", ["member_officer", "organizer_officer"])
def test_the_menu_names_the_users_unit_or_organizer_without_a_query_of_its_own(world, settings, role):
    settings.THIDUA_REQUIRE_2FA = False  # the organizer's officer's second step is not what is tested here
    user = getattr(world, role)
    html, sql = menu_reads(signed_in(user))
    named = user.unit.name if role == "member_officer" else user.organizer.name
    assert named in html
    for table in ("org_unit", "org_organizer"):
        alone = [s for s in sql if s.startswith("SELECT") and f'FROM "{table}" WHERE "{table}"."id" = ' in s]
        assert alone == [], f"{table} read by id apart from the user: {alone}"


def test_a_deactivated_account_is_signed_out_on_its_next_request(world):
    client = signed_in(world.member_officer)
    world.member_officer.is_active = False
    world.member_officer.save(update_fields=["is_active"])
    response = client.get(reverse("cluster_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))

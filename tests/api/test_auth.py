"""Sign-in for API clients, login throttling, the three ways to be (or not be) signed in."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UnitFactory, UserFactory

TOKEN_URL = "/api/v1/auth/token/"
ME_URL = "/api/v1/me/"

pytestmark = pytest.mark.django_db


def get_token(client, username, password):
    return client.post(TOKEN_URL, {"username": username, "password": password}, format="json")


def test_token_for_right_password_and_it_authenticates():
    user = UserFactory(username="can_bo")
    client = APIClient()
    response = get_token(client, "can_bo", PASSWORD)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expiry", "key_prefix"}
    assert AuthToken.objects.get(user=user).token_key == body["key_prefix"] == body["token"][:15]

    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = client.get(ME_URL)
    assert me.status_code == 200
    assert me.json()["username"] == "can_bo"
    user.refresh_from_db()
    assert user.last_login is not None


def test_each_sign_in_makes_its_own_token_and_both_work():
    UserFactory(username="can_bo")
    client = APIClient()
    first = get_token(client, "can_bo", PASSWORD).json()["token"]
    second = get_token(client, "can_bo", PASSWORD).json()["token"]
    assert first != second
    assert AuthToken.objects.count() == 2
    for token in (first, second):
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert client.get(ME_URL).status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"username": "can_bo", "password": "sai-mat-khau"}, "non_field_errors"),
        ({"username": "khong_co_ai", "password": PASSWORD}, "non_field_errors"),
        ({"username": "can_bo"}, "password"),
        ({"password": PASSWORD}, "username"),
        ({}, "username"),
    ],
)
def test_bad_credentials_are_400_with_a_field_message(body, field):
    UserFactory(username="can_bo")
    response = APIClient().post(TOKEN_URL, body, format="json")
    assert response.status_code == 400
    assert isinstance(response.json()[field], list) and response.json()[field][0]
    assert "token" not in response.json()
    assert AuthToken.objects.count() == 0


def test_inactive_user_gets_no_token():
    UserFactory(username="nghi_viec", is_active=False)
    response = get_token(APIClient(), "nghi_viec", PASSWORD)
    assert response.status_code == 400
    assert AuthToken.objects.count() == 0


def test_sixth_attempt_after_five_failures_is_refused_even_with_the_right_password(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    UserFactory(username="can_bo")
    client = APIClient()
    statuses = [get_token(client, "can_bo", f"sai-{n}").status_code for n in range(5)]
    # The fifth failure is recorded and, reaching the limit, already answered with the lockout.
    assert statuses == [400, 400, 400, 400, 429]
    assert AccessAttempt.objects.get(username="can_bo").failures_since_start == 5

    response = get_token(client, "can_bo", PASSWORD)
    assert response.status_code == 429
    assert response.json()["detail"]
    assert "token" not in response.json()
    assert AuthToken.objects.count() == 0


def test_lockout_is_per_user_name():
    UserFactory(username="can_bo")
    UserFactory(username="dong_nghiep")
    client = APIClient()
    for n in range(5):
        get_token(client, "can_bo", f"sai-{n}")
    assert get_token(client, "dong_nghiep", PASSWORD).status_code == 200


def test_success_clears_earlier_failures():
    UserFactory(username="can_bo")
    client = APIClient()
    for n in range(4):
        assert get_token(client, "can_bo", f"sai-{n}").status_code == 400
    assert get_token(client, "can_bo", PASSWORD).status_code == 200
    for n in range(4):
        assert get_token(client, "can_bo", f"sai-lan-hai-{n}").status_code == 400
    assert get_token(client, "can_bo", PASSWORD).status_code == 200


def test_a_stale_token_header_does_not_block_sign_in():
    UserFactory(username="can_bo")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token khong-hop-le")
    assert get_token(client, "can_bo", PASSWORD).status_code == 200


def test_401_without_credentials_or_with_a_wrong_token():
    assert APIClient().get(ME_URL).status_code == 401
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token khong-hop-le")
    response = client.get(ME_URL)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_session_auth_works_and_needs_csrf_for_writes():
    user = UserFactory(username="to_chuc", is_superuser=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get(ME_URL).json()["username"] == "to_chuc"
    response = client.post("/api/v1/clusters/", {"name": "Cụm mới", "number": "7"}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


# --- /me/ -----------------------------------------------------------------------------------
def test_me_of_unit_staff():
    unit = UnitFactory()
    user = UserFactory(username="truong_phong", unit=unit, is_unit_head=True, is_delegate=True)
    client = APIClient()
    client.force_authenticate(user)
    assert client.get(ME_URL).json() == {
        "id": user.pk, "username": "truong_phong", "full_name": user.full_name, "email": user.email, "unit": unit.pk,
        "organizer": None, "roles": ["head", "delegate"], "is_admin": False,
    }


def test_me_of_organizer_officer_and_admin(world, api_for):
    me = api_for(world.organizer_officer).get(ME_URL).json()
    assert (me["unit"], me["organizer"], me["roles"], me["is_admin"]) == (None, world.organizer.pk, ["organizer"], False)
    me = api_for(world.admin).get(ME_URL).json()
    assert (me["username"], me["roles"], me["is_admin"]) == ("admin", [], True)

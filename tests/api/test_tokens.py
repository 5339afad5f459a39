"""API tokens (issue 7, "Hostile input"): hashed at rest, expiring, listed and revoked by
their owner, revoked by sign-out and by a password change."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory
from thidua.core.models import AuditEvent

TOKEN_URL = "/api/v1/auth/token/"
TOKENS_URL = "/api/v1/auth/tokens/"
LOGOUT_URL = "/api/v1/auth/logout/"
ME_URL = "/api/v1/me/"
NEW_PASSWORD = "Mat-khau-moi-2026-rat-dai"

pytestmark = pytest.mark.django_db


def sign_in(username="can_bo", password=PASSWORD) -> dict:
    response = APIClient().post(TOKEN_URL, {"username": username, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def client_with(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture
def user():
    return UserFactory(username="can_bo")


def test_only_a_hash_is_stored(user):
    token = sign_in()["token"]
    row = AuthToken.objects.get(user=user)
    stored = " ".join(str(getattr(row, f.attname)) for f in AuthToken._meta.concrete_fields)
    assert token not in stored
    assert row.digest != token and len(row.digest) == 128  # SHA-512 hex
    assert row.token_key == token[:15]


def test_issue_is_audited_without_the_token(user):
    body = sign_in()
    event = AuditEvent.objects.get(action="api_token.issue")
    assert event.actor == user and event.object_id == body["key_prefix"]
    assert body["token"] not in str(event.after)


def test_a_token_expires_after_the_ttl(user, settings):
    body = sign_in()
    expiry = dt.datetime.fromisoformat(body["expiry"])
    assert abs(expiry - (timezone.now() + dt.timedelta(days=settings.API_TOKEN_TTL_DAYS))) < dt.timedelta(minutes=1)
    assert settings.API_TOKEN_TTL_DAYS == 30
    AuthToken.objects.filter(user=user).update(expiry=timezone.now() - dt.timedelta(seconds=1))
    response = client_with(body["token"]).get(ME_URL)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_owner_lists_own_tokens_without_secrets(user):
    first, second = sign_in(), sign_in()
    sign_in_other = UserFactory(username="nguoi_khac")
    sign_in("nguoi_khac")
    response = client_with(second["token"]).get(TOKENS_URL)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["key_prefix"] for r in rows] == [second["key_prefix"], first["key_prefix"]]
    assert [r["current"] for r in rows] == [True, False]
    assert set(rows[0]) == {"key_prefix", "created", "expiry", "current"}
    assert first["token"] not in response.content.decode() and second["token"] not in response.content.decode()
    assert AuthToken.objects.filter(user=sign_in_other).count() == 1


def test_owner_revokes_one_token_and_the_other_keeps_working(user):
    first, second = sign_in(), sign_in()
    response = client_with(second["token"]).delete(f"{TOKENS_URL}{first['key_prefix']}/")
    assert response.status_code == 204
    assert client_with(first["token"]).get(ME_URL).status_code == 401
    assert client_with(second["token"]).get(ME_URL).status_code == 200
    assert AuditEvent.objects.filter(action="api_token.revoke", object_id=first["key_prefix"]).exists()


def test_nobody_revokes_or_sees_another_users_token(user):
    mine = sign_in()
    UserFactory(username="ke_xau")
    theirs = sign_in("ke_xau")
    response = client_with(theirs["token"]).delete(f"{TOKENS_URL}{mine['key_prefix']}/")
    assert response.status_code == 404
    assert response.json()["detail"]
    assert client_with(mine["token"]).get(ME_URL).status_code == 200
    listed = client_with(theirs["token"]).get(TOKENS_URL).json()["results"]
    assert [r["key_prefix"] for r in listed] == [theirs["key_prefix"]]


def test_sign_out_revokes_the_token_used_and_only_it(user):
    first, second = sign_in(), sign_in()
    assert client_with(first["token"]).post(LOGOUT_URL).status_code == 204
    assert client_with(first["token"]).get(ME_URL).status_code == 401
    assert client_with(second["token"]).get(ME_URL).status_code == 200
    assert AuditEvent.objects.get(action="api_token.revoke").reason == "sign-out"


def test_password_change_on_the_page_revokes_every_token(user):
    tokens = [sign_in()["token"], sign_in()["token"]]
    browser = Client()
    browser.force_login(user)
    response = browser.post(
        "/doi-mat-khau/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    for token in tokens:
        assert client_with(token).get(ME_URL).status_code == 401
    assert not AuthToken.objects.filter(user=user).exists()
    # The change went through the audited service, and this browser stays signed in.
    event = AuditEvent.objects.get(action="user.change_password")
    assert event.actor == user and event.after == {"api_tokens_revoked": 2}
    assert browser.get("/").status_code == 200
    # The new password signs in for a new token.
    assert client_with(sign_in(password=NEW_PASSWORD)["token"]).get(ME_URL).status_code == 200


def test_a_refused_password_change_keeps_the_tokens(user):
    token = sign_in()["token"]
    browser = Client()
    browser.force_login(user)
    response = browser.post("/doi-mat-khau/", {"old_password": "sai", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 200
    assert client_with(token).get(ME_URL).status_code == 200
    assert not AuditEvent.objects.filter(action="user.change_password").exists()


def test_an_inactive_users_token_no_longer_works(user):
    token = sign_in()["token"]
    user.is_active = False
    user.save()
    assert client_with(token).get(ME_URL).status_code == 401


@pytest.mark.parametrize(
    "header",
    [
        "Token " + "g" * 64,  # not hexadecimal
        "Token " + "a" * 63,  # too short
        "Token " + "\x00" * 64,  # PostgreSQL refuses NUL in a query
        "Token " + "\xe9" * 64,  # Latin-1 bytes that are not UTF-8 (knox decodes as UTF-8: a 500)
        "Token",
        "Token a b",
    ],
)
def test_malformed_token_headers_are_401_not_500(user, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(ME_URL)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_token_sign_in_is_still_throttled_by_axes(user, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        APIClient().post(TOKEN_URL, {"username": "can_bo", "password": f"sai-{n}"}, format="json")
    response = APIClient().post(TOKEN_URL, {"username": "can_bo", "password": PASSWORD}, format="json")
    assert response.status_code == 429
    assert not AuthToken.objects.exists()


@pytest.mark.parametrize("path", [f"{TOKENS_URL}XYZ/", f"{TOKENS_URL}%00/", f"{TOKENS_URL}0123456789abcdef0/"])
def test_token_names_that_cannot_exist_are_404_json(user, path):
    response = client_with(sign_in()["token"]).delete(path)
    assert response.status_code == 404
    assert response.json()["detail"]

"""Security defaults: Argon2, sign-in throttling, production settings, admin access."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import get_hasher

from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2(world):
    assert world.member_officer.password.startswith("argon2$")
    assert get_hasher().algorithm == "argon2"


def test_production_settings_use_full_cost_argon2_first():
    base = importlib.import_module("thidua.settings.base")
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def sign_in(client, username, password):
    return client.post("/dang-nhap/", {"username": username, "password": password})


def test_sign_in_and_sign_out(client, world):
    response = sign_in(client, "member_officer", PASSWORD)
    assert response.status_code == 302 and client.session.get("_auth_user_id") == str(world.member_officer.pk)
    client.post("/dang-xuat/")
    assert "_auth_user_id" not in client.session


def test_wrong_password_is_refused_with_a_vietnamese_message(client, world):
    response = sign_in(client, "member_officer", "sai-mat-khau")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "và mật khẩu chính xác" in response.content.decode()  # Django's Vietnamese catalogue


def test_repeated_failures_lock_the_account_on_that_address(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "member_officer", "sai-mat-khau")
    # Even the right password is refused now, and the page says why.
    response = sign_in(client, "member_officer", PASSWORD)
    assert response.status_code == 429
    assert "tạm khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked.
    assert sign_in(client, "member_head", PASSWORD).status_code == 302


def test_lockout_is_reset_by_the_cool_off(client, world, settings):
    from axes.utils import reset

    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "member_officer", "sai-mat-khau")
    assert sign_in(client, "member_officer", PASSWORD).status_code == 429
    reset(username="member_officer")  # what the cool-off (or an admin) does
    assert sign_in(client, "member_officer", PASSWORD).status_code == 302


def test_password_change_checks_the_old_password_and_strength(client, world):
    client.force_login(world.member_officer)
    bad = client.post("/doi-mat-khau/", {"old_password": "sai", "new_password1": "Mat-khau-moi-2026", "new_password2": "Mat-khau-moi-2026"})
    assert bad.status_code == 200
    weak = client.post("/doi-mat-khau/", {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 200
    world.member_officer.refresh_from_db()
    assert world.member_officer.check_password(PASSWORD)
    ok = client.post(
        "/doi-mat-khau/", {"old_password": PASSWORD, "new_password1": "Mat-khau-moi-2026", "new_password2": "Mat-khau-moi-2026"}
    )
    assert ok.status_code == 302
    world.member_officer.refresh_from_db()
    assert world.member_officer.check_password("Mat-khau-moi-2026")


@pytest.mark.parametrize("who", ["organizer_officer", "leader_officer"])
def test_admin_site_is_for_the_system_admin_only(client, world, who):
    user = getattr(world, who)
    user.is_staff = True  # even a staff flag set by mistake does not open it
    user.save()
    client.force_login(user)
    assert client.get("/admin/").status_code == 302
    client.force_login(world.admin)
    assert client.get("/admin/").status_code == 200


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    # Only what production would have: no test-run variables (e.g. the browser tests' async flag).
    inherited = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "thidua.settings.production",
        "SECRET_KEY": "x" * 60 + "-not-a-real-secret-0123456789",
        "BALLOT_SEALING_SECRET": "b" * 40,
        "AUDIT_SECRET": "a" * 40,
        "ALLOWED_HOSTS": "thidua.example.gov.vn",
        "DATABASE_URL": f"sqlite:///{tmp_path}/deploy-check.sqlite3",  # per test run and xdist worker
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {"DJANGO_SETTINGS_MODULE": "thidua.settings.production"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("missing", ["BALLOT_SEALING_SECRET", "AUDIT_SECRET"])
def test_production_settings_refuse_to_start_without_the_outside_secrets(missing):
    env = {k: v for k, v in os.environ.items() if k not in {"BALLOT_SEALING_SECRET", "AUDIT_SECRET"}} | {
        "DJANGO_SETTINGS_MODULE": "thidua.settings.production",
        "SECRET_KEY": "x" * 60,
        "BALLOT_SEALING_SECRET": "b" * 40,
        "AUDIT_SECRET": "a" * 40,
    }
    del env[missing]
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode != 0 and f"{missing} must be set" in result.stderr


def test_production_defaults_are_secure():
    base = importlib.import_module("thidua.settings.base")
    assert base.DEBUG is False or os.environ.get("DEBUG")
    assert base.SESSION_COOKIE_SECURE and base.CSRF_COOKIE_SECURE and base.SECURE_SSL_REDIRECT
    assert base.SECURE_HSTS_SECONDS >= 31536000 and base.X_FRAME_OPTIONS == "DENY"
    assert not hasattr(base, "MEDIA_URL") or not base.MEDIA_URL  # uploads only through permission-checked views


def test_csrf_is_enforced_on_sign_in(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/dang-nhap/", {"username": "member_officer", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_no_secret_in_the_repository():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert "var/secret_key" not in tracked and not any(p.endswith((".sqlite3", ".env")) for p in tracked)

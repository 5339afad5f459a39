"""Sign-in lock-out and API throttle behind a reverse proxy and across workers (issue 7).

Behind a proxy every request arrives from the proxy's address: the client is taken from
X-Forwarded-For, counting PROXY_COUNT trusted entries from the right, so that two clients
behind one proxy are counted apart and an entry a client writes itself changes nothing.
The throttle's counters live in the cache, shared through Redis when REDIS_URL is set."""

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.cache.backends.redis import RedisCache
from django.test import RequestFactory
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, ScopedRateThrottle

from tests.factories import PASSWORD
from thidua.core.client_ip import client_ip

ROOT = Path(__file__).resolve().parents[2]
PROXY = "10.0.0.1"
ALICE = "203.0.113.5"
BOB = "198.51.100.7"


def sign_in(client, username, password, forwarded_for):
    return client.post("/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


# --- who the client is -----------------------------------------------------------------------------------


def request(remote=PROXY, forwarded_for=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("count", "forwarded_for", "expected"),
    [
        (0, None, PROXY),
        (0, ALICE, PROXY),  # no trusted proxy: the header is the client's own text
        (1, None, PROXY),
        (1, ALICE, ALICE),
        (1, f"6.6.6.6, {ALICE}", ALICE),  # a spoofed leftmost entry is ignored
        (2, f"6.6.6.6, {ALICE}, 10.0.0.9", ALICE),  # two proxies: the outer one appended Alice
        (1, "unknown", PROXY),  # a misconfigured proxy: counted against the proxy, no error
        (1, f"{ALICE}:4711", PROXY),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_counts_trusted_proxies_from_the_right(settings, count, forwarded_for, expected):
    settings.PROXY_COUNT = count
    assert client_ip(request(forwarded_for=forwarded_for)) == expected


def test_lockout_uses_the_projects_client_address(settings):
    assert settings.AXES_CLIENT_IP_CALLABLE == "thidua.core.client_ip.client_ip"
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == settings.PROXY_COUNT


def test_throttle_is_not_evaded_by_a_forwarded_for_header_without_proxy():
    # Without a trusted proxy DRF (NUM_PROXIES None) would key clients by the whole header,
    # which a client writes: a new header per request, a fresh allowance per request.
    assert BaseThrottle().get_ident(Request(request(forwarded_for="6.6.6.6"))) == PROXY


def test_throttle_and_lockout_agree_on_the_client_behind_a_proxy(settings):
    settings.PROXY_COUNT = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    assert api_settings.NUM_PROXIES == 1
    for forwarded_for in (ALICE, f"6.6.6.6, {ALICE}"):
        raw = request(forwarded_for=forwarded_for)
        assert BaseThrottle().get_ident(Request(raw)) == client_ip(raw) == ALICE


@pytest.mark.django_db
def test_lockout_behind_a_proxy_counts_each_client_apart(client, world, settings):
    settings.PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "member_officer", "sai-mat-khau", ALICE)
    # Alice's address is locked for that account, even with the right password...
    assert sign_in(client, "member_officer", PASSWORD, ALICE).status_code == 429
    # ...and writing another address in front of hers does not get her out.
    assert sign_in(client, "member_officer", PASSWORD, f"6.6.6.6, {ALICE}").status_code == 429
    assert "_auth_user_id" not in client.session
    # Bob, behind the same proxy, signs in to the same account: he is another client.
    response = sign_in(client, "member_officer", PASSWORD, BOB)
    assert response.status_code == 302 and client.session.get("_auth_user_id") == str(world.member_officer.pk)


@pytest.mark.django_db
def test_spoofed_entries_do_not_spread_failures_over_fresh_addresses(client, world, settings):
    settings.PROXY_COUNT = 1
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "member_officer", "sai-mat-khau", f"192.0.2.{n}, {ALICE}")
    assert sign_in(client, "member_officer", PASSWORD, f"192.0.2.99, {ALICE}").status_code == 429


# --- the cache -------------------------------------------------------------------------------------------


def settings_in_subprocess(env: dict[str, str], expression: str) -> str:
    code = f"import thidua.settings.base as s; print({expression})"
    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CACHE_URL", "PROXY_COUNT", "API_TOKEN_THROTTLE_RATE"}}
    env = {**clean, "PYTHONPATH": str(ROOT / "src"), **env}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_redis_url_makes_the_cache_shared_and_its_absence_local():
    backend = "s.CACHES['default']['BACKEND'], s.CACHES['default'].get('LOCATION')"
    assert settings_in_subprocess({"REDIS_URL": "redis://127.0.0.1:6379/3"}, backend) == (
        "django.core.cache.backends.redis.RedisCache redis://127.0.0.1:6379/3"
    )
    assert "RedisCache" in settings_in_subprocess({"CACHE_URL": "redis://cache.internal:6379/0"}, backend)
    assert settings_in_subprocess({}, backend) == "django.core.cache.backends.locmem.LocMemCache None"


def test_token_sign_in_rate_comes_from_the_environment_and_a_bad_one_stops_start_up():
    rate = "s.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['token']"
    assert settings_in_subprocess({}, rate) == "20/minute"
    assert settings_in_subprocess({"API_TOKEN_THROTTLE_RATE": "600/minute"}, rate) == "600/minute"
    code = "import thidua.settings.base"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "API_TOKEN_THROTTLE_RATE": "lots"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "API_TOKEN_THROTTLE_RATE" in result.stderr


def test_proxy_count_setting_drives_both_counters():
    assert settings_in_subprocess({"PROXY_COUNT": "2"}, "s.PROXY_COUNT, s.REST_FRAMEWORK['NUM_PROXIES']") == "2 2"
    assert settings_in_subprocess({}, "s.PROXY_COUNT, s.REST_FRAMEWORK['NUM_PROXIES']") == "0 0"


REDIS = os.environ.get("THIDUA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_location():
    if not redis_reachable():
        message = "Redis is not reachable on 127.0.0.1:6379"
        if os.environ.get("THIDUA_REQUIRE_REDIS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return REDIS


def worker_cache(location: str, prefix: str) -> RedisCache:
    """What one gunicorn worker builds from REDIS_URL: its own client and connection pool."""
    return RedisCache(location, {"KEY_PREFIX": prefix})


def test_two_workers_share_the_throttle_count_through_redis(redis_location, settings):
    prefix = f"thidua-test-{uuid.uuid4().hex}"  # this run's keys only
    workers = [worker_cache(redis_location, prefix), worker_cache(redis_location, prefix)]
    assert workers[0]._cache is not workers[1]._cache
    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"]
    limit = int(rate.split("/")[0])

    class View:
        throttle_scope = "token"

    def attempt(worker: RedisCache) -> bool:
        throttle = ScopedRateThrottle()
        throttle.cache = worker  # as if this worker's default cache
        return throttle.allow_request(Request(request(remote=ALICE)), View())

    try:
        # Alternate between the two workers: together they allow the rate, not twice it.
        allowed = [attempt(workers[n % 2]) for n in range(limit)]
        assert all(allowed)
        assert not attempt(workers[0]) and not attempt(workers[1])
        # Another client still has its own allowance.
        throttle = ScopedRateThrottle()
        throttle.cache = workers[1]
        assert throttle.allow_request(Request(request(remote=BOB)), View())
    finally:
        client = workers[0]._cache.get_client(write=True)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)

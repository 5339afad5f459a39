"""Test settings: the development settings with the test database (SQLite in memory, or
PostgreSQL when DATABASE_URL is set) and a cheaper Argon2 so that a suite that makes
hundreds of users stays fast. Production settings keep the full-cost Argon2."""

from .dev import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
BALLOT_SEALING_SECRET = "test-only-ballot-sealing-secret-not-secret"  # noqa: S105
AUDIT_SECRET = "test-only-audit-secret-not-secret-at-all"  # noqa: S105
PASSWORD_HASHERS = ["thidua.core.testing.FastArgon2PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Queued tasks run at once, in the enqueuing process (after commit): tests see the e-mail in
# mail.outbox. The database backend and its worker have their own tests.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
AXES_FAILURE_LIMIT = 5
# Each test process its own cache, whatever REDIS_URL the machine has: tests that need a
# shared cache build their own clients (tests/core/test_proxy_and_cache.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}, "documents": DOCUMENTS_CACHE}  # noqa: F405
# Most tests sign organizer officers and admins in with force_login, unrelated to two-factor
# sign-in: the requirement is off here and tests/accounts/test_twofactor.py turns it on.
THIDUA_REQUIRE_2FA = False
# On SQLite, the test database is built from the models rather than by replaying every
# migration (6 s of each test process's start, most of it Django re-rendering the model
# states; bench/README.md "Test suite"). The migrations' only data, the provinces, is
# loaded by tests/conftest.py. PostgreSQL's test databases are migrated: they carry the audit
# trail's triggers, which only migrations install, and `make check` (in CI) proves the
# models and the migrations agree.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {**DATABASES["default"].get("TEST", {}), "MIGRATE": False}  # noqa: F405

"""Development settings used by `make run` and `manage.py` by default: DEBUG on, the
SQLite database under var/, e-mail printed to the console, plain HTTP on localhost.
A random secret key is made once and kept in var/secret_key (never in the repository)."""

import os
import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool, env_list

DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")


def _local_secret(name: str, filename: str) -> str:
    """The environment's value, else one made once and kept in var/ (outside the database
    and the repository), so that a restart of `make run` can still open sealed ballots and
    verify the trail."""
    if os.environ.get(name):
        return os.environ[name]
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / filename
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _local_secret("SECRET_KEY", "secret_key")
BALLOT_SEALING_SECRET = _local_secret("BALLOT_SEALING_SECRET", "ballot_sealing_secret")
AUDIT_SECRET = _local_secret("AUDIT_SECRET", "audit_secret")
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)  # whitenoise expects STATIC_ROOT to exist
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

"""Helpers for the test settings only."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 with a small cost so that the test suite can make hundreds of users.
    Production uses Django's default Argon2 parameters (see settings/base.py)."""

    time_cost = 1
    memory_cost = 256
    parallelism = 1

"""The matrices' world is built once per module, and each row's state once per row; every
case runs in a savepoint rolled back to that state (Django's setUpTestData pattern: a
module-level transaction, a row-level savepoint, then pytest-django's per-test one). Each
row gets deep copies of the model instances (its setup may change them) and each case a
copy of its user (helpers.user_of), so nothing done to them in memory leaks into the next."""

from __future__ import annotations

import copy
from contextlib import contextmanager

import pytest
from django.db import transaction

from tests.conftest import World, build_world
from tests.matrix.helpers import sign_in_once


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker) -> World:
    with django_db_blocker.unblock(), rolled_back():
        world = build_world()
        sign_in_once(world)
        yield world


@pytest.fixture
def world(matrix_world, db) -> World:
    """The module's world, as the rest of the suite's `world` fixture gives it."""
    return copy.deepcopy(matrix_world)


@pytest.fixture(scope="class")
def case(request, matrix_world, django_db_blocker):
    """(row, world) with the row's setup done once; parametrized indirectly by rows. Class-
    scoped, and each matrix's cases are in a class, so that the row's savepoint is released
    when its class ends (a module-scoped one would stay open under the module's next tests)
    and pytest groups the cases of one row together (it groups by fixture, parameter index
    and class)."""
    row = request.param
    with django_db_blocker.unblock(), rolled_back():
        world = copy.deepcopy(matrix_world)
        if row.setup:
            row.setup(world)
        yield row, world

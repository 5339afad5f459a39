"""Shared fixtures. `world` is a small, complete organisation with one user of every
role, used by the permission matrix and most tests:

organizer "Bộ A" with cluster A (2026: leader, deputy1, member units) and a second
organizer "Bộ B" with cluster B (2026: unit_b as leader) that nobody from Bộ A may see.
"""

import copy
import gc
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from thidua.org.models import Cluster, ClusterYear, Organizer, Province, Role, Unit, User
from thidua.org.provinces import load_provinces

from .core.audit_tamper import AUDIT_TRUNCATE_TRIGGERS
from .factories import PASSWORD, ClusterFactory, ClusterYearFactory, OrganizerFactory, UnitFactory, UserFactory, add_member

# Tests whose outcome does not depend on the database engine, marked `engine_neutral` here:
# those that touch no database (arithmetic, documents, hypothesis properties, parsers) and the
# permission matrices (tests/matrix: who may do what, through every route; the same views and
# queries are run on PostgreSQL by the tests of each app). CI runs every test on SQLite and,
# on PostgreSQL, `-m 'not engine_neutral'` only: each test still runs at least once, and the
# engine-specific ones (marked `postgres`, the concurrency tests, the browser tests) on PostgreSQL.
DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server"}


# The modules with a transactional test (a flush, real commits): they build `world` per test.
TRANSACTIONAL_MODULES = pytest.StashKey[set]()


def pytest_collection_modifyitems(config, items):
    config.stash[TRANSACTIONAL_MODULES] = {item.path for item in items if _transactional(item)}
    for item in items:
        in_matrix = "/tests/matrix/" in str(item.path).replace("\\", "/")
        uses_db = item.get_closest_marker("django_db") is not None or bool(DB_FIXTURES & set(getattr(item, "fixturenames", ())))
        if in_matrix or not uses_db:
            item.add_marker(pytest.mark.engine_neutral)


def pytest_collection_finish(session):
    """The garbage collector, tuned for a run of thousands of short tests: what exists once
    the tests are collected (Django, the test items, the modules) is frozen out of its
    reach, and the youngest generation is collected every 50,000 allocations instead of 700,
    so that it does not walk a large, long-lived heap again and again (7 % of a matrix
    module's time; bench/README.md "Test suite"). Cycles are still collected."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Under `--dist loadgroup` (`make test`), tests/demo goes to one worker, which loads the
    demo once (tests/demo/conftest.py). Its modules carry `xdist_group("demo")`, but pytest 9.2
    ignores the `@demo` pytest-xdist 3.8 appends to their ids (pytest-xdist issue 1386), so the
    group would be spread over every worker: the scheduler groups that package by its path too."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class DemoOnOneWorker(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith("tests/demo/"):
                return "demo"
            return super()._split_scope(nodeid)

    return DemoOnOneWorker(config, log)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """On PostgreSQL, the test database lets TRUNCATE through the audit trail's guard, and
    nothing else: transactional tests are emptied by a flush, which is a TRUNCATE. Every
    other trigger (no UPDATE, no DELETE, no rewinding a head) stays on in tests; production
    databases keep the TRUNCATE guard too (tests/core/test_audit_postgres.py re-enables it
    inside its own transaction to prove it)."""
    with django_db_blocker.unblock():
        if not settings.DATABASES["default"].get("TEST", {}).get("MIGRATE", True):
            # Built from the models (settings/test.py): the one row set the migrations load.
            load_provinces(Province)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table, trigger in AUDIT_TRUNCATE_TRIGGERS.items():
                    cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER "{trigger}"')

@pytest.fixture(autouse=True)
def _language_back():
    """Each test starts in the default language: a request leaves its language active in the
    thread (LocaleMiddleware activates it, nothing deactivates it), so an API test asking for
    English left the next test's lazy messages in English on the same worker."""
    yield
    translation.deactivate()


@contextmanager
def loaded_once(django_db_blocker):
    """For a module- or package-scoped fixture: what it writes stays for its tests (each runs
    in its own savepoint, pytest-django's) and is rolled back when the module or package ends
    — Django's setUpTestData pattern, as the permission matrices (tests/matrix/conftest.py)
    and the demo (tests/demo/conftest.py) use it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@dataclass
class World:
    organizer: Organizer
    other_organizer: Organizer
    cluster: Cluster
    cluster_year: ClusterYear
    other_cluster: Cluster
    other_cluster_year: ClusterYear
    leader_unit: Unit
    deputy_unit: Unit
    member_unit: Unit
    outside_unit: Unit  # a unit of the other organizer's cluster
    admin: User
    organizer_officer: User
    other_organizer_officer: User
    leader_officer: User
    leader_head: User
    deputy_officer: User
    member_officer: User
    member_head: User
    member_delegate: User
    outside_officer: User

    def users(self) -> dict[str, User]:
        """Every role of the permission matrix, by name."""
        return {
            "admin": self.admin,
            "organizer": self.organizer_officer,
            "other_organizer": self.other_organizer_officer,
            "leader_officer": self.leader_officer,
            "leader_head": self.leader_head,
            "deputy_officer": self.deputy_officer,
            "member_officer": self.member_officer,
            "member_head": self.member_head,
            "member_delegate": self.member_delegate,
            "outside_officer": self.outside_officer,
        }


ROLES = [
    "anonymous",
    "admin",
    "organizer",
    "other_organizer",
    "leader_officer",
    "leader_head",
    "deputy_officer",
    "member_officer",
    "member_head",
    "member_delegate",
    "outside_officer",
]


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(DB_FIXTURES - {"db"} & set(getattr(item, "fixturenames", ())))


@pytest.fixture(scope="module")
def module_world(request, django_db_setup, django_db_blocker):
    """The `world` of a module, built once and rolled back when the module ends (the
    matrices' pattern: each test runs in its own savepoint inside it). Building it was about
    8 ms of every test that asked for it. A module with a transactional test builds the
    world per test instead: that test's flush and commits cannot run inside an open
    transaction."""
    if request.path in request.config.stash[TRANSACTIONAL_MODULES]:
        yield None
        return
    with loaded_once(django_db_blocker):
        yield build_world()


@pytest.fixture
def world(module_world, db) -> World:
    # A copy: what a test changes on the instances must not reach the module's next test.
    return build_world() if module_world is None else copy.deepcopy(module_world)


def build_world() -> World:
    """The rows of the `world` (also built once per module by the permission matrices)."""
    organizer = OrganizerFactory(name="Bộ A", symbol="BA")
    other = OrganizerFactory(name="Bộ B", symbol="BB")
    cluster = ClusterFactory(organizer=organizer, number="1", name="Cụm thi đua số 1")
    other_cluster = ClusterFactory(organizer=other, number="9", name="Cụm thi đua số 9")
    cy = ClusterYearFactory(cluster=cluster, year=2026)
    other_cy = ClusterYearFactory(cluster=other_cluster, year=2026)
    leader = UnitFactory(name="Sở Ngoại vụ tỉnh Thanh Hóa", managed_by=organizer)
    deputy = UnitFactory(name="Sở Ngoại vụ tỉnh Nghệ An", managed_by=organizer)
    member = UnitFactory(name="Sở Ngoại vụ tỉnh Hà Tĩnh", managed_by=organizer)
    outside = UnitFactory(name="Sở Ngoại vụ tỉnh Lạng Sơn", managed_by=other)
    add_member(cy, leader, Role.LEADER)
    add_member(cy, deputy, Role.DEPUTY1)
    add_member(cy, member, Role.MEMBER)
    add_member(other_cy, outside, Role.LEADER)
    return World(
        organizer=organizer,
        other_organizer=other,
        cluster=cluster,
        cluster_year=cy,
        other_cluster=other_cluster,
        other_cluster_year=other_cy,
        leader_unit=leader,
        deputy_unit=deputy,
        member_unit=member,
        outside_unit=outside,
        admin=UserFactory(username="admin", is_superuser=True, is_staff=True),
        organizer_officer=UserFactory(username="org_a", organizer=organizer, is_organizer_officer=True),
        other_organizer_officer=UserFactory(username="org_b", organizer=other, is_organizer_officer=True),
        leader_officer=UserFactory(username="leader_officer", unit=leader, is_unit_officer=True),
        leader_head=UserFactory(username="leader_head", unit=leader, is_unit_head=True),
        deputy_officer=UserFactory(username="deputy_officer", unit=deputy, is_unit_officer=True),
        member_officer=UserFactory(username="member_officer", unit=member, is_unit_officer=True),
        member_head=UserFactory(username="member_head", unit=member, is_unit_head=True),
        member_delegate=UserFactory(username="member_delegate", unit=member, is_delegate=True),
        outside_officer=UserFactory(username="outside_officer", unit=outside, is_unit_officer=True),
    )


@pytest.fixture
def client_for():
    """client_for(user) -> a Django test client signed in as `user` (None: anonymous)."""

    def make(user):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def api_for():
    """api_for(user) -> a DRF API client authenticated as `user` (None: anonymous)."""

    def make(user):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture(autouse=True)
def _empty_cache():
    """Counters kept in the cache (e.g. wrong check-in codes, keyed by ids that a rolled-back
    test gives out again) must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()

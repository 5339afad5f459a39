"""What the permission matrices share: the table of expected statuses by role, a Row (one
route and method in one state), the request made as a role, and the checks on its answer.

Each matrix module lists rows; `check(row, world, role)` makes the real request and asserts
the status, that an anonymous visitor of a page is sent to sign in, that a refusal changed
nothing in the database (every table's row count, the audit trail included) and that Bộ B's
people never see Bộ A's cluster in any answer. The world and each row's state are built
once and rolled back to for every case (see tests/matrix/conftest.py)."""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from tests.conftest import ROLES, World
from tests.factories import PASSWORD

SIGNED_IN = [role for role in ROLES if role != "anonymous"]
# Bộ B's officer and the staff of Bộ B's cluster: Bộ A's cluster is invisible to them.
OUTSIDERS = ("other_organizer", "outside_officer")
SECRET = "Cụm thi đua số 1"  # Bộ A's cluster (tests/conftest.py build_world)


def expect(groups: dict[str, list[str]], default: int, *, anonymous: int, **overrides: int) -> dict[str, int]:
    """{role: status}: `anonymous` for the anonymous visitor, `default` for every signed-in
    role, then `overrides` by role or group name (`groups`), in the order given (so a role
    named after its group wins)."""
    table = {"anonymous": anonymous, **dict.fromkeys(SIGNED_IN, default)}
    for name, status in overrides.items():
        roles = groups.get(name, [name])
        assert set(roles) <= set(ROLES), name
        table.update(dict.fromkeys(roles, status))
    return table


def statuses(groups: dict[str, list[str]]) -> tuple[Callable[..., dict[str, int]], Callable[..., dict[str, int]]]:
    """(api, web): expect() with a module's groups; the API answers anonymous 401, pages
    send anonymous to sign in (302)."""

    def api(default: int, *, anonymous: int = 401, **overrides: int) -> dict[str, int]:
        return expect(groups, default, anonymous=anonymous, **overrides)

    def web(default: int, *, anonymous: int = 302, **overrides: int) -> dict[str, int]:
        return expect(groups, default, anonymous=anonymous, **overrides)

    return api, web


@dataclass(frozen=True)
class Row:
    name: str
    method: str  # GET, POST, PUT, PATCH
    url: Callable[[World], str]
    expected: dict[str, int]
    # body(world, user): the JSON (API) or form data (pages) sent; user is None for anonymous
    body: Callable | None = None
    # setup(world): puts the world in the row's state before the request (once per row)
    setup: Callable[[World], object] | None = None
    # "force": authenticated as the role's user; "credentials": sent without authentication,
    # with the role's user name and password in the body (the sign-in endpoint)
    auth: str = "force"

    def __post_init__(self):
        # A table built without expect() must still say what every role gets.
        assert set(self.expected) == set(ROLES), self.name

    def __str__(self) -> str:
        return self.name

    @property
    def route(self) -> str:
        """The page's route name, for rows named "route[variant]"."""
        return self.name.split("[")[0]


def user_of(world: World, role: str):
    """A copy of the role's user: the request gets it as request.user (the API's
    force_authenticate), and whatever a view sets on it must not reach the row's next case.
    The rest of the row's world is only read (URLs, bodies): it is shared by the row's cases."""
    return None if role == "anonymous" else copy.deepcopy(world.users()[role])


def prepare(row: Row, world: World, role: str) -> Callable[[], HttpResponse]:
    """The row's request as `role`, ready to send: JSON to the API (URLs under /api/), a
    form to pages. Bodies are built here, before check() counts the rows (a body may read
    something that a read creates)."""
    user = user_of(world, role)
    target = row.url(world)
    if row.auth == "credentials":
        body = {"username": user.username if user else "khong_co_ai", "password": PASSWORD}
    else:
        body = row.body(world, user) if row.body else None
    if target.startswith("/api/"):
        api = APIClient()
        if user is not None and row.auth == "force":
            api.force_authenticate(user)
        data = "" if body is None else json.dumps(body)
        return lambda: api.generic(row.method, target, data, content_type="application/json")
    client = Client()
    if user is not None:
        sign_in(client, world, role, user)
    # Irreversible acts ask for confirmation first (thidua.core.confirm): the matrix checks
    # who may do them, so its forms come confirmed (tests/core/test_confirm.py checks the asking).
    form = {**(body or {}), "confirmed": "1"}
    return (lambda: client.get(target)) if row.method == "GET" else (lambda: client.post(target, form))


def sign_in_once(world: World) -> None:
    """Sign every role in once for the module (its session rows stay in the module's
    transaction; what a case's request changes in them is rolled back with the case):
    signing in — a session, the sign-in signals, the access log — was a fifth of a case."""
    world.sessions = {}
    for role, user in world.users().items():
        client = Client()
        client.force_login(user)
        world.sessions[role] = (user.pk, client.cookies[settings.SESSION_COOKIE_NAME].value)


def sign_in(client: Client, world: World, role: str, user) -> None:
    """The role's session from sign_in_once, or a new one if the row's state changed who
    holds the role."""
    pk, session = getattr(world, "sessions", {}).get(role, (None, None))
    if pk == user.pk:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    else:
        client.force_login(user)


# Tables a refused request may still write: none since reads never write (issue 8: a year's
# settings and conference are created with the year).
READS_THAT_WRITE: frozenset[str] = frozenset()


def check(state: tuple[Row, World], role: str, *, may_write: frozenset[str] = READS_THAT_WRITE) -> None:
    """Make the row's request as `role` in the row's state (a row_state fixture's value;
    the test's savepoint undoes what it writes) and assert what the matrix promises."""
    row, world = state
    send = prepare(row, world, role)
    before = table_counts()
    response = send()
    expected = row.expected[role]
    assert response.status_code == expected, (row.name, role, response.status_code, response.content[:500])
    refused = expected >= 400 or role == "anonymous"
    if role == "anonymous" and expected == 302:
        assert response["Location"].startswith(reverse("login") + "?next="), response["Location"]
    if refused:
        after = table_counts()
        written = [table for table, old, new in zip(_watched_tables(), before, after, strict=True) if old != new and table not in may_write]
        assert not written, f"{row.name}: refused for {role}, yet rows were written in {written}"
    if role in OUTSIDERS:
        assert SECRET not in response.getvalue().decode(errors="replace"), f"{row.name}: Bộ A's cluster shown to {role}"


def check_roles(state: tuple[Row, World], *, may_write: frozenset[str] = READS_THAT_WRITE) -> None:
    """check() for every role, one after the other in one test, each in its own savepoint
    rolled back (what one role's request writes never reaches the next) with the cache
    emptied and the language reset between them, as separate tests would have them. A
    failure does not stop the row: every role is checked and every failure reported.

    One test per row rather than per role and row: the test machinery around a case (its
    fixtures, its savepoint, its report crossing to pytest-xdist's controller) cost about a
    fifth as much as the case's own request (bench/README.md "Test suite")."""
    failures = []
    for role in ROLES:
        try:
            with transaction.atomic():
                try:
                    check(state, role, may_write=may_write)
                finally:
                    transaction.set_rollback(True)
        except AssertionError as error:
            failures.append(f"{role}: {error}")
        finally:
            cache.clear()
            translation.deactivate()
    assert not failures, "\n".join(failures)


# Sessions (signing in) and axes' records of failed sign-ins are written by a refusal too.
_UNWATCHED_APPS = {"sessions", "axes"}


@functools.cache
def _watched_tables() -> list[str]:
    tables = {m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.app_label not in _UNWATCHED_APPS}
    return tuple(sorted(tables))


def table_counts() -> tuple[int, ...]:
    """Every watched table's row count, in one statement (tables are tiny in the world)."""
    quote = connection.ops.quote_name
    # Table names come from the models, not from input.
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in _watched_tables())  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())

"""The tests that read the demo data (`load_demo`: several seconds of CPU). The demo is loaded
once for this whole package, not once per module: `demo_loaded` is package-scoped and its
transaction is rolled back when the package ends; each test runs in its own savepoint
(pytest-django's), so what one test writes — loading the demo again included — is undone
before the next.

Every module here is marked `django_db` (each test in its savepoint; pytest-django then also
keeps them together, before the transactional tests) and `xdist_group("demo")`: under
`--dist loadgroup` (`make test`) the package runs on one worker, which loads the demo once
(tests/conftest.py: pytest_xdist_make_scheduler, as the mark alone is lost on pytest 9.2).
`pytest_collection_modifyitems` below refuses a module that forgets either mark."""

import io
from pathlib import Path

import pytest

from tests.conftest import loaded_once

DEMO_DIR = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.is_relative_to(DEMO_DIR):
            marks = {m.name: m for m in item.iter_markers()}
            group = marks.get("xdist_group")
            if "django_db" not in marks or group is None or group.args[:1] != ("demo",):
                raise pytest.UsageError(f"{item.nodeid}: tests/demo needs pytestmark = [django_db, xdist_group('demo')]")


@pytest.fixture(scope="package")
def demo_loaded(django_db_setup, django_db_blocker) -> str:
    """The demo, loaded once for the package; its output."""
    from django.core.management import call_command
    from django.test.utils import override_settings

    from thidua.org.models import Province
    from thidua.org.provinces import load_provinces

    with loaded_once(django_db_blocker), override_settings(DEBUG=True):
        # A transactional test run earlier on the same worker flushes the provinces a
        # migration loaded; the demo needs them (as tests/accounts/conftest.py puts them back).
        if not Province.objects.exists():
            load_provinces(Province)
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()

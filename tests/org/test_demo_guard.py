"""load_demo refuses to run without DEBUG. Apart from tests/demo, whose tests
share one load of the demo: here the database must start empty, so that
"nothing was written" can fail."""

import io

import pytest
from django.core.management import CommandError, call_command

from thidua.org.models import User

pytestmark = pytest.mark.django_db


def test_load_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", stdout=io.StringIO())
    assert not User.objects.exists()

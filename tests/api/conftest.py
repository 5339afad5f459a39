"""Helpers of the API tests."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # The token endpoint's rate limit lives in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def count_queries():
    """count_queries(fn) -> how many SQL queries fn() ran (asserting it answered 200)."""

    def run(fn) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = fn()
        assert response.status_code == 200, response.content
        return len(ctx.captured_queries)

    return run

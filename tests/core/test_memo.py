"""The per-request memo: one read per request, none kept outside a request or across
requests, forgotten by every audited write."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from thidua.core import memo
from thidua.core.audit import audit_record


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.calls


def test_outside_a_request_nothing_is_kept():
    count = Counter()
    assert [memo.memoized(("t", 1), count) for _ in range(3)] == [1, 2, 3]


def test_inside_a_request_a_key_is_computed_once():
    count = Counter()
    with memo.request_memo():
        assert [memo.memoized(("t", 1), count) for _ in range(3)] == [1, 1, 1]
        assert memo.memoized(("t", 2), count) == 2
    assert memo.memoized(("t", 1), count) == 3  # the block's memo is gone


def test_many_keys_are_computed_together_and_only_the_missing_ones():
    asked = []

    def load(keys):
        asked.append(list(keys))
        return {k: k[1] * 10 for k in keys}

    with memo.request_memo():
        assert memo.memoized_many([("t", 1), ("t", 2)], load) == {("t", 1): 10, ("t", 2): 20}
        assert memo.memoized_many([("t", 2), ("t", 3)], load) == {("t", 2): 20, ("t", 3): 30}
    assert asked == [[("t", 1), ("t", 2)], [("t", 3)]]


def test_each_request_has_its_own_memo():
    count = Counter()
    seen = []

    def view(request):
        seen.append((memo.memoized("k", count), memo.memoized("k", count)))
        return HttpResponse()

    middleware = memo.RequestMemoMiddleware(view)
    middleware(RequestFactory().get("/"))
    middleware(RequestFactory().get("/"))
    assert seen == [(1, 1), (2, 2)]


@pytest.mark.django_db
def test_an_audited_write_forgets_what_the_request_read():
    count = Counter()
    with memo.request_memo():
        assert memo.memoized("k", count) == 1
        with transaction.atomic():
            audit_record(actor=None, action="test.write", object_type="test", object_id="1")
        assert memo.memoized("k", count) == 2

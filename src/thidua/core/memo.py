"""Reads a request makes more than once, made once: a memo that lives exactly as long as one
request.

A page asks the same questions several times through different doors — a permission rule,
a selector and the view each want the year's rules or the roles of its members. Rather than
threading the loaded objects through every signature (rules predicates only get a user and
an object), those reads go through `memoized(key, compute)`:

- inside a request (`RequestMemoMiddleware`, so pages and the API alike) the first call
  computes and keeps the value, later calls with the same key return it;
- outside a request (services called by a command, the shell, a test) nothing is kept:
  every call computes, so there is no global cache to go stale or leak between tests;
- every audited write (`core.audit.audit_record`) forgets the request's memo, so a request
  that changes settings or members and reads them again sees the new rows.

Keys are tuples that start with the owning app's name, e.g. ("scoring.year_rules", 7).
Values are shared by the callers of one request: treat them as read-only."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_store: ContextVar[dict | None] = ContextVar("thidua_request_memo", default=None)


def memoized(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, once per request for `key`."""
    store = _store.get()
    if store is None:
        return compute()
    try:
        return store[key]
    except KeyError:
        value = store[key] = compute()
        return value


def memoized_many(keys: list, compute: Callable[[list], dict]) -> dict:
    """{key: value} for `keys`, computing only those the request has not memoised yet, all
    at once (`compute(missing keys) -> {key: value}`): one query for many objects, none
    for those already read."""
    store = _store.get()
    if store is None:
        return compute(list(keys))
    missing = [k for k in keys if k not in store]
    if missing:
        store.update(compute(missing))
    return {k: store[k] for k in keys}


def peek(key: Hashable, default=None):
    """What the request has memoised for `key`, without computing it (`default` if nothing,
    or outside a request): for a cheaper answer from a larger read another part of the
    page has already made."""
    store = _store.get()
    return default if store is None else store.get(key, default)


def forget() -> None:
    """Drop everything the current request memoised (after a write)."""
    store = _store.get()
    if store is not None:
        store.clear()


@contextmanager
def request_memo():
    """A fresh memo for the duration of the block (a request, a management command's unit
    of work, a test)."""
    token = _store.set({})
    try:
        yield
    finally:
        _store.reset(token)


class RequestMemoMiddleware:
    """One memo per request, dropped when the response is ready."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_memo():
            return self.get_response(request)

"""The public portal's page cache. The article page and the lists are rendered once and kept
in the shared cache under a version number that every write of the channel moves on
(after its transaction commits), so a publication or an edit shows at once; results of the
year (ranking, polls, awards), written by other apps, show within PAGE_SECONDS."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

VERSION_KEY = "channel:portal:version"
PAGE_SECONDS = 300


def version() -> int:
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, 1, None)
        value = cache.get(VERSION_KEY) or 1
    return int(value)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # gone from the cache: any new number forgets the old pages
        cache.set(VERSION_KEY, version() + 1, None)


def changed() -> None:
    """Forget every cached portal page once the current transaction commits."""
    transaction.on_commit(_bump)


def cached_html(name: str, parts: tuple, build) -> str:
    """The page `name` for `parts` (its arguments), from the cache or built by build()."""
    digest = hashlib.sha256(repr((get_language(), parts)).encode()).hexdigest()[:24]
    key = f"channel:page:{version()}:{name}:{digest}"
    html = cache.get(key)
    if html is None:
        html = build()
        cache.set(key, html, PAGE_SECONDS)
    return html

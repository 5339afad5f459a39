"""Rendered files remembered by their content: a `Document` rendered to PDF or .docx is
kept in a small cache of this process, keyed by a digest of the whole document model, so
that the second member who downloads the same covenant, or the same minutes in the other
format's neighbour request, does not pay WeasyPrint's 100–300 ms again.

Why the document's `repr`: the `Document` and its blocks are plain dataclasses of text,
numbers and dates, and both renderers read nothing else (no translation, no clock), so
equal reprs give equal files. A field whose repr did not show its value (an object with
the default repr) would only make the key unique, never wrong.

Why a process-local cache (`CACHES["documents"]`, Django's LocMemCache: bounded, LRU,
thread-safe) and not the shared one: official documents stay out of Redis, and a hit
needs the whole document already built by a caller that checked the reader's permission."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import caches

from .document import Document


def rendered(kind: str, document: Document, render: Callable[[Document], bytes]) -> bytes:
    """`render(document)`, or the same bytes from an earlier call with an equal document."""
    cache = caches["documents"]
    key = f"{kind}:{hashlib.sha256(repr(document).encode()).hexdigest()}"
    data = cache.get(key)
    if data is None:
        data = render(document)
        cache.set(key, data)
    return data

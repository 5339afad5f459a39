"""What a server process builds once before it forks its workers (gunicorn.conf.py), so that
no worker builds it again while the first requests wait: the URL resolvers (every route's
pattern compiled, the views' modules imported) and the translation catalogues. Measured on
the bench machine: about 160 ms of CPU per worker, paid at the first request of each
(bench/README.md "Ballots: the server's shape")."""

from __future__ import annotations

from django.conf import settings
from django.db import connections
from django.urls import URLResolver, get_resolver
from django.utils import translation


def _populate(resolver: URLResolver) -> None:
    resolver.reverse_dict  # noqa: B018  (a property: builds this resolver's lookups on first access)
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            _populate(pattern)


def warm_before_fork() -> None:
    for code, _name in settings.LANGUAGES:
        with translation.override(code):  # activating a language loads its catalogues
            _populate(get_resolver())  # patterns are compiled per language (i18n routes)
    # No connection may cross the fork: the workers would share its socket.
    connections.close_all()

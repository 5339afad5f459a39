"""Pagination of every API list: {"count", "next", "previous", "results"}, ?limit=&offset=."""

from rest_framework.pagination import LimitOffsetPagination


class LimitOffset(LimitOffsetPagination):
    # Without a ceiling, ?limit=10**30 reaches the database as LIMIT and fails there (500).
    max_limit = 1000

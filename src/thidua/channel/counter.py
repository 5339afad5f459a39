"""The portal's visitor counter (online now, today, total), as the seeds' portal shows it,
without cookies or personal data and without a database write per page view.

- A visitor is a *client key*: sha256 of a salt that changes every day (random, kept only
  in the cache, never stored) with the address and browser the request came from. The
  address is never kept, nor the key beyond two days; nothing is set in the browser.
- Counting happens in the shared cache (Redis in production, so every worker agrees):
  `add` marks a key as seen (atomic: exactly one request wins), `incr` counts (atomic).
  A visitor counts once a day ("today", "total") and once per ONLINE_SECONDS window
  ("online now": visitors seen in the current window).
- The day's new visitors wait in a pending counter; whoever sees it reach FLUSH_EVERY, or
  finds the last flush older than FLUSH_SECONDS, takes the flush lock (`add`) and moves
  them into VisitDay with one UPDATE … visits = visits + n: one write per batch, never
  one per view on the day's row."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from thidua.core.client_ip import client_ip

from .models import VisitDay

ONLINE_SECONDS = 300
FLUSH_EVERY = 50
FLUSH_SECONDS = 60
DAY_SECONDS = 2 * 24 * 3600
P = "channel:visits:"


@dataclass(frozen=True)
class Stats:
    online: int
    today: int
    total: int


def _today() -> dt.date:
    return timezone.localdate()


def _salt(day: dt.date) -> str:
    key = f"{P}salt:{day.isoformat()}"
    cache.add(key, secrets.token_hex(16), DAY_SECONDS)
    return cache.get(key) or ""


def client_key(request, day: dt.date | None = None) -> str:
    day = day or _today()
    agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    raw = f"{_salt(day)}|{client_ip(request) or ''}|{agent}"
    return hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()[:32]


def _incr(key: str, timeout: int | None = DAY_SECONDS) -> int:
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout)
        return 1


def count_visit(key: str, *, now: float | None = None, day: dt.date | None = None) -> None:
    """Count one page view of the visitor `key` (a client_key)."""
    now = time.time() if now is None else now
    day = day or _today()
    window = int(now // ONLINE_SECONDS)
    if cache.add(f"{P}seen:{window}:{key}", 1, 2 * ONLINE_SECONDS):
        _incr(f"{P}online:{window}", 2 * ONLINE_SECONDS)
    if cache.add(f"{P}day:{day.isoformat()}:{key}", 1, DAY_SECONDS):
        _incr(f"{P}today:{day.isoformat()}")
        pending = _incr(f"{P}pending:{day.isoformat()}")
        if _flush_due(pending, now):
            flush(day=day, now=now, only_if_due=True)


def _flush_due(pending: int, now: float) -> bool:
    return pending >= FLUSH_EVERY or now - (cache.get(f"{P}flushed_at") or 0) >= FLUSH_SECONDS


def flush(*, day: dt.date | None = None, now: float | None = None, only_if_due: bool = False) -> int:
    """Move the pending visitors of today and yesterday into VisitDay (one UPDATE each).
    Only one process at a time (a lock in the cache); returns the number moved.

    `only_if_due` asks again under the lock whether a flush is still due: visitors who saw
    the pending count reach FLUSH_EVERY while another flush was moving it would otherwise
    each write a small batch after it."""
    day = day or _today()
    now = time.time() if now is None else now
    if not cache.add(f"{P}flush-lock", 1, 30):
        return 0
    moved = 0
    try:
        if only_if_due and not _flush_due(int(cache.get(f"{P}pending:{day.isoformat()}") or 0), now):
            return 0
        for d in (day - dt.timedelta(days=1), day):
            key = f"{P}pending:{d.isoformat()}"
            n = int(cache.get(key) or 0)
            if n <= 0:
                continue
            cache.decr(key, n)  # atomic: visits counted meanwhile stay pending
            with transaction.atomic():
                if not VisitDay.objects.filter(date=d).update(visits=F("visits") + n):
                    _row, created = VisitDay.objects.get_or_create(date=d, defaults={"visits": n})
                    if not created:
                        VisitDay.objects.filter(date=d).update(visits=F("visits") + n)
            moved += n
        cache.set(f"{P}flushed_at", now, None)
        cache.delete(f"{P}stored")
    finally:
        cache.delete(f"{P}flush-lock")
    return moved


def _stored() -> tuple[int, dict[str, int]]:
    """(all visits in the database, the last two days' rows), cached until the next flush."""
    value = cache.get(f"{P}stored")
    if value is None:
        day = _today()
        total = VisitDay.objects.aggregate(n=Sum("visits"))["n"] or 0
        recent = {r.date.isoformat(): r.visits for r in VisitDay.objects.filter(date__gte=day - dt.timedelta(days=1))}
        value = (total, recent)
        cache.set(f"{P}stored", value, FLUSH_SECONDS)
    return value


def stats(*, now: float | None = None) -> Stats:
    now = time.time() if now is None else now
    day = _today()
    window = int(now // ONLINE_SECONDS)
    total, recent = _stored()
    pending = sum(int(cache.get(f"{P}pending:{d.isoformat()}") or 0) for d in (day - dt.timedelta(days=1), day))
    today_cache = int(cache.get(f"{P}today:{day.isoformat()}") or 0)
    today = max(today_cache, recent.get(day.isoformat(), 0) + int(cache.get(f"{P}pending:{day.isoformat()}") or 0))
    return Stats(online=max(1, int(cache.get(f"{P}online:{window}") or 0)), today=today, total=total + pending)

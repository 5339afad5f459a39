"""The visitor counter: no cookie, no personal data kept, exact under concurrent visits,
and the database written once per batch, never once per page view."""

import datetime as dt
import threading

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from thidua.channel import counter
from thidua.channel.models import VisitDay

DAY = dt.date(2026, 11, 28)


@pytest.fixture(autouse=True)
def big_cache(settings):
    """Room for every visitor's keys: LocMemCache culls past MAX_ENTRIES (300 by default),
    which a shared Redis does not."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "counter-tests",
                                   "OPTIONS": {"MAX_ENTRIES": 100_000}}}
    cache.clear()


def _visit_all(keys, *, threads: int, views_each: int, now: float):
    barrier = threading.Barrier(threads)
    errors = []

    def work(chunk):
        from django.db import connection

        try:
            barrier.wait()
            for _ in range(views_each):
                for key in chunk:
                    counter.count_visit(key, now=now, day=DAY)
        except Exception as exc:  # reported by the test
            errors.append(exc)
        finally:
            connection.close()

    chunks = [keys[i::threads] for i in range(threads)]
    workers = [threading.Thread(target=work, args=(chunk,)) for chunk in chunks]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_visits_no_lost_counts_and_batched_writes(monkeypatch):
    writes = []
    real_flush = counter.flush

    def counting_flush(**kwargs):
        moved = real_flush(**kwargs)
        if moved:
            writes.append(moved)
        return moved

    monkeypatch.setattr(counter, "flush", counting_flush)
    monkeypatch.setattr(counter, "_today", lambda: DAY)
    visitors = [f"visitor-{i}" for i in range(400)]
    now = 1_800_000_000.0
    _visit_all(visitors, threads=8, views_each=3, now=now)  # each visitor opens three pages
    stats = counter.stats(now=now)
    assert stats.today == 400 and stats.total == 400 and stats.online == 400
    counter.flush(day=DAY, now=now)
    assert VisitDay.objects.get(date=DAY).visits == 400  # none lost, none counted twice
    assert sum(writes) <= 400
    # 1200 page views, at most one write per FLUSH_EVERY new visitors (plus the first flush)
    assert 1 <= len(writes) <= 400 // counter.FLUSH_EVERY + 2, writes
    assert counter.stats(now=now).total == 400


@pytest.mark.django_db(transaction=True)
def test_concurrent_flushes_never_lose_pending_visits(monkeypatch):
    monkeypatch.setattr(counter, "_today", lambda: DAY)
    monkeypatch.setattr(counter, "FLUSH_EVERY", 1)  # every new visitor tries to flush: the lock decides
    _visit_all([f"v{i}" for i in range(120)], threads=6, views_each=1, now=1_800_000_000.0)
    counter.flush(day=DAY)
    assert VisitDay.objects.get(date=DAY).visits == 120


def test_online_window_and_days(db, monkeypatch):
    monkeypatch.setattr(counter, "_today", lambda: DAY)
    now = 1_800_000_000.0
    for key in ("a", "b", "a"):
        counter.count_visit(key, now=now, day=DAY)
    assert counter.stats(now=now).online == 2 and counter.stats(now=now).today == 2
    later = now + 2 * counter.ONLINE_SECONDS
    counter.count_visit("a", now=later, day=DAY)  # the same visitor, later the same day
    stats = counter.stats(now=later)
    assert stats.online == 1 and stats.today == 2 and stats.total == 2


def test_client_key_keeps_no_address_and_changes_daily(rf):
    request = rf.get("/", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Firefox")
    key = counter.client_key(request, day=DAY)
    assert "203.0.113.7" not in key and len(key) == 32
    assert key == counter.client_key(request, day=DAY)
    assert key != counter.client_key(request, day=DAY + dt.timedelta(days=1))
    assert key != counter.client_key(rf.get("/", REMOTE_ADDR="203.0.113.8", HTTP_USER_AGENT="Firefox"), day=DAY)
    assert not any("203.0.113.7" in str(cache.get(k)) for k in getattr(cache, "_cache", {}))


def test_portal_page_counts_without_cookie_or_db_write(world, django_assert_max_num_queries):
    client = Client(REMOTE_ADDR="198.51.100.1")
    client.get(reverse("portal_home"))
    with django_assert_max_num_queries(2):  # reads only: the counter writes nothing per view
        response = client.get(reverse("portal_home"))
    assert not response.cookies
    html = response.content.decode()
    assert 'data-visitors="today">1<' in html and 'data-visitors="total">1<' in html

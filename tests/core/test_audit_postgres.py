"""The audit trail on PostgreSQL: the database refuses to change or remove events (and to
rewind or remove heads), and chains of different scopes never wait for each other while
writes to one chain still serialise. Real threads, one connection each.

Run with DATABASE_URL=postgres://…; on SQLite (no triggers, one writer) they are skipped."""

from __future__ import annotations

import itertools
import threading
import time

import pytest
from django.db import DatabaseError, connection, connections, transaction

from thidua.core.audit import GENESIS, audit_record, audit_verify
from thidua.core.models import AuditEvent, AuditHead

from .audit_tamper import AUDIT_TRUNCATE_TRIGGERS

pytestmark = pytest.mark.postgres
GUARD = 60  # seconds: only a failure guard, never what a test measures


@pytest.fixture
def pg():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://…)")


def record(cluster_id: int | None, action: str = "test.write") -> AuditEvent:
    return audit_record(actor=None, action=action, object_type="test", cluster_id=cluster_id, organizer_id=1 if cluster_id else None)


def refused(sql: str, params=()) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError as exc:
        return "append-only" in str(exc)
    return False


def guard_truncate(table: str) -> None:
    """Put back, inside this test's transaction, the TRUNCATE guard that the test database
    lifts for flushing (tests/conftest.py), as a production database has it."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE and TRUNCATE refuse pending FK checks
        cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER "{AUDIT_TRUNCATE_TRIGGERS[table]}"')


@pytest.mark.django_db
def test_the_database_refuses_to_change_or_remove_events(pg):
    event = record(1)
    assert refused("UPDATE core_auditevent SET reason = 'sửa' WHERE id = %s", [event.pk])
    assert refused("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    guard_truncate("core_auditevent")
    assert refused("TRUNCATE core_auditevent CASCADE")
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


@pytest.mark.django_db
def test_the_database_refuses_to_rewind_or_remove_heads_but_lets_them_move_forward(pg):
    record(1)
    record(1)
    assert refused("UPDATE core_audithead SET seq = 1 WHERE chain = 'cluster:1'")
    assert refused("UPDATE core_audithead SET chain = 'cluster:2' WHERE chain = 'cluster:1'")
    assert refused("DELETE FROM core_audithead WHERE chain = 'cluster:1'")
    guard_truncate("core_audithead")
    assert refused("TRUNCATE core_audithead")
    assert record(1).seq == 3 and AuditHead.objects.get(chain="cluster:1").seq == 3
    assert audit_verify().ok


@pytest.mark.django_db
def test_the_test_database_lifts_only_the_truncate_guard(pg):
    """What tests/conftest.py changes for the flush of transactional tests, and no more."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgname, tgenabled FROM pg_trigger WHERE tgname LIKE 'thidua_audit_%%'")
        state = dict(cursor.fetchall())
    assert {name for name, enabled in state.items() if enabled == "D"} == set(AUDIT_TRUNCATE_TRIGGERS.values())
    assert len(state) == 5


def in_thread(target) -> threading.Thread:
    def run():
        try:
            target()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def wait_until_blocked_on_a_lock(pid: int) -> None:
    """Until the backend `pid` waits on a lock (PostgreSQL's own account, not a timing)."""
    for _ in range(GUARD * 20):
        with connection.cursor() as cursor:
            cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
            row = cursor.fetchone()
        if row and row[0] == "Lock":
            return
        time.sleep(0.05)
    pytest.fail(f"backend {pid} never waited on a lock")


@pytest.mark.django_db(transaction=True)
def test_a_transaction_holding_one_clusters_chain_does_not_delay_another_clusters_write(pg):
    record(1), record(2)  # both chains exist (opening a chain touches the global chain once)
    a_holds, release, b_done, c_done = threading.Event(), threading.Event(), threading.Event(), threading.Event()
    c_pid: list[int] = []
    events: dict[str, AuditEvent] = {}

    def a():  # writes in cluster 1 and keeps its transaction (and cluster 1's head) open
        with transaction.atomic():
            events["a"] = record(1, "test.a")
            a_holds.set()
            release.wait(GUARD)

    def b():  # another cluster's write
        a_holds.wait(GUARD)
        with transaction.atomic():
            events["b"] = record(2, "test.b")
        b_done.set()

    def c():  # the same cluster's write: must queue behind A
        a_holds.wait(GUARD)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            c_pid.append(cursor.fetchone()[0])
        with transaction.atomic():
            events["c"] = record(1, "test.c")
        c_done.set()

    threads = [in_thread(a), in_thread(b), in_thread(c)]
    try:
        assert a_holds.wait(GUARD)
        # B completes while A still holds its lock: it did not wait for A.
        assert b_done.wait(GUARD) and not release.is_set()
        # C, in A's cluster, is blocked on A's lock (so A's lock is real) and not done.
        assert c_pid
        wait_until_blocked_on_a_lock(c_pid[0])
        assert not c_done.is_set()
    finally:
        release.set()
        for thread in threads:
            thread.join(GUARD)
    assert c_done.is_set()
    assert (events["a"].chain, events["a"].seq, events["c"].seq) == ("cluster:1", 2, 3)
    assert events["c"].prev_hash == events["a"].hash
    assert (events["b"].chain, events["b"].seq) == ("cluster:2", 2)
    assert audit_verify().ok


def _at_once(n: int, call) -> list:
    barrier, results = threading.Barrier(n), [None] * n

    def worker(i):
        def run():
            barrier.wait(GUARD)
            try:
                with transaction.atomic():
                    results[i] = call(i)
            except Exception as exc:
                results[i] = exc

        return run

    threads = [in_thread(worker(i)) for i in range(n)]
    for thread in threads:
        thread.join(GUARD)
    assert not any(thread.is_alive() for thread in threads)
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_writes_to_one_chain_make_one_unforked_chain(pg):
    record(1)
    results = _at_once(12, lambda i: record(1, f"test.{i}"))
    assert all(isinstance(r, AuditEvent) for r in results), results
    chain = list(AuditEvent.objects.filter(chain="cluster:1").order_by("seq"))
    assert [e.seq for e in chain] == list(range(1, 14))
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(chain))
    assert chain[0].prev_hash == GENESIS and audit_verify().ok


@pytest.mark.django_db(transaction=True)
def test_a_new_chain_opened_by_concurrent_writers_is_opened_once(pg):
    results = _at_once(8, lambda i: record(500, f"test.{i}"))
    assert all(isinstance(r, AuditEvent) for r in results), results
    assert sorted(r.seq for r in results) == list(range(1, 9))
    assert AuditEvent.objects.filter(chain="global", action="audit.chain_open", object_id="cluster:500").count() == 1
    assert audit_verify().ok

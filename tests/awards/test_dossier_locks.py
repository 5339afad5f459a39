"""The dossier's writes take their locks in one order — the year, then its dossier, then a
report — on PostgreSQL: a report's confirmation waits for a year another write holds
without holding the dossier meanwhile, so a rebuild (year, then dossier) and a confirmation
can never each hold what the other waits for. The API fuzzing met that deadlock when the
confirmation locked the dossier with its year in one statement.

Run with DATABASE_URL=postgres://…; on SQLite (one writer at a time) it is skipped."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from thidua.awards import dossier_services as svc
from thidua.org.models import Province
from thidua.org.provinces import load_provinces
from thidua.org.year_writes import lock_year

from .dossier_helpers import built, report_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pg(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://…): SQLite serialises every write, so there is no lock order")
    if not Province.objects.exists():  # transactional tests flush the provinces a migration loaded
        load_provinces(Province)


def _waiting_for_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")
        return cursor.fetchone()[0]


def test_a_confirmation_waits_for_the_year_before_it_locks_the_dossier(pg, world):
    dossier = built(world)
    report = report_of(world, world.member_unit)
    svc.report_write(actor=world.member_officer, report=report, sections=report.sections)
    held, release, outcome = threading.Event(), threading.Event(), {}

    def hold_the_year():  # what dossier_build and dossier_submit do first
        try:
            with transaction.atomic():
                lock_year(world.cluster_year)
                held.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    def confirm():
        try:
            outcome["report"] = svc.report_confirm(actor=world.member_head, report=report_of(world, world.member_unit))
        except Exception as exc:
            outcome["error"] = exc
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_year)
    holder.start()
    assert held.wait(timeout=30)
    confirmer = threading.Thread(target=confirm)
    confirmer.start()
    for _ in range(300):  # until the confirmation is queued behind the year's lock
        if _waiting_for_a_lock():
            break
        time.sleep(0.05)
    assert _waiting_for_a_lock() == 1
    # meanwhile the dossier is free: a rebuild holding the year could take it
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT id FROM awards_dossier WHERE id = %s FOR UPDATE NOWAIT", [dossier.pk])
        assert cursor.fetchone() == (dossier.pk,)
    release.set()
    holder.join(timeout=30)
    confirmer.join(timeout=30)
    assert "error" not in outcome, outcome
    assert outcome["report"].state == "confirmed"

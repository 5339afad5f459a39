"""Migration 0004 re-chains the old single plain-SHA-256 trail into keyed scoped chains,
and refuses to re-sign a trail that no longer verifies."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from thidua.core.audit import GENESIS, audit_verify
from thidua.core.models import AuditEvent, AuditHead

from .audit_tamper import tamper

migration = importlib.import_module("thidua.core.migrations.0004_rechain_keyed")
pytestmark = pytest.mark.django_db
REFS = [(1, 10), (1, None), (None, None), (1, 10)]  # (organizer_ref, cluster_ref) in the old order


def legacy_trail(*, break_at: int | None = None) -> None:
    prev, events = GENESIS, []
    for seq, (organizer, cluster) in enumerate(REFS, start=1):
        event = AuditEvent(chain="legacy", seq=seq, key_id="", at=dt.datetime(2026, 11, 1, 8, seq, tzinfo=dt.UTC),
                           actor_label="hệ thống", action=f"old.{seq}", object_type="x", object_id=str(seq),
                           organizer_ref=organizer, cluster_ref=cluster, after={"n": seq}, prev_hash=prev)  # fmt: skip
        event.hash = migration.legacy_hash(event)
        prev = event.hash
        events.append(event)
    if break_at:
        events[break_at - 1].reason = "sửa lén"  # edited after its hash was taken
    AuditEvent.objects.bulk_create(events)
    AuditHead.objects.create(chain="legacy", seq=len(events), hash=prev, key_id="", seal="")


def test_the_old_trail_is_rechained_into_keyed_scoped_chains():
    legacy_trail()
    tamper("SELECT 1")  # the migration runs before the triggers exist
    migration.rechain(apps, None)
    chains = {e.action: (e.chain, e.seq) for e in AuditEvent.objects.exclude(action="audit.chain_open")}
    assert chains == {"old.1": ("cluster:10", 1), "old.2": ("organizer:1", 1), "old.3": ("global", 3), "old.4": ("cluster:10", 2)}
    openings = AuditEvent.objects.filter(action="audit.chain_open").order_by("seq")
    assert [(e.chain, e.seq, e.object_id) for e in openings] == [("global", 1, "cluster:10"), ("global", 2, "organizer:1")]
    assert set(AuditHead.objects.values_list("chain", "seq")) == {("global", 3), ("cluster:10", 2), ("organizer:1", 1)}
    report = audit_verify()
    assert report.ok and report.checked == 6 and report.chains == 3


def test_a_broken_old_trail_is_not_re_signed():
    legacy_trail(break_at=2)
    tamper("SELECT 1")
    with pytest.raises(RuntimeError, match="broken at event #2"):
        migration.rechain(apps, None)

"""Re-chain the existing trail into scoped chains keyed with settings.AUDIT_SECRET.

The old trail is one plain SHA-256 chain; it is verified first, and the migration refuses
to go on if it is broken (re-signing a tampered trail would launder it). Then every event,
in its old order, moves to its scope's chain and is hashed with the audit secret; each new
scope's chain is opened in the global chain, as audit_record does. Reversing is not
possible (the plain hashes are not kept): restore the backup taken before migrating."""

import datetime as dt
import hashlib
import json

from django.db import migrations
from django.utils import timezone

from thidua.core import audit

LEGACY_FIELDS = ("actor_id", "actor_label", "action", "object_type", "object_id", "object_label",
                 "organizer_ref", "cluster_ref", "before", "after", "reason", "prev_hash")


def legacy_hash(event) -> str:
    """The hash of the trail before this migration (frozen copy of the old audit.event_hash)."""
    payload = {name: getattr(event, name) for name in LEGACY_FIELDS}
    payload |= {"seq": event.seq, "at": event.at.astimezone(dt.UTC).isoformat()}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def verify_legacy(events, head) -> None:
    prev = audit.GENESIS
    for n, event in enumerate(events, start=1):
        if event.seq != n or event.prev_hash != prev or legacy_hash(event) != event.hash:
            raise RuntimeError(f"The audit trail is broken at event #{n}; refusing to re-sign it with AUDIT_SECRET. "
                               "Run verify_audit with the previous release and investigate before migrating.")
        prev = event.hash
    head_state = (head.seq, head.hash) if head else (0, audit.GENESIS)
    if head_state != (len(events), prev):
        raise RuntimeError(f"The audit trail's head says #{head_state[0]} but {len(events)} events are left; "
                           "refusing to re-sign it with AUDIT_SECRET.")


def rechain(apps, schema_editor):
    Event = apps.get_model("core", "AuditEvent")
    Head = apps.get_model("core", "AuditHead")
    events = list(Event.objects.order_by("seq"))
    verify_legacy(events, Head.objects.order_by("pk").first())
    Head.objects.all().delete()
    if not events:
        return
    key_id, key = audit.current_key()
    heads: dict[str, tuple[int, str]] = {}

    def link(event, chain):
        seq, prev = heads.get(chain, (0, audit.GENESIS))
        event.chain, event.seq, event.key_id, event.prev_hash = chain, seq + 1, key_id, prev
        event.hash = audit.event_hash(event, key)
        heads[chain] = (event.seq, event.hash)

    openings = []
    for event in events:
        chain = audit.chain_for(organizer_id=event.organizer_ref, cluster_id=event.cluster_ref)
        if chain != audit.GLOBAL_CHAIN and chain not in heads:
            opening = Event(at=timezone.now(), actor_label=audit.SYSTEM_LABEL, action=audit.CHAIN_OPEN,
                            object_type="core.auditchain", object_id=chain, object_label=chain)
            link(opening, audit.GLOBAL_CHAIN)
            openings.append(opening)
            heads[chain] = (0, audit.GENESIS)
        link(event, chain)
    Event.objects.bulk_update(events, ["chain", "seq", "key_id", "prev_hash", "hash"], batch_size=500)
    Event.objects.bulk_create(openings, batch_size=500)
    Head.objects.bulk_create(
        Head(chain=chain, seq=seq, hash=hash_, key_id=key_id, seal=audit.head_seal(chain, seq, hash_, key))
        for chain, (seq, hash_) in heads.items()
    )


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_scoped_chains_fields'),
    ]

    operations = [
        migrations.RunPython(rechain, elidable=False),
    ]

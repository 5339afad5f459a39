"""Writing and verifying the audit trail. Every service that changes state calls
`audit_record` inside its own transaction, so the event commits or rolls back with the
change it describes."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone

from .models import AuditEvent, AuditHead

GENESIS = "0" * 64


def _json_safe(value):
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_json_safe(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(instance: models.Model, *, exclude: tuple[str, ...] = ()) -> dict:
    """The concrete field values of a model instance as JSON-safe data (foreign keys as
    ids). Used for the before/after data of audit events."""
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude:
            continue
        data[field.attname] = _json_safe(getattr(instance, field.attname))
    return data


def _digest(payload: dict) -> str:
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _payload(event: AuditEvent) -> dict:
    return {
        "seq": event.seq,
        "at": event.at.astimezone(dt.UTC).isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_label": event.object_label,
        "organizer_ref": event.organizer_ref,
        "cluster_ref": event.cluster_ref,
        "before": event.before,
        "after": event.after,
        "reason": event.reason,
        "prev_hash": event.prev_hash,
    }


def event_hash(event: AuditEvent) -> str:
    return _digest(_payload(event))


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    organizer_id: int | None = None,
    cluster_id: int | None = None,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_label = object_label or str(obj)[:300]
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        actor_obj = actor if actor is not None and getattr(actor, "pk", None) else None
        event = AuditEvent(
            seq=head.seq + 1,
            at=timezone.now().astimezone(dt.UTC),
            actor=actor_obj,
            actor_label=(actor_obj.get_username() if actor_obj else "hệ thống")[:200],
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_label=object_label[:300],
            organizer_ref=organizer_id,
            cluster_ref=cluster_id,
            before=_json_safe(before) if before is not None else None,
            after=_json_safe(after) if after is not None else None,
            reason=reason,
            prev_hash=head.hash,
        )
        event.hash = event_hash(event)
        event.save()
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
    return event


@dataclass
class ChainReport:
    ok: bool
    checked: int
    broken_seq: int | None = None
    problem: str = ""


def audit_verify() -> ChainReport:
    """Walk the whole chain in order; report the first event whose link is broken."""
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    events = AuditEvent.objects.order_by("seq").iterator(chunk_size=2000)
    for event in events:
        if event.seq != expected_seq:
            return ChainReport(False, checked, expected_seq, f"event #{expected_seq} is missing")
        if event.prev_hash != prev_hash:
            return ChainReport(False, checked, event.seq, f"event #{event.seq} does not follow #{event.seq - 1}")
        if event_hash(event) != event.hash:
            return ChainReport(False, checked, event.seq, f"event #{event.seq} was altered after it was written")
        prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    head = AuditHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if head_seq != checked or head_hash != prev_hash:
        return ChainReport(False, checked, checked + 1, f"events after #{checked} were removed (head says #{head_seq})")
    return ChainReport(True, checked)


def chain_head(*, organizer_id: int | None = None, cluster_id: int | None = None) -> str:
    """The head hash of the chain an event with these refs goes to (GENESIS when empty).
    Provisional: one global chain for now, so the refs do not matter yet; the keyed
    per-scope chains (issue 7) replace this with the same signature."""
    head = AuditHead.objects.filter(pk=1).values_list("hash", flat=True).first()
    return head or GENESIS

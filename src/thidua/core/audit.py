"""Writing and verifying the audit trail. Every service that changes state calls
`audit_record` inside its own transaction, so the event commits or rolls back with the
change it describes.

The trail is a set of hash chains, one per scope (a cluster, an organizer, or the global
chain for what belongs to neither), so that writes in two clusters never wait for each
other. Hashes are HMAC-SHA-256 under the audit secret (settings.AUDIT_SECRET, kept out of
the database): whoever can write to the database but does not hold the secret cannot
recompute a chain forward. See docs/decisions/0007-keyed-scoped-audit-chains.md."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.utils import timezone

from .memo import forget as forget_request_memo
from .models import AuditEvent, AuditHead

GENESIS = "0" * 64
GLOBAL_CHAIN = "global"
# Recorded in the global chain when a scope's chain is opened, so that removing a whole
# chain (its events and its head) still breaks a chain that is verified.
CHAIN_OPEN = "audit.chain_open"
SYSTEM_LABEL = "hệ thống"


# --- Scopes ------------------------------------------------------------------------------


def chain_for(*, organizer_id: int | None = None, cluster_id: int | None = None) -> str:
    """The chain an event with these references goes to: its cluster's, else its
    organizer's, else the global chain."""
    if cluster_id is not None:
        return f"cluster:{cluster_id}"
    if organizer_id is not None:
        return f"organizer:{organizer_id}"
    return GLOBAL_CHAIN


def chain_head(*, organizer_id: int | None = None, cluster_id: int | None = None) -> str:
    """The current head hash of the chain an event with these references would go to
    (GENESIS while that chain is empty), e.g. to print in the minutes of a poll's close."""
    head = AuditHead.objects.filter(chain=chain_for(organizer_id=organizer_id, cluster_id=cluster_id)).first()
    return head.hash if head else GENESIS


# --- Keys and hashes ---------------------------------------------------------------------


def key_id_of(secret: str) -> str:
    """A short public name of a secret, stored with each event so that verification picks
    the right key after a rotation. It reveals nothing usable: checking a guess against it
    is no easier than checking it against any event's HMAC."""
    return hashlib.sha256(b"thidua-audit-key-id\0" + secret.encode("utf-8")).hexdigest()[:12]


def current_key() -> tuple[str, bytes]:
    secret = settings.AUDIT_SECRET
    if not secret:
        raise ImproperlyConfigured("AUDIT_SECRET must be set to write or verify the audit trail (see docs/deploy.md).")
    return key_id_of(secret), secret.encode("utf-8")


def known_keys() -> dict[str, bytes]:
    """Every key verification accepts: the current secret and the retired ones."""
    keys = {key_id_of(s): s.encode("utf-8") for s in getattr(settings, "AUDIT_SECRETS_OLD", []) if s}
    key_id, key = current_key()
    keys[key_id] = key
    return keys


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


def _mac(key: bytes, domain: bytes, payload) -> str:
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(key, domain + b"\n" + text.encode("utf-8"), hashlib.sha256).hexdigest()


def event_payload(event) -> dict:
    """Everything an event's hash covers (not its `id`: that only orders the trail for
    reading). Works on historical models too, for the migration that re-chained the trail."""
    return {
        "chain": event.chain,
        "seq": event.seq,
        "key_id": event.key_id,
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


def event_hash(event, key: bytes | None = None) -> str:
    """HMAC-SHA-256 of the event under `key` (by default the key its `key_id` names)."""
    if key is None:
        key = known_keys()[event.key_id]
    return _mac(key, b"thidua.audit.event.v2", event_payload(event))


def head_seal(chain: str, seq: int, hash_: str, key: bytes) -> str:
    return _mac(key, b"thidua.audit.head.v2", [chain, seq, hash_])


# --- Writing -----------------------------------------------------------------------------


def _locked_head(chain: str) -> AuditHead:
    """Lock the chain's head row (this chain only), opening the chain on first use."""
    head = AuditHead.objects.select_for_update().filter(chain=chain).first()
    if head is not None:
        return head
    if chain != GLOBAL_CHAIN:
        # Once per scope: register the new chain in the global chain, under its lock,
        # re-checking there in case a concurrent transaction opened it meanwhile.
        registry = _locked_head(GLOBAL_CHAIN)
        if not AuditHead.objects.filter(chain=chain).exists():
            _append(registry, actor=None, action=CHAIN_OPEN, object_type="core.auditchain", object_id=chain, object_label=chain)
    key_id, key = current_key()
    empty = AuditHead(chain=chain, seq=0, hash=GENESIS, key_id=key_id, seal=head_seal(chain, 0, GENESIS, key))
    AuditHead.objects.bulk_create([empty], ignore_conflicts=True)
    return AuditHead.objects.select_for_update().get(chain=chain)


def _append(head: AuditHead, *, actor, organizer_id=None, cluster_id=None, before=None, after=None, reason="", **fields) -> AuditEvent:
    key_id, key = current_key()
    event = AuditEvent(
        chain=head.chain,
        seq=head.seq + 1,
        key_id=key_id,
        at=timezone.now().astimezone(dt.UTC),
        actor=actor,
        actor_label=(actor.get_username() if actor else SYSTEM_LABEL)[:200],
        organizer_ref=organizer_id,
        cluster_ref=cluster_id,
        before=_json_safe(before) if before is not None else None,
        after=_json_safe(after) if after is not None else None,
        reason=reason,
        prev_hash=head.hash,
        **fields,
    )
    event.hash = event_hash(event, key)
    event.save(force_insert=True)
    head.seq, head.hash, head.key_id = event.seq, event.hash, key_id
    head.seal = head_seal(head.chain, head.seq, head.hash, key)
    head.save(update_fields=["seq", "hash", "key_id", "seal"])
    return event


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
    """Append one event to its scope's chain. Must run inside the caller's transaction:
    it adds no savepoint, so a failure here fails the caller's change too."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_label = object_label or str(obj)[:300]
    actor_obj = actor if actor is not None and getattr(actor, "pk", None) else None
    forget_request_memo()  # the write this event records may change what the request read
    with transaction.atomic(savepoint=False):
        head = _locked_head(chain_for(organizer_id=organizer_id, cluster_id=cluster_id))
        return _append(
            head,
            actor=actor_obj,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_label=object_label[:300],
            organizer_id=organizer_id,
            cluster_id=cluster_id,
            before=before,
            after=after,
            reason=reason,
        )


# --- Verifying ---------------------------------------------------------------------------


@dataclass
class ChainReport:
    ok: bool
    checked: int
    broken_seq: int | None = None
    problem: str = ""
    chain: str = ""
    chains: int = 0


def _verify_chain(chain: str, head: AuditHead | None, keys: dict[str, bytes]) -> ChainReport:
    def broken(seq: int, problem: str) -> ChainReport:
        return ChainReport(False, checked, seq, problem, chain)

    prev_hash, expected, checked = GENESIS, 1, 0
    for event in AuditEvent.objects.filter(chain=chain).order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected:
            return broken(expected, f"event #{expected} is missing")
        if event.prev_hash != prev_hash:
            return broken(event.seq, f"event #{event.seq} does not follow #{event.seq - 1}")
        key = keys.get(event.key_id)
        if key is None:
            return broken(event.seq, f"event #{event.seq} is signed with an unknown key {event.key_id!r}")
        if not hmac.compare_digest(event_hash(event, key), event.hash):
            return broken(event.seq, f"event #{event.seq} was altered or recomputed after it was written")
        prev_hash, expected, checked = event.hash, expected + 1, checked + 1
    if head is None:
        return broken(checked + 1, "the chain's head is missing")
    key = keys.get(head.key_id)
    if key is None or not hmac.compare_digest(head_seal(chain, head.seq, head.hash, key), head.seal):
        return broken(
            checked + 1, f"the chain's head was rewritten without the audit secret (events after #{checked} may have been removed)"
        )
    if (head.seq, head.hash) != (checked, prev_hash):
        return broken(checked + 1, f"events after #{checked} were removed (the head says #{head.seq})")
    return ChainReport(True, checked, chain=chain)


def audit_verify() -> ChainReport:
    """Verify every chain (the global one first: it lists the chains that must exist) and
    report the first event whose link, hash or head is wrong."""
    keys = known_keys()
    heads = {head.chain: head for head in AuditHead.objects.all()}
    report = _verify_chain(GLOBAL_CHAIN, heads.get(GLOBAL_CHAIN), keys) if GLOBAL_CHAIN in heads or _has_events(GLOBAL_CHAIN) else None
    if report is not None and not report.ok:
        return report
    registered = set(AuditEvent.objects.filter(chain=GLOBAL_CHAIN, action=CHAIN_OPEN).values_list("object_id", flat=True))
    present = set(heads) | set(AuditEvent.objects.order_by().values_list("chain", flat=True).distinct())
    total, count = (report.checked, 1) if report else (0, 0)
    for chain in sorted((registered | present) - {GLOBAL_CHAIN}):
        if chain not in registered:
            return ChainReport(False, total, 1, "this chain was never opened in the global chain", chain)
        report = _verify_chain(chain, heads.get(chain), keys)
        if not report.ok:
            report.checked += total
            return report
        total, count = total + report.checked, count + 1
    return ChainReport(True, total, chains=count)


def _has_events(chain: str) -> bool:
    return AuditEvent.objects.filter(chain=chain).exists()

"""What the voting services share: the audit call with the year's scope, locking a poll,
drawing receipts and check-in codes."""

from __future__ import annotations

import secrets

from thidua.core.audit import audit_record
from thidua.org.models import ClusterYear

from ..models import Poll

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed on phones
RECEIPT_LENGTH = 8
CODE_DIGITS = 6


def audit(actor, action: str, obj, cluster_year: ClusterYear, **kwargs) -> None:
    """An audit event in the cluster's chain (core.audit: one chain per cluster)."""
    audit_record(
        actor=actor, action=action, obj=obj, organizer_id=cluster_year.cluster.organizer_id, cluster_id=cluster_year.cluster_id, **kwargs
    )


def locked_poll(poll: Poll) -> Poll:
    """The poll row locked exclusively (waits for the casts in flight, which hold it in share mode)."""
    return Poll.objects.select_for_update().select_related("cluster_year__cluster").get(pk=poll.pk)


def new_receipt() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


def new_checkin_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))

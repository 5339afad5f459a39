"""The shared kernel's tables: the append-only audit trail, kept as keyed hash chains, one
per scope (docs/decisions/0007-keyed-scoped-audit-chains.md)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One recorded change. Rows are only ever inserted (see audit.audit_record; on
    PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE). Each event belongs to one
    chain (its scope: a cluster, an organizer or the global chain) and has a sequence number
    within it; its `hash` is an HMAC, under the audit secret named by `key_id`, of its own
    content, its chain, its number and the previous event's hash. Editing, deleting or
    recomputing events without the secret breaks the chain there (manage.py verify_audit).
    The `id` gives the trail's overall order for reading; it is not part of any chain."""

    chain = models.CharField(_("chuỗi"), max_length=40)
    seq = models.BigIntegerField(_("số thứ tự trong chuỗi"))
    key_id = models.CharField(max_length=16)
    at = models.DateTimeField(_("thời điểm"))
    # PROTECT: people who acted are deactivated, never deleted, so the trail stays whole.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    actor_label = models.CharField(_("người thực hiện"), max_length=200, blank=True)
    action = models.CharField(_("thao tác"), max_length=80)
    object_type = models.CharField(_("loại đối tượng"), max_length=80)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    object_label = models.CharField(_("đối tượng"), max_length=300, blank=True)
    # Plain numbers rather than foreign keys: the kernel must not depend on the domain apps,
    # and an audit row must never change when the object it describes does.
    organizer_ref = models.BigIntegerField(null=True, blank=True, db_index=True)
    cluster_ref = models.BigIntegerField(null=True, blank=True, db_index=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="core_auditevent_chain_seq")]
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký thay đổi")

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq} {self.action} {self.object_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit events are append-only.")


class AuditHead(models.Model):
    """The last sequence number and hash of one chain. Appending to a chain locks its head
    row only (SELECT … FOR UPDATE), so chains of different scopes never wait for each other.
    `seal` is an HMAC of (chain, seq, hash) under the audit secret: whoever cuts events off
    the end of a chain and rewinds its head cannot make a seal that verifies."""

    chain = models.CharField(max_length=40, unique=True)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)
    key_id = models.CharField(max_length=16)
    seal = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("đầu chuỗi nhật ký")

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq} {self.hash[:12]}"

"""What every service that writes a cluster year's data does (cycle, scoring, voting): lock
the year so that its phase cannot change under the write, and record the event on the
year's cluster chain of the audit trail."""

from __future__ import annotations

from thidua.core.audit import audit_record

from .models import ClusterYear


def lock_year(cluster_year: ClusterYear) -> ClusterYear:
    """The year re-read and locked (SELECT … FOR UPDATE), so that its phase cannot change
    under a write."""
    return ClusterYear.objects.select_for_update().select_related("cluster").get(pk=cluster_year.pk)


def audit_year(actor, action: str, obj, cluster_year: ClusterYear, **kwargs) -> None:
    """audit_record for `obj`, filed under the year's cluster and organizer."""
    audit_record(
        actor=actor, action=action, obj=obj, organizer_id=cluster_year.cluster.organizer_id, cluster_id=cluster_year.cluster_id, **kwargs
    )

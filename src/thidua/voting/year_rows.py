"""The rows voting needs for every year, made with the year (the org.signals.year_created
hook, inside the year's transaction), so that reading the conference never writes."""

from __future__ import annotations

from thidua.org.models import ClusterYear
from thidua.org.year_writes import audit_year

from .models import Conference


def conference_create(*, actor, cluster_year: ClusterYear) -> Conference:
    """The year's conference, empty but for its check-in code, audited (never the code);
    nothing if it exists."""
    from .services.common import new_checkin_code

    conference, created = Conference.objects.get_or_create(cluster_year=cluster_year, defaults={"checkin_code": new_checkin_code()})
    if created:
        audit_year(actor, "conference.create", conference, cluster_year)
    return conference


def on_year_created(sender, *, cluster_year, actor, **kwargs) -> None:
    conference_create(actor=actor, cluster_year=cluster_year)

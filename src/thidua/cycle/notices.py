"""What the cycle app tells people (notifications.services.notify): a year's phase change,
to the member units' officers and heads and the organizer's officers."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import override

from thidua.notifications.models import Kind
from thidua.notifications.services import notify
from thidua.org.models import ClusterYear, Membership, Phase, User
from thidua.org.presenters import year_url


def year_people(cluster_year: ClusterYear):
    """The active officers and heads of the year's member units and the active officers of
    its organizer (one query)."""
    units = Membership.objects.filter(cluster_year_id=cluster_year.pk).values("unit_id")
    return User.objects.filter(
        Q(unit_id__in=units) & (Q(is_unit_officer=True) | Q(is_unit_head=True))
        | Q(organizer_id=cluster_year.cluster.organizer_id, is_organizer_officer=True),
        is_active=True,
    ).order_by("pk")


def tell_phase_changed(*, cluster_year: ClusterYear, old_phase: str, new_phase: str, actor, reason: str = "") -> None:
    """Everyone of the year but whoever moved it."""
    people = [u for u in year_people(cluster_year) if u.pk != getattr(actor, "pk", None)]
    with override("vi"):
        title = _("{cluster} năm {year}: chuyển sang giai đoạn “{phase}”").format(
            cluster=cluster_year.cluster.name, year=cluster_year.year, phase=Phase(new_phase).label
        )
        body = _("Năm thi đua {year} của {cluster} chuyển từ giai đoạn “{old}” sang “{new}”.").format(
            year=cluster_year.year, cluster=cluster_year.cluster.name, old=Phase(old_phase).label, new=Phase(new_phase).label
        )
        if reason.strip():
            body += " " + _("Lý do: {reason}").format(reason=reason.strip())
    notify(
        recipients=people,
        kind=Kind.PHASE_CHANGED,
        title=title,
        body=body,
        link=year_url("cluster_year_detail", cluster_year),
        cluster_year=cluster_year,
        organizer=cluster_year.cluster.organizer,
    )

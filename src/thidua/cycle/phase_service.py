"""The one write that moves a cluster's year from phase to phase. It lives with the year's
rules (cycle) rather than in org, which only holds the year's row and the order of phases."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.audit import audit_record
from thidua.core.errors import Conflict, Forbidden, InvalidInput
from thidua.core.permissions import can, require
from thidua.org.models import ClusterYear, Phase

from . import phases
from .signals import phase_changed, phase_changing


@transaction.atomic
def cluster_year_set_phase(*, actor, cluster_year: ClusterYear, phase: str, reason: str = "") -> ClusterYear:
    """Move a year one phase on (organizer or the year's leader unit), or back to an
    earlier phase (organizer only, with a reason). Receivers of `phase_changing` may refuse
    (nothing is written); those of `phase_changed` act after the change is recorded."""
    if phase not in phases.ORDER:
        raise InvalidInput(_("Giai đoạn không hợp lệ: {phase}.").format(phase=phase), field="phase")
    cluster_year = ClusterYear.objects.select_for_update().select_related("cluster").get(pk=cluster_year.pk)
    require(actor, "org.change_phase", cluster_year)
    old = cluster_year.phase
    if phase == old:
        raise Conflict(_("Năm thi đua đã ở giai đoạn “{phase}”.").format(phase=Phase(phase).label))
    if phases.before(phase, old):
        if not can(actor, "org.move_phase_back", cluster_year):
            raise Forbidden(_("Chỉ cơ quan tổ chức được đưa năm thi đua về giai đoạn trước."))
        if not reason.strip():
            raise InvalidInput(_("Cần nêu lý do khi đưa năm thi đua về giai đoạn trước."), field="reason")
    elif phase != phases.next_phase(old):
        raise Conflict(
            _("Không thể chuyển từ “{current}” sang “{target}”: giai đoạn kế tiếp là “{next}”.").format(
                current=Phase(old).label, target=Phase(phase).label, next=Phase(phases.next_phase(old)).label
            )
        )
    signal = {"sender": ClusterYear, "cluster_year": cluster_year, "old_phase": old, "new_phase": phase, "actor": actor, "reason": reason}
    phase_changing.send(**signal)
    cluster_year.phase = phase
    cluster_year.save(update_fields=["phase"])
    audit_record(
        actor=actor,
        action="cluster_year.set_phase",
        obj=cluster_year,
        before={"phase": old},
        after={"phase": phase},
        reason=reason,
        organizer_id=cluster_year.cluster.organizer_id,
        cluster_id=cluster_year.cluster_id,
    )
    phase_changed.send(**signal)
    return cluster_year

"""The unit's dashboard is told of its voting delegate (voting.md: "the unit is told of any
change made to its delegate"): a task for the head to confirm an officer's pending
nomination, and a line for the head and officers to check who was named, by whom and
when. Registered with thidua.cycle.tasks in VotingConfig.ready (no new phase taken over)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.cycle.tasks import HEAD, OFFICER, Task, year_url
from thidua.org.models import ClusterYear

from .models import Delegate, DelegateNomination


def _who(user) -> str:
    return (user.full_name or user.get_username()) if user is not None else "—"


def delegate_tasks(cluster_year: ClusterYear, unit_ids: list[int]) -> dict[int, list[Task]]:
    """{unit_id: [tasks]} in two queries whatever the number of units."""
    found: dict[int, list[Task]] = {}
    url = year_url("voting_conference", cluster_year)
    common = {
        "due": None,
        "url": url,
        "cluster_year_id": cluster_year.pk,
        "cluster_name": cluster_year.cluster.name,
        "year": cluster_year.year,
        "cluster_id": cluster_year.cluster_id,
        "phase": cluster_year.phase,
    }
    delegates = Delegate.objects.filter(conference__cluster_year=cluster_year, unit_id__in=unit_ids, kind=Delegate.Kind.VOTING)
    for d in delegates.select_related("confirmed_by"):
        at = timezone.localtime(d.confirmed_at).strftime("%H:%M %d/%m/%Y") if d.confirmed_at else "—"
        title = _("Kiểm tra người biểu quyết đơn vị đã cử cho hội nghị tổng kết năm {year}: {name} (xác nhận bởi {who}, lúc {at})").format(
            year=cluster_year.year, name=d.full_name, who=_who(d.confirmed_by), at=at
        )
        found.setdefault(d.unit_id, []).append(
            Task(key="voting_delegate", title=title, unit_id=d.unit_id, audience=(OFFICER, HEAD), **common)
        )
    nominations = DelegateNomination.objects.filter(conference__cluster_year=cluster_year, unit_id__in=unit_ids)
    for n in nominations.select_related("proposed_by"):
        title = _("Xác nhận người biểu quyết do {who} đề nghị cho hội nghị tổng kết năm {year}: {name}").format(
            who=_who(n.proposed_by), year=cluster_year.year, name=n.full_name
        )
        found.setdefault(n.unit_id, []).append(Task(key="confirm_delegate", title=title, unit_id=n.unit_id, audience=(HEAD,), **common))
    return found

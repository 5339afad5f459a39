"""The voting app's part in the organisation's and the year's changes (connected in
VotingConfig.ready to org.signals.membership_changing and membership_changed, and to
cycle.signals.phase_changing)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from thidua.core.errors import Conflict
from thidua.cycle.phases import phase_allows


def on_phase_changing(sender, *, cluster_year, old_phase, new_phase, actor, **kwargs) -> None:
    """A year cannot leave the conference phase while a poll is open: close it first
    (read-only: the domain error refuses the move before anything is written)."""
    if phase_allows(old_phase, "vote") and not phase_allows(new_phase, "vote"):
        from .models import Poll

        open_polls = list(Poll.objects.filter(cluster_year=cluster_year, state=Poll.State.OPEN).values_list("title", flat=True))
        if open_polls:
            raise Conflict(
                _("Còn biểu quyết đang mở: {titles}. Hãy kết thúc biểu quyết trước khi chuyển giai đoạn.").format(
                    titles="; ".join(open_polls)
                )
            )


def on_membership_changing(sender, *, cluster_year, actor, **kwargs) -> None:
    """The electorate is frozen while a poll of the year is open (voting.md): the member
    roll cannot change, whichever way the request comes (page, API, a service)."""
    from .delegates import require_no_open_poll

    message = _("Không thể thay đổi thành viên của cụm năm {year}: danh sách đơn vị được bỏ phiếu đã chốt.")
    require_no_open_poll(cluster_year, message.format(year=cluster_year.year))


def on_membership_changed(sender, *, cluster_year, actor, **kwargs) -> None:
    """The year's members changed: count again those checked in at its conference."""
    from .services.conference import present_recount

    present_recount(cluster_year)

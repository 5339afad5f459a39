"""Reactions of the voting app to the organisation app's signals (connected in
VotingConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from thidua.core.errors import Conflict
from thidua.org.models import Phase


def on_phase_changed(sender, *, cluster_year, old_phase, new_phase, actor, **kwargs) -> None:
    """A year cannot leave the conference phase while a poll is open: close it first
    (the domain error rolls the phase change back)."""
    if old_phase == Phase.CONFERENCE and new_phase != Phase.CONFERENCE:
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

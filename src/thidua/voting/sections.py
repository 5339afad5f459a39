"""The voting app's sections of the year workspace (registered in VotingConfig.ready):
the conference (check-in and quorum) and the polls, each with a short state. A fixed
number of queries."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.cycle.phases import phase_allows
from thidua.cycle.workspace import Section
from thidua.org.models import Membership

from .models import CheckIn, Poll
from .rules import can


def sections(user, cluster_year) -> list[Section]:
    if not phase_allows(cluster_year, "show_conference") or not can(user, "voting.view", cluster_year):
        return []
    members = Membership.objects.filter(cluster_year=cluster_year).count()
    present = CheckIn.objects.filter(conference__cluster_year=cluster_year).count()
    states = dict(Poll.objects.filter(cluster_year=cluster_year).order_by().values_list("state").annotate(n=Count("pk")))
    args = [cluster_year.cluster_id, cluster_year.year]
    polls_status = _("{closed} đã kết thúc, {open} đang mở, {draft} đang chuẩn bị").format(
        closed=states.get(Poll.State.CLOSED, 0), open=states.get(Poll.State.OPEN, 0), draft=states.get(Poll.State.DRAFT, 0)
    )
    return [
        Section(_("Hội nghị tổng kết"), reverse("voting_conference", args=args),
                _("Thời gian, địa điểm, khách mời, đại biểu, điểm danh và số đơn vị có mặt; biên bản hội nghị."),
                _("{present}/{total} đơn vị có mặt").format(present=present, total=members), order=85),
        Section(_("Biểu quyết"), reverse("voting_polls", args=args),
                _("Suy tôn Cờ thi đua, Bằng khen; bầu Cụm trưởng, Cụm phó năm sau; bỏ phiếu kín, kết quả, biên bản kiểm phiếu."),
                polls_status, order=86),
    ]  # fmt: skip

"""What every page of the conference and the vote shares: the year and the poll of the URL
(404 when the user may not see them, never 403), the checks of who may view or run them
(403), the refusal page (the state's 409, or the error's own status), links and downloads."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.core.errors import DomainError
from thidua.core.http import forbidden
from thidua.cycle.selectors import cluster_year_or_404, members_of
from thidua.org.models import ClusterYear

from .. import selectors
from ..models import Poll
from ..rules import can


def refused(request, exc: DomainError, back_url: str) -> HttpResponse:
    return render(request, "cycle/refused.html", {"message": exc.message, "back_url": back_url}, status=exc.status)


def not_a_viewer(request) -> HttpResponse:
    return forbidden(request, _("Chỉ các đơn vị thành viên của năm thi đua và cơ quan tổ chức được xem trang này."))


def year_or_404(request, pk: int, year: int) -> ClusterYear:
    return cluster_year_or_404(request.user, pk, year)


def viewable_year(request, pk: int, year: int):
    """(the year, None), or (None, the 403 page) for a user who sees the cluster but not its vote."""
    cluster_year = year_or_404(request, pk, year)
    if not can(request.user, "voting.view", cluster_year):
        return None, not_a_viewer(request)
    return cluster_year, None


def poll_or_404(request, poll_id: int) -> Poll:
    poll = selectors.poll_for(request.user, poll_id)
    if poll is None:
        raise Http404(_("Không tìm thấy biểu quyết."))
    return poll


def viewable_poll(request, poll_id: int):
    poll = poll_or_404(request, poll_id)
    if not can(request.user, "voting.view", poll.cluster_year):
        return None, not_a_viewer(request)
    return poll, None


def managed_poll(request, poll_id: int):
    poll = poll_or_404(request, poll_id)
    if not can(request.user, "voting.manage", poll.cluster_year):
        return None, forbidden(request, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được điều hành biểu quyết."))
    return poll, None


def conference_url(cluster_year: ClusterYear) -> str:
    return reverse("voting_conference", args=[cluster_year.cluster_id, cluster_year.year])


def documents_url(cluster_year: ClusterYear) -> str:
    """The conference's documents page: where numbering and signing them lead back to."""
    return reverse("voting_conference_documents", args=[cluster_year.cluster_id, cluster_year.year])


def polls_url(cluster_year: ClusterYear) -> str:
    return reverse("voting_polls", args=[cluster_year.cluster_id, cluster_year.year])


def poll_url(poll: Poll) -> str:
    return reverse("voting_poll", args=[poll.pk])


def base_context(cluster_year: ClusterYear) -> dict:
    return {"cluster_year": cluster_year, "cluster": cluster_year.cluster, "year": cluster_year.year}


def member_units(cluster_year: ClusterYear):
    return [m.unit for m in members_of(cluster_year)]



"""What every scoring page shares: the year and the unit of the URL (404 when the user may
not see them, never 403), the refusal page, the page's common context."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from thidua.core.errors import DomainError, InvalidInput
from thidua.cycle import selectors as cycle_selectors
from thidua.org.models import ClusterYear, Unit

from .. import selectors
from ..presenters import messages_of, year_url  # noqa: F401 - the pages' shared helpers


def year_or_404(request, pk: int, year: int) -> ClusterYear:
    return cycle_selectors.cluster_year_or_404(request.user, pk, year)


def member_or_404(cluster_year: ClusterYear, unit_id) -> Unit:
    unit = selectors.member_unit(cluster_year, unit_id)
    if unit is None:
        raise Http404(_("Đơn vị không phải là thành viên của cụm năm này."))
    return unit


def page_context(cluster_year: ClusterYear, page_title, active: str) -> dict:
    return {
        "cluster_year": cluster_year, "cluster": cluster_year.cluster, "year": cluster_year.year, "page_title": page_title,
        "active": active,
    }  # fmt: skip


def refused(request, cluster_year: ClusterYear, message, status: int = 409, back: str | None = None) -> HttpResponse:
    """A refusal of the phase or the state (409 by default), with a way back."""
    context = page_context(cluster_year, _("Không thực hiện được"), "") | {"message": message, "back": back}
    return render(request, "scoring/refused.html", context, status=status)


def fragment_status(exc: DomainError) -> int:
    """The status of an HTMX fragment that carries a refusal: 422 for invalid input (the
    fragment shows the message in place; 400 would make django-htmx's debug script replace
    the whole page in development), the error's own status otherwise."""
    return 422 if isinstance(exc, InvalidInput) else exc.status

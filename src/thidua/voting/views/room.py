"""The room screen for the projector (the question, the live turnout, then the results and
a chart) and the receipt look-up in the published ballots."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .. import presenters, selectors, services
from ..models import Poll
from ..rules import can
from .base import base_context, viewable_poll
from .polls import poll_context


def _screen_context(request, poll: Poll) -> dict:
    context = poll_context(request, poll)
    cluster_year = poll.cluster_year
    context["show_code"] = can(request.user, "voting.checkin_any", cluster_year)
    context["conference"] = services.conference_of(cluster_year) if context["show_code"] else None
    return context


@login_required
@require_GET
def room_screen(request, poll_id: int):
    """For the projector: the question, the live turnout (HTMX), then the results and a chart."""
    poll, refusal = viewable_poll(request, poll_id)
    if refusal:
        return refusal
    return render(request, "voting/screen.html", _screen_context(request, poll))


@login_required
@require_GET
@never_cache
def room_screen_status(request, poll_id: int):
    poll, refusal = viewable_poll(request, poll_id)
    if refusal:
        return refusal
    return render(request, "voting/partials/screen_status.html", _screen_context(request, poll))


@login_required
@require_GET
def receipt_lookup(request, poll_id: int):
    """Find a receipt in the published ballots (once the poll is closed)."""
    poll, refusal = viewable_poll(request, poll_id)
    if refusal:
        return refusal
    code = (request.GET.get("ma") or "").strip()[:40]
    entry = selectors.receipt_lookup(poll, code) if code else None
    chosen = presenters.receipt_choices(entry, presenters.names_of(selectors.candidate_units(poll)))
    context = {**base_context(poll.cluster_year), "poll": poll, "code": code, "entry": entry, "chosen": chosen}
    return render(request, "voting/receipt.html", context)

"""The delegate's phone ballot: choose (big touch targets, the candidates' names in full),
confirm, then the receipt. A second attempt says "Đơn vị của bạn đã bỏ phiếu"."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from thidua.core.errors import Conflict, Forbidden, InvalidInput
from thidua.core.http import forbidden

from .. import eligibility, presenters, selectors, services
from ..forms import ballot_from_post
from ..models import Poll
from .base import base_context, conference_url, poll_or_404


def _way_on(user, poll: Poll) -> dict:
    """No dead end after a ballot: the next open poll the person may vote in ("Phiếu tiếp
    theo"), else the way back to the conference."""
    others = selectors.open_polls_for(user, poll.cluster_year_id, exclude_id=poll.pk)
    following = eligibility.next_ballot(user, others)
    return {"next_poll": following, "conference_url": conference_url(poll.cluster_year)}


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def ballot(request, poll_id: int):
    """The phone ballot: choose, confirm (the ballot's shape checked, nothing written),
    cast (the receipt), or the reason the user may not vote."""
    poll = poll_or_404(request, poll_id)
    user = request.user
    refusal = eligibility.vote_refusal(user, poll)  # the same answer the cast gives
    if refusal is not None and refusal.code == eligibility.NOT_A_VOTER:
        return forbidden(request, refusal.message)
    candidates = selectors.candidate_units(poll)
    context = {**base_context(poll.cluster_year), "poll": poll, "candidates": candidates, "step": "choose"}
    can_vote, why_not = refusal is None, refusal.message if refusal else ""
    context.update(can_vote=can_vote, why_not=why_not)
    if not can_vote:
        context.update(_way_on(user, poll))
    if request.method == "GET":
        return render(request, "voting/ballot.html", context)
    choices, answers = ballot_from_post(poll, request.POST, candidates)
    context.update(
        choices=choices or [],
        answers=answers or {},
        chosen=presenters.chosen_names(choices or [], presenters.names_of(candidates)),
        answer_rows=[(u, (answers or {}).get(str(u.pk), "abstain")) for u in candidates],
    )
    if request.POST.get("step") == "cast":
        try:
            receipt = services.ballot_cast(actor=user, poll=poll, choices=choices, answers=answers)
        except InvalidInput as exc:
            context.update(step="choose", error=exc.message)
            return render(request, "voting/ballot.html", context, status=400)
        except (Conflict, Forbidden) as exc:
            context.update(step="refused", error=exc.message, can_vote=False, **_way_on(user, poll))
            return render(request, "voting/ballot.html", context, status=exc.status)
        context.update(step="receipt", receipt=receipt, can_vote=False, **_way_on(user, poll))
        return render(request, "voting/ballot.html", context)
    # the confirmation step: check the ballot's shape first, nothing is written
    if not can_vote:
        context.update(step="refused", error=why_not)
        return render(request, "voting/ballot.html", context, status=409)
    try:
        services.ballot_validate(poll, [u.pk for u in candidates], choices, answers)
    except InvalidInput as exc:
        context.update(step="choose", error=exc.message)
        return render(request, "voting/ballot.html", context, status=400)
    context["step"] = "confirm"
    return render(request, "voting/ballot.html", context)

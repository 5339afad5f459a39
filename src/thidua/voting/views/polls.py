"""The polls, for the secretariat (the leader unit) and the organizer: the year's list and
a new poll (from the ranking's top units for the Flag and Certificates of Merit), a poll's
page, edit, delete, open, close, run-off and paper entry."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.confirm import ask, is_confirmed
from thidua.core.errors import Conflict, DomainError, Forbidden, InvalidInput
from thidua.core.http import forbidden
from thidua.cycle import phases
from thidua.org.models import ClusterYear

from .. import confirmations, documents, presenters, selectors, services
from ..candidate_panels import candidate_panels
from ..forms import PaperForm, PollForm, add_domain_errors
from ..models import Poll
from ..rules import can
from .base import base_context, managed_poll, member_units, poll_url, polls_url, refused, viewable_poll, viewable_year
from .documents import counting_numbering

PROPOSAL_TITLES = {
    "flag": "Suy tôn đơn vị đề nghị tặng Cờ thi đua năm {year}",
    "merit": "Đề nghị tặng Bằng khen năm {year}",
    "leader": "Bầu đơn vị Cụm trưởng năm {next}",
    "deputy": "Bầu đơn vị Cụm phó năm {next}",
}


def _new_poll_initial(cluster_year: ClusterYear, kind: str) -> dict:
    defaults = services.poll_defaults(cluster_year, kind)
    seats = defaults["seats"]
    # from the ranking, only the units registered for the poll's award and not proposed for the other (issue 11)
    candidates = [u.pk for u in selectors.ranking_proposal(cluster_year, seats + 2, kind)] if kind in Poll.NOMINATIONS else []
    return {
        "kind": kind, "title": PROPOSAL_TITLES.get(kind, "").format(year=cluster_year.year, next=cluster_year.year + 1),
        "method": defaults["method"], "max_choices": defaults["max_choices"], "seats": seats,
        "threshold_base": defaults["threshold"]["base"], "threshold_percent": defaults["threshold"]["percent"],
        "threshold_strict": defaults["threshold"]["strict"], "mode": Poll.Mode.ELECTRONIC, "candidates": candidates,
    }  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def polls(request, pk: int, year: int):
    """The year's polls; the leader unit or the organizer create one (from the ranking's
    top units for the Flag and Certificates of Merit)."""
    cluster_year, refusal = viewable_year(request, pk, year)
    if refusal:
        return refusal
    can_manage = can(request.user, "voting.manage", cluster_year)
    members = member_units(cluster_year)
    status = 200
    form = None
    if request.method == "POST":
        if not can_manage:
            return forbidden(request, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được tạo biểu quyết."))
        form = PollForm(request.POST, members=members)
        if form.is_valid():
            try:
                poll = services.poll_create(actor=request.user, cluster_year=cluster_year, data=form.service_data())
                return redirect(poll_url(poll))
            except InvalidInput as exc:
                add_domain_errors(form, exc)
            except (Conflict, Forbidden) as exc:
                return refused(request, exc, polls_url(cluster_year))
        status = 400
    elif can_manage:
        kind = request.GET.get("kind", "flag")
        form = PollForm(initial=_new_poll_initial(cluster_year, kind if kind in Poll.Kind.values else "flag"), members=members)
    panels = []  # what the apps above say of the proposed candidates (awards: eligibility)
    if form is not None and not form.is_bound and form.initial.get("kind") in Poll.NOMINATIONS:
        by_id = {u.pk: u for u in members}
        chosen = [by_id[i] for i in form.initial["candidates"] if i in by_id]
        panels = candidate_panels(request, cluster_year, form.initial["kind"], chosen)
    context = {
        **base_context(cluster_year), "polls": selectors.polls_of(cluster_year), "form": form, "can_manage": can_manage,
        "prepare_phase": phases.phase_allows(cluster_year, "prepare_polls"),
        "ranking": selectors.ranking_proposal(cluster_year, len(members)),
        "proposals": selectors.proposals_of(cluster_year), "kinds": Poll.Kind.choices, "candidate_panels": panels,
    }  # fmt: skip
    return render(request, "voting/polls.html", context, status=status)


def poll_context(request, poll: Poll, *, form=None, paper_form=None) -> dict:
    cluster_year = poll.cluster_year
    user = request.user
    can_manage = can(user, "voting.manage", cluster_year)
    candidates = selectors.candidate_units(poll)
    if form is None and can_manage and poll.state == Poll.State.DRAFT:  # the members only for a draft's form
        form = PollForm(initial=PollForm.initial_from(poll, [u.pk for u in candidates]), members=member_units(cluster_year))
    if paper_form is None and can_manage and poll.state == Poll.State.OPEN and poll.mode == Poll.Mode.PAPER:
        paper_form = PaperForm(initial=PaperForm.initial_from(poll), candidates=candidates, yes_no=poll.method == Poll.Method.YES_NO)
    can_vote, why_not = selectors.can_vote_now(user, poll)
    names = presenters.names_of(candidates)
    turnout = selectors.turnout(poll)
    return {
        **base_context(cluster_year), "poll": poll, "candidates": candidates, "turnout": turnout,
        "confirm_open": confirmations.poll_open(poll, turnout) if can_manage and poll.state == Poll.State.DRAFT else None,
        "confirm_close": confirmations.poll_close(poll, turnout) if can_manage and poll.state == Poll.State.OPEN else None,
        "confirm_delete": confirmations.poll_delete(poll) if can_manage and poll.state == Poll.State.DRAFT else None,
        "lines": selectors.result_lines(poll), "names": names, "can_manage": can_manage, "form": form,
        "paper_form": paper_form, "can_vote": can_vote, "why_not": why_not, "runoff_child": selectors.runoff_of(poll),
        "outcome": documents.outcome_text(poll, names) if poll.state == Poll.State.CLOSED else "",
        "threshold_text": presenters.threshold_label(poll), "vote_phase": phases.phase_allows(cluster_year, "vote"),
        "candidate_panels": candidate_panels(request, cluster_year, poll.kind, candidates)
        if can_manage and poll.state == Poll.State.DRAFT and poll.kind in Poll.NOMINATIONS else [],
        # the vote-counting minutes' number and signing (the year's one flow)
        "counting": counting_numbering(request, poll) if poll.state == Poll.State.CLOSED else None,
    }  # fmt: skip


@login_required
@require_GET
def poll_detail(request, poll_id: int):
    poll, refusal = viewable_poll(request, poll_id)
    if refusal:
        return refusal
    return render(request, "voting/poll.html", poll_context(request, poll))


@login_required
@require_POST
def poll_edit(request, poll_id: int):
    poll, refusal = managed_poll(request, poll_id)
    if refusal:
        return refusal
    form = PollForm(request.POST, members=member_units(poll.cluster_year))
    if form.is_valid():
        try:
            services.poll_update(actor=request.user, poll=poll, data=form.service_data())
            return redirect(poll_url(poll))
        except InvalidInput as exc:
            add_domain_errors(form, exc)
        except (Conflict, Forbidden) as exc:
            return refused(request, exc, poll_url(poll))
    return render(request, "voting/poll.html", poll_context(request, poll, form=form), status=400)


def _action(request, poll_id: int, call, *, success=None, confirmation=None):
    poll, refusal = managed_poll(request, poll_id)
    if refusal:
        return refusal
    if confirmation is not None and not is_confirmed(request):
        return ask(request, confirmation(poll), poll_url(poll))
    try:
        result = call(poll)
    except DomainError as exc:
        return refused(request, exc, poll_url(poll))
    return redirect(success(poll, result) if success else poll_url(poll))


@login_required
@require_POST
def poll_delete(request, poll_id: int):
    return _action(
        request, poll_id, lambda p: services.poll_delete(actor=request.user, poll=p), success=lambda p, _r: polls_url(p.cluster_year),
        confirmation=confirmations.poll_delete,
    )


@login_required
@require_POST
def poll_open(request, poll_id: int):
    return _action(request, poll_id, lambda p: services.poll_open(actor=request.user, poll=p),
                   confirmation=lambda p: confirmations.poll_open(p, selectors.turnout(p)))


@login_required
@require_POST
def poll_close(request, poll_id: int):
    return _action(request, poll_id, lambda p: services.poll_close(actor=request.user, poll=p),
                   confirmation=lambda p: confirmations.poll_close(p, selectors.turnout(p)))


@login_required
@require_POST
def poll_runoff(request, poll_id: int):
    return _action(request, poll_id, lambda p: services.runoff_create(actor=request.user, poll=p), success=lambda p, r: poll_url(r))


@login_required
@require_POST
def poll_paper(request, poll_id: int):
    poll, refusal = managed_poll(request, poll_id)
    if refusal:
        return refusal
    form = PaperForm(request.POST, candidates=selectors.candidate_units(poll), yes_no=poll.method == Poll.Method.YES_NO)
    if form.is_valid():
        try:
            services.paper_tally_save(actor=request.user, poll=poll, figures=form.figures())
            return redirect(poll_url(poll))
        except InvalidInput as exc:
            add_domain_errors(form, exc)
        except (Conflict, Forbidden) as exc:
            return refused(request, exc, poll_url(poll))
    return render(request, "voting/poll.html", poll_context(request, poll, paper_form=form), status=400)

"""The pages of the conference and the vote: the conference (details, delegates, check-in
and live quorum, minutes and invitation), the polls (secretariat: create from the ranking,
edit, open, close, run-off, paper entry), the delegate's phone ballot (choice, confirmation,
receipt), the room screen for the projector (live turnout, then results with a chart),
receipt look-up and the published ballot list.

Thin: parse (forms.py), call a selector or a service, render. Unknown or invisible: 404;
not allowed: 403; refused by the state (phase, poll not open, already voted): 409."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.errors import Conflict, DomainError, Forbidden, InvalidInput
from thidua.core.http import forbidden
from thidua.cycle import phases
from thidua.cycle.selectors import cluster_year_for, members_of
from thidua.documents.docx import render_docx
from thidua.org.models import ClusterYear, User

from . import delegates, documents, eligibility, selectors, services
from .forms import ConferenceForm, DelegateForm, PaperForm, PollForm, add_domain_errors
from .models import Poll
from .rules import can

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- helpers ----------------------------------------------------------------------------------------
def _refused(request, exc: DomainError, back_url: str) -> HttpResponse:
    return render(request, "cycle/refused.html", {"message": exc.message, "back_url": back_url}, status=exc.status)


def _year(request, pk: int, year: int) -> ClusterYear:
    cluster_year = cluster_year_for(request.user, pk, year)
    if cluster_year is None:
        raise Http404(_("Không tìm thấy năm thi đua."))
    return cluster_year


def _viewable_year(request, pk: int, year: int):
    cluster_year = _year(request, pk, year)
    if not can(request.user, "voting.view", cluster_year):
        return None, forbidden(request, _("Chỉ các đơn vị thành viên của năm thi đua và cơ quan tổ chức được xem trang này."))
    return cluster_year, None


def _poll(request, poll_id: int) -> Poll:
    poll = selectors.poll_for(request.user, poll_id)
    if poll is None:
        raise Http404(_("Không tìm thấy biểu quyết."))
    return poll


def _viewable_poll(request, poll_id: int):
    poll = _poll(request, poll_id)
    if not can(request.user, "voting.view", poll.cluster_year):
        return None, forbidden(request, _("Chỉ các đơn vị thành viên của năm thi đua và cơ quan tổ chức được xem trang này."))
    return poll, None


def _managed_poll(request, poll_id: int):
    poll = _poll(request, poll_id)
    if not can(request.user, "voting.manage", poll.cluster_year):
        return None, forbidden(request, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được điều hành biểu quyết."))
    return poll, None


def _conference_url(cluster_year: ClusterYear) -> str:
    return reverse("voting_conference", args=[cluster_year.cluster_id, cluster_year.year])


def _polls_url(cluster_year: ClusterYear) -> str:
    return reverse("voting_polls", args=[cluster_year.cluster_id, cluster_year.year])


def _poll_url(poll: Poll) -> str:
    return reverse("voting_poll", args=[poll.pk])


def _base(cluster_year: ClusterYear) -> dict:
    return {"cluster_year": cluster_year, "cluster": cluster_year.cluster, "year": cluster_year.year}


def _member_units(cluster_year: ClusterYear):
    return [m.unit for m in members_of(cluster_year)]


# --- the conference -----------------------------------------------------------------------------------
def _conference_context(request, cluster_year: ClusterYear, *, form=None, delegate_form=None) -> dict:
    """The page does not grow with the members it does not show: one page of the
    attendance (`?trang=`), the user's own unit's row, counts for the quorum; the edit
    form (whose host-unit list holds every member) only when asked for (`?sua=1`) or
    sent back with its errors."""
    user = request.user
    conference = services.conference_of(cluster_year)
    page, rows = selectors.attendance_page(cluster_year, conference, request.GET.get("trang"))
    can_manage = can(user, "voting.manage", cluster_year)
    can_checkin_any = can(user, "voting.checkin_any", cluster_year)
    own = selectors.attendance_row(cluster_year, conference, user.unit_id)
    # only the unit names its own delegates (the secretariat and the organizer only see them)
    can_name = bool(own and can(user, "voting.name_delegate", cluster_year))
    if delegate_form is None and can_name:
        accounts = User.objects.filter(unit=own.unit, is_active=True).exclude(is_delegate=False, is_unit_head=False)
        delegate_form = DelegateForm(units=[own.unit], accounts=list(accounts.order_by("full_name", "username")),
                                     initial={"unit": own.unit.pk})
    if form is None and can_manage and request.GET.get("sua"):
        form = ConferenceForm(initial=ConferenceForm.initial_from(conference), members=_member_units(cluster_year))
    return {
        **_base(cluster_year), "conference": conference, "rows": rows, "page": page, "quorum": selectors.quorum(cluster_year),
        "can_manage": can_manage, "can_checkin_any": can_checkin_any,
        "can_checkin_own": bool(own and can(user, "voting.checkin_own", cluster_year)), "own": own,
        "vote_phase": phases.phase_allows(cluster_year, "vote"), "edit_phase": phases.phase_allows(cluster_year, "edit_conference"),
        "form": form, "delegate_form": delegate_form, "polls": selectors.polls_of(cluster_year),
        "nomination": delegates.pending_nomination(cluster_year, own.unit.pk) if can_name else None,
        "can_confirm": bool(can_name and can(user, "voting.confirm_delegate", cluster_year)),
        "is_head": bool(user.is_unit_head), "frozen_by": delegates.open_poll_titles(cluster_year),
        "can_issue": (can_manage and user.unit_id is not None) or user.is_superuser,
    }


@login_required
@require_http_methods(["GET", "POST"])
def conference(request, pk: int, year: int):
    """The conference: details (the leader unit or the organizer edit them), delegates,
    attendance and the live quorum, documents."""
    cluster_year, refused = _viewable_year(request, pk, year)
    if refused:
        return refused
    if request.method == "POST":
        if not can(request.user, "voting.manage", cluster_year):
            return forbidden(request, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được sửa thông tin hội nghị."))
        form = ConferenceForm(request.POST, members=_member_units(cluster_year))
        if form.is_valid():
            try:
                services.conference_update(actor=request.user, cluster_year=cluster_year, data=form.service_data())
                return redirect(_conference_url(cluster_year))
            except InvalidInput as exc:
                add_domain_errors(form, exc)
            except (Conflict, Forbidden) as exc:
                return _refused(request, exc, _conference_url(cluster_year))
        return render(request, "voting/conference.html", _conference_context(request, cluster_year, form=form), status=400)
    return render(request, "voting/conference.html", _conference_context(request, cluster_year))


@login_required
@require_POST
def conference_checkin(request, pk: int, year: int):
    """Check a unit in: the secretariat any member; a delegate its own unit, with the code."""
    cluster_year = _year(request, pk, year)
    user = request.user
    if not (can(user, "voting.checkin_any", cluster_year) or can(user, "voting.checkin_own", cluster_year)):
        return forbidden(request, _("Chỉ đại biểu của đơn vị thành viên hoặc bộ phận thường trực của cụm được điểm danh."))
    unit_id = request.POST.get("unit") or user.unit_id
    unit = next((u for u in _member_units(cluster_year) if str(u.pk) == str(unit_id)), None)
    back = _conference_url(cluster_year)
    if unit is None:
        return _refused(request, InvalidInput(_("Đơn vị không phải thành viên của cụm trong năm.")), back)
    try:
        services.checkin(actor=user, cluster_year=cluster_year, unit=unit, code=request.POST.get("code"))
    except DomainError as exc:
        if request.htmx:  # the quorum box again, with the reason (HTMX swaps only 2xx answers)
            return render(request, "voting/partials/quorum.html", {**_base(cluster_year), "quorum": selectors.quorum(cluster_year),
                                                                   "error": exc.message})
        return _refused(request, exc, back)
    if request.htmx:
        return render(request, "voting/partials/quorum.html", {**_base(cluster_year), "quorum": selectors.quorum(cluster_year),
                                                               "just_checked": unit})
    return redirect(back)


@login_required
@require_GET
@never_cache
def conference_quorum(request, pk: int, year: int):
    """The live quorum (polled by HTMX on the conference page and the room screen)."""
    cluster_year, refused = _viewable_year(request, pk, year)
    if refused:
        return refused
    return render(request, "voting/partials/quorum.html", {**_base(cluster_year), "quorum": selectors.quorum(cluster_year)})


@login_required
@require_POST
def conference_new_code(request, pk: int, year: int):
    cluster_year = _year(request, pk, year)
    if not can(request.user, "voting.checkin_any", cluster_year):
        return forbidden(request)
    services.conference_new_code(actor=request.user, cluster_year=cluster_year)
    return redirect(_conference_url(cluster_year))


@login_required
@require_POST
def conference_delegate(request, pk: int, year: int):
    """The unit names its voting delegate (its head; its officer proposes, the head
    confirms) or adds an observer. Another unit's: 403, whoever asks."""
    cluster_year = _year(request, pk, year)
    if not can(request.user, "voting.name_delegate", cluster_year):
        return forbidden(request, delegates.NOT_YOURS)
    units = _member_units(cluster_year)
    accounts = list(User.objects.filter(unit__in=units, is_active=True))
    form = DelegateForm(request.POST, units=units, accounts=accounts)
    if form.is_valid():
        d = form.cleaned_data
        unit = next(u for u in units if u.pk == d["unit"])
        user = next((a for a in accounts if a.pk == d["user"]), None)
        try:
            delegates.delegate_set(actor=request.user, cluster_year=cluster_year, unit=unit, kind=d["kind"], user=user,
                                   full_name=d["full_name"], position=d["position"], authorisation=d["authorisation"])
            return redirect(_conference_url(cluster_year))
        except InvalidInput as exc:
            add_domain_errors(form, exc)
        except (Conflict, Forbidden) as exc:
            return _refused(request, exc, _conference_url(cluster_year))
    return render(request, "voting/conference.html", _conference_context(request, cluster_year, delegate_form=form), status=400)


@login_required
@require_POST
def conference_delegate_confirm(request, pk: int, year: int):
    """The head confirms its officer's nomination of the unit's voting delegate."""
    cluster_year = _year(request, pk, year)
    user = request.user
    if not can(user, "voting.confirm_delegate", cluster_year):
        return forbidden(request, _("Chỉ người đứng đầu đơn vị được xác nhận người biểu quyết."))
    unit = next((u for u in _member_units(cluster_year) if u.pk == user.unit_id), None)
    try:
        delegates.delegate_confirm(actor=user, cluster_year=cluster_year, unit=unit)
    except DomainError as exc:  # 409 nothing to confirm or frozen; 400 the account no longer fits (left the unit, lost its role)
        return _refused(request, exc, _conference_url(cluster_year))
    return redirect(_conference_url(cluster_year))


def _docx(document, filename: str) -> HttpResponse:
    response = HttpResponse(render_docx(document), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def invitation_docx(request, pk: int, year: int):
    cluster_year, refused = _viewable_year(request, pk, year)
    if refused:
        return refused
    return _docx(documents.invitation_document(cluster_year), documents.docx_filename("giay-moi", cluster_year))


@login_required
@require_GET
def minutes_docx(request, pk: int, year: int):
    cluster_year, refused = _viewable_year(request, pk, year)
    if refused:
        return refused
    return _docx(documents.conference_minutes_document(cluster_year), documents.docx_filename("bien-ban-hoi-nghi", cluster_year))


@login_required
@require_POST
def conference_number(request, pk: int, year: int):
    """Give the invitation or the minutes its number in the leader unit's register."""
    cluster_year = _year(request, pk, year)
    if not can(request.user, "voting.manage", cluster_year):
        return forbidden(request)
    try:
        services.conference_document_issue(actor=request.user, cluster_year=cluster_year, kind=request.POST.get("kind", ""))
    except DomainError as exc:
        return _refused(request, exc, _conference_url(cluster_year))
    return redirect(_conference_url(cluster_year))


# --- polls ------------------------------------------------------------------------------------------
PROPOSAL_TITLES = {
    "flag": "Suy tôn đơn vị đề nghị tặng Cờ thi đua năm {year}",
    "merit": "Đề nghị tặng Bằng khen năm {year}",
    "leader": "Bầu đơn vị Cụm trưởng năm {next}",
    "deputy": "Bầu đơn vị Cụm phó năm {next}",
}


def _new_poll_initial(cluster_year: ClusterYear, kind: str) -> dict:
    defaults = services.poll_defaults(cluster_year, kind)
    seats = defaults["seats"]
    candidates = [u.pk for u in selectors.ranking_proposal(cluster_year, seats + 2)] if kind in Poll.NOMINATIONS else []
    return {
        "kind": kind, "title": PROPOSAL_TITLES.get(kind, "").format(year=cluster_year.year, next=cluster_year.year + 1),
        "method": defaults["method"], "max_choices": defaults["max_choices"], "seats": seats,
        "threshold_base": defaults["threshold"]["base"], "threshold_percent": defaults["threshold"]["percent"],
        "threshold_strict": defaults["threshold"]["strict"], "mode": Poll.Mode.ELECTRONIC, "candidates": candidates,
    }


@login_required
@require_http_methods(["GET", "POST"])
def polls(request, pk: int, year: int):
    """The year's polls; the leader unit or the organizer create one (from the ranking's
    top units for the Flag and Certificates of Merit)."""
    cluster_year, refused = _viewable_year(request, pk, year)
    if refused:
        return refused
    can_manage = can(request.user, "voting.manage", cluster_year)
    members = _member_units(cluster_year)
    status = 200
    form = None
    if request.method == "POST":
        if not can_manage:
            return forbidden(request, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được tạo biểu quyết."))
        form = PollForm(request.POST, members=members)
        if form.is_valid():
            try:
                poll = services.poll_create(actor=request.user, cluster_year=cluster_year, data=form.service_data())
                return redirect(_poll_url(poll))
            except InvalidInput as exc:
                add_domain_errors(form, exc)
            except (Conflict, Forbidden) as exc:
                return _refused(request, exc, _polls_url(cluster_year))
        status = 400
    elif can_manage:
        kind = request.GET.get("kind", "flag")
        form = PollForm(initial=_new_poll_initial(cluster_year, kind if kind in Poll.Kind.values else "flag"), members=members)
    ranking = selectors.ranking_proposal(cluster_year, len(members))
    context = {
        **_base(cluster_year), "polls": selectors.polls_of(cluster_year), "form": form, "can_manage": can_manage,
        "prepare_phase": phases.phase_allows(cluster_year, "prepare_polls"), "ranking": ranking,
        "proposals": selectors.proposals_of(cluster_year), "kinds": Poll.Kind.choices,
    }
    return render(request, "voting/polls.html", context, status=status)


def _poll_context(request, poll: Poll, *, form=None, paper_form=None) -> dict:
    cluster_year = poll.cluster_year
    user = request.user
    can_manage = can(user, "voting.manage", cluster_year)
    candidates = selectors.candidate_units(poll)
    if form is None and can_manage and poll.state == Poll.State.DRAFT:  # the members only for a draft's form
        form = PollForm(initial=PollForm.initial_from(poll, [u.pk for u in candidates]), members=_member_units(cluster_year))
    if paper_form is None and can_manage and poll.state == Poll.State.OPEN and poll.mode == Poll.Mode.PAPER:
        initial = {}
        if poll.paper:
            initial = {k: getattr(poll.paper, k) for k in ("issued", "returned", "valid", "invalid")}
            for key, value in poll.paper.votes.items():
                if isinstance(value, dict):
                    initial.update({f"v_{key}_{a}": n for a, n in value.items()})
                else:
                    initial[f"v_{key}_votes"] = value
        else:
            initial["issued"] = len(poll.roll)
        paper_form = PaperForm(initial=initial, candidates=candidates, yes_no=poll.method == Poll.Method.YES_NO)
    can_vote, why_not = selectors.can_vote_now(user, poll)
    lines = selectors.result_lines(poll)
    return {
        **_base(cluster_year), "poll": poll, "candidates": candidates, "turnout": selectors.turnout(poll), "lines": lines,
        "names": {u.pk: u.name for u in candidates}, "can_manage": can_manage, "form": form, "paper_form": paper_form,
        "can_vote": can_vote, "why_not": why_not, "runoff_child": poll.runoffs.first(),
        "outcome": documents.outcome_text(poll, {u.pk: u.name for u in candidates}) if poll.state == Poll.State.CLOSED else "",
        "threshold_text": documents.threshold_text(poll),
        "vote_phase": phases.phase_allows(cluster_year, "vote"),
    }


@login_required
@require_GET
def poll_detail(request, poll_id: int):
    poll, refused = _viewable_poll(request, poll_id)
    if refused:
        return refused
    return render(request, "voting/poll.html", _poll_context(request, poll))


@login_required
@require_POST
def poll_edit(request, poll_id: int):
    poll, refused = _managed_poll(request, poll_id)
    if refused:
        return refused
    form = PollForm(request.POST, members=_member_units(poll.cluster_year))
    if form.is_valid():
        try:
            services.poll_update(actor=request.user, poll=poll, data=form.service_data())
            return redirect(_poll_url(poll))
        except InvalidInput as exc:
            add_domain_errors(form, exc)
        except (Conflict, Forbidden) as exc:
            return _refused(request, exc, _poll_url(poll))
    return render(request, "voting/poll.html", _poll_context(request, poll, form=form), status=400)


def _action(request, poll_id: int, call, *, success=None):
    poll, refused = _managed_poll(request, poll_id)
    if refused:
        return refused
    try:
        result = call(poll)
    except DomainError as exc:
        return _refused(request, exc, _poll_url(poll))
    return redirect(success(poll, result) if success else _poll_url(poll))


@login_required
@require_POST
def poll_delete(request, poll_id: int):
    return _action(request, poll_id, lambda p: services.poll_delete(actor=request.user, poll=p),
                   success=lambda p, _r: _polls_url(p.cluster_year))


@login_required
@require_POST
def poll_open(request, poll_id: int):
    return _action(request, poll_id, lambda p: services.poll_open(actor=request.user, poll=p))


@login_required
@require_POST
def poll_close(request, poll_id: int):
    return _action(request, poll_id, lambda p: services.poll_close(actor=request.user, poll=p))


@login_required
@require_POST
def poll_runoff(request, poll_id: int):
    return _action(request, poll_id, lambda p: services.runoff_create(actor=request.user, poll=p), success=lambda p, r: _poll_url(r))


@login_required
@require_POST
def poll_paper(request, poll_id: int):
    poll, refused = _managed_poll(request, poll_id)
    if refused:
        return refused
    form = PaperForm(request.POST, candidates=selectors.candidate_units(poll), yes_no=poll.method == Poll.Method.YES_NO)
    if form.is_valid():
        try:
            services.paper_tally_save(actor=request.user, poll=poll, figures=form.figures())
            return redirect(_poll_url(poll))
        except InvalidInput as exc:
            add_domain_errors(form, exc)
        except (Conflict, Forbidden) as exc:
            return _refused(request, exc, _poll_url(poll))
    return render(request, "voting/poll.html", _poll_context(request, poll, paper_form=form), status=400)


# --- the delegate's ballot ----------------------------------------------------------------------------
def _ballot_from_post(poll: Poll, post, candidates) -> tuple[list[int] | None, dict | None]:
    if poll.method == Poll.Method.YES_NO:
        return None, {str(u.pk): post.get(f"a_{u.pk}", "abstain") for u in candidates}
    return [int(v) for v in post.getlist("choice") if str(v).isdigit()], None


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def ballot(request, poll_id: int):
    """The phone ballot: choose (big touch targets, the candidates' names in full), confirm,
    then the receipt. A second attempt says "Đơn vị của bạn đã bỏ phiếu"."""
    poll = _poll(request, poll_id)
    user = request.user
    refusal = eligibility.vote_refusal(user, poll)  # the same answer the cast gives
    if refusal is not None and refusal.code == eligibility.NOT_A_VOTER:
        return forbidden(request, refusal.message)
    candidates = selectors.candidate_units(poll)
    context = {**_base(poll.cluster_year), "poll": poll, "candidates": candidates, "step": "choose"}
    can_vote, why_not = refusal is None, refusal.message if refusal else ""
    context.update(can_vote=can_vote, why_not=why_not)
    if request.method == "GET":
        return render(request, "voting/ballot.html", context)
    choices, answers = _ballot_from_post(poll, request.POST, candidates)
    names = {u.pk: u.name for u in candidates}
    context.update(choices=choices or [], answers=answers or {}, chosen=[names[c] for c in (choices or []) if c in names],
                   answer_rows=[(u, (answers or {}).get(str(u.pk), "abstain")) for u in candidates])
    if request.POST.get("step") == "cast":
        try:
            receipt = services.ballot_cast(actor=user, poll=poll, choices=choices, answers=answers)
        except InvalidInput as exc:
            context.update(step="choose", error=exc.message)
            return render(request, "voting/ballot.html", context, status=400)
        except (Conflict, Forbidden) as exc:
            context.update(step="refused", error=exc.message, can_vote=False)
            return render(request, "voting/ballot.html", context, status=exc.status)
        context.update(step="receipt", receipt=receipt, can_vote=False)
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


# --- the room screen, look-up, the published list ---------------------------------------------------
def _screen_context(request, poll: Poll) -> dict:
    context = _poll_context(request, poll)
    cluster_year = poll.cluster_year
    context["show_code"] = can(request.user, "voting.checkin_any", cluster_year)
    context["conference"] = services.conference_of(cluster_year) if context["show_code"] else None
    return context


@login_required
@require_GET
def room_screen(request, poll_id: int):
    """For the projector: the question, the live turnout (HTMX), then the results and a chart."""
    poll, refused = _viewable_poll(request, poll_id)
    if refused:
        return refused
    return render(request, "voting/screen.html", _screen_context(request, poll))


@login_required
@require_GET
@never_cache
def room_screen_status(request, poll_id: int):
    poll, refused = _viewable_poll(request, poll_id)
    if refused:
        return refused
    return render(request, "voting/partials/screen_status.html", _screen_context(request, poll))


@login_required
@require_GET
def receipt_lookup(request, poll_id: int):
    """Find a receipt in the published ballots (once the poll is closed)."""
    poll, refused = _viewable_poll(request, poll_id)
    if refused:
        return refused
    code = (request.GET.get("ma") or "").strip()[:40]
    entry = selectors.receipt_lookup(poll, code) if code else None
    names = {u.pk: u.name for u in selectors.candidate_units(poll)}
    chosen = []
    if entry and "choices" in entry:
        chosen = [names.get(c, str(c)) for c in entry["choices"]]
    elif entry:
        labels = {"yes": _("Đồng ý"), "no": _("Không đồng ý"), "abstain": _("Không ý kiến")}
        chosen = [f"{names.get(int(k), k)}: {labels[v]}" for k, v in entry["answers"].items()]
    return render(request, "voting/receipt.html", {**_base(poll.cluster_year), "poll": poll, "code": code, "entry": entry,
                                                   "chosen": chosen})


@login_required
@require_GET
def ballots_json(request, poll_id: int):
    """The published ballot list (voting.md §4) with the digest, to recount and verify."""
    poll, refused = _viewable_poll(request, poll_id)
    if refused:
        return refused
    if poll.state != Poll.State.CLOSED:
        return _refused(request, Conflict(_("Danh sách phiếu được công bố khi biểu quyết kết thúc.")), _poll_url(poll))
    data = {
        "poll": poll.pk, "title": poll.title, "method": poll.method, "digest": poll.digest or None,
        "candidates": [{"unit": u.pk, "name": u.name} for u in selectors.candidate_units(poll)],
        "results": poll.results.get("rows", []), "elected": poll.elected, "ballots": selectors.ballots_of(poll),
        "how_to_verify": "digest = sha256(json.dumps(ballots, sort_keys=True, separators=(',', ':'), ensure_ascii=False).encode('utf-8'))",
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="phieu-bieu-quyet-{poll.pk}.json"'
    return response


@login_required
@require_GET
def counting_minutes_docx(request, poll_id: int):
    poll, refused = _viewable_poll(request, poll_id)
    if refused:
        return refused
    if poll.state != Poll.State.CLOSED:
        return _refused(request, Conflict(_("Biên bản kiểm phiếu được lập khi biểu quyết kết thúc.")), _poll_url(poll))
    return _docx(documents.counting_minutes_document(poll),
                 documents.docx_filename("bien-ban-kiem-phieu", poll.cluster_year, suffix=f"-{poll.pk}"))


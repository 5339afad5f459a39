"""The conference page: its details (the leader unit or the organizer edit them), the
delegates, the attendance and the live quorum; check-in and the room's code."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.errors import Conflict, DomainError, Forbidden, InvalidInput
from thidua.core.http import forbidden
from thidua.cycle import phases
from thidua.org.models import ClusterYear, User

from .. import confirmations, delegates, eligibility, presenters, selectors, services
from ..forms import ConferenceForm, DelegateForm, add_domain_errors
from ..rules import can
from .base import base_context, conference_url, member_units, refused, viewable_year, year_or_404
from .documents import conference_signing
from .documents_more import document_links


def conference_context(request, cluster_year: ClusterYear, *, form=None, delegate_form=None) -> dict:
    """The page does not grow with the members it does not show: one page of the
    attendance (`?trang=`), the user's own unit's row, counts for the quorum; the edit
    form (whose host-unit list holds every member) only when asked for (`?sua=1`) or
    sent back with its errors. The documents (numbers, signatures, drafts) have their own
    page (conference_documents)."""
    user = request.user
    conference = services.conference_of(cluster_year)
    page, rows = selectors.attendance_page(cluster_year, conference, request.GET.get("trang"))
    can_manage = can(user, "voting.manage", cluster_year)
    can_checkin_any = can(user, "voting.checkin_any", cluster_year)
    # the user's own unit's row: from the page shown when it is on it (the leader's always is)
    own = next((row for row in rows if user.unit_id is not None and row.membership.unit_id == user.unit_id), None)
    if own is None:
        own = selectors.attendance_row(cluster_year, conference, user.unit_id)
    # only the unit names its own delegates (the secretariat and the organizer only see them)
    can_name = bool(own and can(user, "voting.name_delegate", cluster_year))
    if delegate_form is None and can_name:
        accounts = User.objects.filter(unit=own.unit, is_active=True).exclude(is_delegate=False, is_unit_head=False)
        delegate_form = DelegateForm(
            units=[own.unit], accounts=list(accounts.order_by("full_name", "username")), initial={"unit": own.unit.pk}
        )
    if form is None and can_manage and request.GET.get("sua"):
        form = ConferenceForm(initial=ConferenceForm.initial_from(conference), members=member_units(cluster_year))
    polls = selectors.polls_listed(user, cluster_year)
    vote_phase = phases.phase_allows(cluster_year, "vote")
    can_checkin_own = bool(own and can(user, "voting.checkin_own", cluster_year))
    return {
        **base_context(cluster_year), "conference": conference, "attendance": presenters.attendance_lines(rows), "page": page,
        "quorum": selectors.quorum(cluster_year, conference), "can_manage": can_manage, "can_checkin_any": can_checkin_any,
        "can_checkin_own": can_checkin_own, "own": own,
        "vote_phase": vote_phase, "edit_phase": phases.phase_allows(cluster_year, "edit_conference"),
        "form": form, "delegate_form": delegate_form, "polls": polls,
        # the delegate's day, above everything else: check in, then the ballots awaiting them
        "my_checkin": bool(can_checkin_own and vote_phase and not own.checked_in_at),
        "my_ballots": eligibility.awaiting_ballots(user, polls) if own and vote_phase else [],
        "nomination": delegates.pending_nomination(cluster_year, own.unit.pk) if can_name else None,
        "can_confirm": bool(can_name and can(user, "voting.confirm_delegate", cluster_year)),
        # the open polls that freeze the delegates: said only in the unit's own delegate form
        "is_head": bool(user.is_unit_head), "frozen_by": delegates.open_poll_titles(cluster_year) if can_name else [],
    }  # fmt: skip


def documents_context(request, cluster_year: ClusterYear) -> dict:
    """The conference's documents: the invitation and the minutes (their numbers in the
    issuer's register, a preview with the number they would get, their signatures) and the
    further drafts of the award proposal."""
    user = request.user
    conference = services.conference_of(cluster_year)
    can_manage = can(user, "voting.manage", cluster_year)
    can_number_invitation = services.may_number_document(user, cluster_year, "invitation", conference)
    can_number_minutes = services.may_number_document(user, cluster_year, "minutes", conference)
    return {
        **base_context(cluster_year), "conference": conference,
        **conference_signing(request, cluster_year, conference),
        "year_documents": document_links(request, cluster_year),
        "year_documents_title": _("Văn bản dự thảo của hội nghị"),
        # who may number each (the issuer's register: the leader unit, or the host for minutes it issues)
        "can_number_invitation": can_number_invitation, "can_number_minutes": can_number_minutes,
        "confirm_invitation": confirmations.document_number(cluster_year, "invitation") if can_number_invitation else None,
        "confirm_minutes": confirmations.document_number(cluster_year, "minutes") if can_number_minutes else None,
        # the numbers the register would give, with a preview of the whole document before issuing:
        # shown only to whoever may number one of the two
        **_next_numbers(cluster_year, conference, (can_manage or can_number_minutes)
                        and (can_number_invitation or can_number_minutes)),
    }  # fmt: skip


def _next_numbers(cluster_year, conference, shown: bool) -> dict:
    from thidua.cycle.documents import next_number

    if not shown:
        return {}
    today = timezone.localdate()
    return {
        "next_invitation": None if conference.invitation_id else next_number(cluster_year, "GM", today),
        "next_minutes": None if conference.minutes_id else next_number(
            cluster_year, "BB", conference.end_date or conference.date or today, host=conference.host_unit),
    }


@login_required
@require_http_methods(["GET", "POST"])
def conference(request, pk: int, year: int):
    """The conference: details (the leader unit or the organizer edit them), delegates,
    attendance and the live quorum, documents."""
    cluster_year, refusal = viewable_year(request, pk, year)
    if refusal:
        return refusal
    if request.method == "POST":
        if not can(request.user, "voting.manage", cluster_year):
            return forbidden(request, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được sửa thông tin hội nghị."))
        form = ConferenceForm(request.POST, members=member_units(cluster_year))
        if form.is_valid():
            try:
                services.conference_update(actor=request.user, cluster_year=cluster_year, data=form.service_data())
                return redirect(conference_url(cluster_year))
            except InvalidInput as exc:
                add_domain_errors(form, exc)
            except (Conflict, Forbidden) as exc:
                return refused(request, exc, conference_url(cluster_year))
        return render(request, "voting/conference.html", conference_context(request, cluster_year, form=form), status=400)
    return render(request, "voting/conference.html", conference_context(request, cluster_year))


@login_required
@require_GET
def conference_documents(request, pk: int, year: int):
    """The conference's documents, apart from the conference page: numbering and signing
    are the văn thư's and the secretariat's work before and after the conference, while
    the conference page is what delegates open on their phones on the day."""
    cluster_year, refusal = viewable_year(request, pk, year)
    if refusal:
        return refusal
    return render(request, "voting/conference_documents.html", documents_context(request, cluster_year))


def _quorum_box(request, cluster_year: ClusterYear, **extra):
    context = {**base_context(cluster_year), "quorum": selectors.quorum(cluster_year), **extra}
    return render(request, "voting/partials/quorum.html", context)


@login_required
@require_POST
def conference_checkin(request, pk: int, year: int):
    """Check a unit in: the secretariat any member; a delegate its own unit, with the code."""
    cluster_year = year_or_404(request, pk, year)
    user = request.user
    if not (can(user, "voting.checkin_any", cluster_year) or can(user, "voting.checkin_own", cluster_year)):
        return forbidden(request, _("Chỉ đại biểu của đơn vị thành viên hoặc bộ phận thường trực của cụm được điểm danh."))
    unit_id = request.POST.get("unit") or user.unit_id
    unit = next((u for u in member_units(cluster_year) if str(u.pk) == str(unit_id)), None)
    back = conference_url(cluster_year)
    if unit is None:
        return refused(request, InvalidInput(_("Đơn vị không phải thành viên của cụm trong năm.")), back)
    try:
        services.checkin(actor=user, cluster_year=cluster_year, unit=unit, code=request.POST.get("code"))
    except DomainError as exc:
        if request.htmx:  # the quorum box again, with the reason (HTMX swaps only 2xx answers)
            return _quorum_box(request, cluster_year, error=exc.message)
        return refused(request, exc, back)
    if request.htmx:
        return _quorum_box(request, cluster_year, just_checked=unit)
    return redirect(back)


@login_required
@require_GET
@never_cache
def conference_quorum(request, pk: int, year: int):
    """The live quorum (polled by HTMX on the conference page and the room screen)."""
    cluster_year, refusal = viewable_year(request, pk, year)
    if refusal:
        return refusal
    return _quorum_box(request, cluster_year)


@login_required
@require_POST
def conference_new_code(request, pk: int, year: int):
    cluster_year = year_or_404(request, pk, year)
    if not can(request.user, "voting.checkin_any", cluster_year):
        return forbidden(request)
    services.conference_new_code(actor=request.user, cluster_year=cluster_year)
    return redirect(conference_url(cluster_year))

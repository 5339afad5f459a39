"""The pages of a cluster's year: the workspace (phase stepper, sections, tasks), the
launch, registrations and the year's rules, and the helpers the year's other page modules
share (`views_covenant_plan`: the covenant and the conference plan; `views_issuer`;
`views_documents`). Thin: parse (forms.py), call a selector or a service, render. A year
the user may not see is 404; a page the user may not open is 403; a refusal of the phase
is shown with 409."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.confirm import ask, is_confirmed
from thidua.core.errors import Conflict, DomainError, Forbidden, InvalidInput
from thidua.core.http import forbidden
from thidua.core.permissions import can
from thidua.org.models import ClusterYear, Phase

from . import confirmations, phases, selectors, services
from .forms import TIE_BREAK_LABELS, LaunchForm, PhaseForm, RegistrationForm, SettingsForm, add_domain_errors
from .models import YearSettings
from .phase_service import cluster_year_set_phase
from .tasks import deadline_of, year_tasks, year_url
from .workspace import sections_for

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- helpers ----------------------------------------------------------------------------------
def _year(request, pk: int, year: int) -> ClusterYear:
    return selectors.cluster_year_or_404(request.user, pk, year)


def _viewable(request, pk: int, year: int) -> tuple[ClusterYear | None, HttpResponse | None]:
    cluster_year = _year(request, pk, year)
    if not request.user.has_perm("cycle.view_year", cluster_year):
        return None, forbidden(request, _("Chỉ các đơn vị thành viên của năm thi đua và cơ quan tổ chức được xem trang này."))
    return cluster_year, None


def _attempt(request, form, call):
    """Run a service call: (result, None), or (None, status) after putting the domain
    error on the form (400 invalid input, 409 conflict, 403 forbidden)."""
    try:
        return call(), None
    except InvalidInput as exc:
        add_domain_errors(form, exc)
        return None, 400
    except (Conflict, Forbidden) as exc:
        form.add_error(None, str(exc.message))
        return None, exc.status


def _base_context(request, cluster_year: ClusterYear) -> dict:
    return {"cluster_year": cluster_year, "cluster": cluster_year.cluster, "year": cluster_year.year}


# --- the workspace ----------------------------------------------------------------------------
def _stepper(cluster_year: ClusterYear) -> list[dict]:
    current = phases.index(cluster_year.phase)
    return [
        {"value": p, "label": Phase(p).label, "number": i + 1, "deadline": deadline_of(cluster_year, p),
         "state": "done" if i < current else ("current" if i == current else "todo")}
        for i, p in enumerate(phases.ORDER)
    ]


def _workspace_context(request, cluster_year: ClusterYear) -> dict:
    user = request.user
    following = phases.next_phase(cluster_year.phase)
    can_move = user.has_perm("org.change_phase", cluster_year)
    can_move_back = user.has_perm("org.move_phase_back", cluster_year)
    members = selectors.members_of(cluster_year)
    own = next((m for m in members if m.unit_id == user.unit_id), None) if user.unit_id else None
    tasks = []
    if own is not None and (user.is_unit_officer or user.is_unit_head):
        tasks = [t for t in year_tasks(cluster_year, [own.unit_id]).get(own.unit_id, []) if t.shown_to(user)]
    return {
        **_base_context(request, cluster_year),
        "stepper": _stepper(cluster_year),
        "next_phase": Phase(following) if following else None,
        "confirm_next": confirmations.phase_move(cluster_year, following) if following and can_move else None,
        "earlier_phases": [Phase(p) for p in phases.ORDER[: phases.index(cluster_year.phase)]],
        "can_move": can_move,
        "can_move_back": can_move_back,
        "sections": sections_for(user, cluster_year),
        "members": members,
        "own_membership": own,
        "tasks": tasks,
        "today": selectors.today(),
    }


@login_required
@require_GET
def cluster_year_detail(request, pk: int, year: int):
    cluster_year, refused = _viewable(request, pk, year)
    if refused:
        return refused
    return render(request, "cycle/workspace.html", _workspace_context(request, cluster_year))


@login_required
@require_POST
def cycle_phase(request, pk: int, year: int):
    """Move the year to the next phase, or back (the organizer, with a reason)."""
    cluster_year = _year(request, pk, year)
    if not request.user.has_perm("org.change_phase", cluster_year):
        return forbidden(request, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được chuyển giai đoạn."))
    form = PhaseForm(request.POST)
    error, status = None, 400
    if form.is_valid():
        if not is_confirmed(request):
            return ask(request, confirmations.phase_move(cluster_year, form.cleaned_data["phase"]),
                       year_url("cluster_year_detail", cluster_year))
        try:
            cluster_year_set_phase(actor=request.user, cluster_year=cluster_year, phase=form.cleaned_data["phase"],
                                   reason=form.cleaned_data["reason"])
        except DomainError as exc:
            error, status = str(exc.message), exc.status
        else:
            messages.success(request, _("Năm thi đua đã chuyển sang giai đoạn “{phase}”.").format(
                phase=Phase(form.cleaned_data["phase"]).label))
            return redirect(year_url("cluster_year_detail", cluster_year))
    else:
        error = _("Giai đoạn không hợp lệ.")
    cluster_year.refresh_from_db()
    context = _workspace_context(request, cluster_year) | {"phase_error": error, "back_reason": form.data.get("reason", "")}
    return render(request, "cycle/workspace.html", context, status=status)


# --- launch -----------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def cycle_launch(request, pk: int, year: int):
    cluster_year, refused = _viewable(request, pk, year)
    if refused:
        return refused
    user = request.user
    launch = selectors.launch_of(cluster_year)
    can_edit = phases.has_role(user, "cycle.edit_launch", cluster_year)
    can_publish = phases.has_role(user, "cycle.publish_launch", cluster_year)
    editable = can(user, "cycle.edit_launch", cluster_year)
    initial = {"title": launch.title, "goals": launch.goals, "items": "\n".join(launch.items)} if launch else {
        "title": _("Phong trào thi đua năm {year} của {cluster}").format(year=year, cluster=cluster_year.cluster.name)}
    form = LaunchForm(request.POST if request.method == "POST" else None, initial=initial)
    context = {
        **_base_context(request, cluster_year), "launch": launch, "form": form, "can_edit": can_edit, "editable": editable,
        "can_publish": can(user, "cycle.publish_launch", cluster_year) and launch is not None
        and not launch.is_published,
        "show_draft": can_edit or can_publish,
        "confirm_publish": confirmations.launch_publish(cluster_year),
    }
    if request.method == "POST":
        if not can_edit:
            return forbidden(request, _("Chỉ đơn vị Cụm trưởng, Cụm phó và cơ quan tổ chức được soạn nội dung phát động."))
        if not form.is_valid():
            return render(request, "cycle/launch.html", context, status=400)
        _result, status = _attempt(
            request, form, lambda: services.launch_save(actor=user, cluster_year=cluster_year, **form.service_data())
        )
        if status:
            return render(request, "cycle/launch.html", context, status=status)
        messages.success(request, _("Đã lưu nội dung phát động."))
        return redirect(year_url("cycle_launch", cluster_year))
    return render(request, "cycle/launch.html", context)


@login_required
@require_POST
def cycle_launch_publish(request, pk: int, year: int):
    cluster_year = _year(request, pk, year)
    if not phases.has_role(request.user, "cycle.publish_launch", cluster_year):
        return forbidden(request, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được công bố nội dung phát động."))
    if not is_confirmed(request):
        return ask(request, confirmations.launch_publish(cluster_year), year_url("cycle_launch", cluster_year))
    try:
        services.launch_publish(actor=request.user, cluster_year=cluster_year)
    except DomainError as exc:
        return _refused(request, cluster_year, exc, "cycle_launch")
    messages.success(request, _("Đã công bố nội dung phát động thi đua năm {year} tới các đơn vị thành viên.").format(year=year))
    return redirect(year_url("cycle_launch", cluster_year))


def _refused(request, cluster_year, exc: DomainError, back: str) -> HttpResponse:
    if isinstance(exc, Forbidden):
        return forbidden(request, exc.message)
    return render(request, "cycle/refused.html", {
        **_base_context(request, cluster_year), "message": exc.message, "back_url": year_url(back, cluster_year),
    }, status=exc.status)


# --- registrations ----------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def cycle_registrations(request, pk: int, year: int):
    cluster_year, refused = _viewable(request, pk, year)
    if refused:
        return refused
    user = request.user
    rows = selectors.registration_rows(cluster_year)
    own = next((r for r in rows if r.membership.unit_id == user.unit_id), None) if user.unit_id else None
    can_register = own is not None and phases.has_role(user, "cycle.register", cluster_year)
    initial = {"titles": own.registration.titles, "commitments": own.registration.commitments} if own and own.registration else None
    form = RegistrationForm(request.POST if request.method == "POST" else None, initial=initial)
    registered = sum(1 for r in rows if r.registration)
    context = {
        **_base_context(request, cluster_year), "rows": rows, "own": own, "form": form, "can_register": can_register,
        "phase_open": phases.phase_allows(cluster_year, "register"), "registered": registered, "total": len(rows),
        "missing": [r for r in rows if not r.registration], "deadline": deadline_of(cluster_year, Phase.LAUNCHED),
        "is_secretariat": phases.has_role(user, "cycle.edit_covenant", cluster_year),
    }
    if request.method == "POST":
        if not can_register:
            return forbidden(request, _("Chỉ cán bộ thi đua của đơn vị thành viên được đăng ký thi đua."))
        if not form.is_valid():
            return render(request, "cycle/registrations.html", context, status=400)
        result, status = _attempt(request, form, lambda: services.registration_submit(
            actor=user, cluster_year=cluster_year, unit=own.membership.unit, titles=form.cleaned_data["titles"],
            commitments=form.cleaned_data["commitments"]))
        if status:
            return render(request, "cycle/registrations.html", context, status=status)
        messages.success(request, _("Đã gửi đăng ký thi đua của {unit}.").format(unit=own.membership.unit.name) if result[1]
                         else _("Đã cập nhật đăng ký thi đua của {unit}.").format(unit=own.membership.unit.name))
        return redirect(year_url("cycle_registrations", cluster_year))
    return render(request, "cycle/registrations.html", context)


# --- the year's rules -------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def cycle_settings(request, pk: int, year: int):
    cluster_year, refused = _viewable(request, pk, year)
    if refused:
        return refused
    user = request.user
    settings = services.year_settings_get(cluster_year)
    can_edit = user.has_perm("cycle.change_settings", cluster_year)
    form = SettingsForm(request.POST if request.method == "POST" else None, settings=settings, deadlines=cluster_year.deadlines or {})
    is_organizer = user.has_perm("org.change_membership", cluster_year.cluster)
    rules_open = phases.phase_allows(cluster_year, "edit_settings_organizer" if is_organizer else "edit_settings_leader")
    if not rules_open:  # only the deadlines can still change: the other fields keep their values
        for name, field in form.fields.items():
            if not name.startswith("deadline_"):
                field.disabled = True
    context = {
        **_base_context(request, cluster_year), "settings": settings, "form": form, "can_edit": can_edit, "rules_open": rules_open,
        "quorum_example": [(n, settings.quorum_count(n)) for n in (7, 9)],
        "cross_label": YearSettings.CrossScoring(settings.cross_scoring).label,
        "aggregation_label": YearSettings.Aggregation(settings.aggregation).label,
        "tie_break_labels": [str(TIE_BREAK_LABELS.get(k, k)) for k in settings.tie_break],
        "deadline_rows": [(Phase(p).label, deadline_of(cluster_year, p)) for p in phases.ORDER],
    }
    if request.method == "POST":
        if not can_edit:
            return forbidden(request, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được sửa quy định của năm."))
        if not form.is_valid():
            return render(request, "cycle/settings.html", context, status=400)
        _result, status = _attempt(request, form, lambda: services.year_rules_update(
            actor=user, cluster_year=cluster_year, changes=form.changes(), deadlines=form.deadlines()))
        if status:
            return render(request, "cycle/settings.html", context, status=status)
        messages.success(request, _("Đã lưu quy định của năm thi đua {year}.").format(year=year))
        return redirect(year_url("cycle_settings", cluster_year))
    return render(request, "cycle/settings.html", context)

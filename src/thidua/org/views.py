"""The organisation pages. Thin: parse the request (forms.py), call a selector or a
service, render. Domain errors become form errors (400 re-render), 403 or 409 pages, never
a 500. A cluster the user may not see answers 404, so that other organizers' clusters do
not leak."""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thidua.core.errors import Conflict, Forbidden, InvalidInput
from thidua.core.http import forbidden

from . import presenters, selectors, services
from .forms import AuditFilterForm, ClusterForm, MembersForm, UnitFilterForm, UnitForm, add_domain_errors, initial_rows, parse_year
from .models import Cluster, Role, Unit
from .panels import cluster_panels, unit_panels
from .rules import is_admin, is_organizer_officer, is_unit_staff

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PAGE_SIZE = 25
PAGE_PARAM = "trang"


def today() -> dt.date:
    """Today in Vietnam, whatever the server's or the user's time zone."""
    return timezone.localdate(timezone=VN_TZ)


# --- helpers ----------------------------------------------------------------------------------
def _page(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get(PAGE_PARAM))


def _int(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def _visible_cluster(request, pk) -> Cluster:
    """The cluster if the user may see it; 404 otherwise (never 403: that would tell
    that the cluster exists)."""
    pk = _int(pk)
    cluster = selectors.clusters_for(request.user).filter(pk=pk).first() if pk is not None else None
    if cluster is None or not request.user.has_perm("org.view_cluster", cluster):
        raise Http404(_("Không tìm thấy cụm."))
    return cluster


def _call_service(request, form, call, template: str, context: dict):
    """Run a service call. Returns (result, None) on success, or (None, response): the form
    again with the domain error (400 invalid input, 409 conflict), or a 403 page."""
    try:
        return call(), None
    except InvalidInput as exc:
        add_domain_errors(form, exc)
        return None, render(request, template, context, status=400)
    except Conflict as exc:
        form.add_error(None, str(exc.message))
        return None, render(request, template, context, status=409)
    except Forbidden as exc:
        return None, forbidden(request, exc.message)


def _bound(request, form_class, **kwargs):
    return form_class(request.POST if request.method == "POST" else None, **kwargs)


# --- dashboard --------------------------------------------------------------------------------
@login_required
@require_GET
def dashboard(request):
    user = request.user
    day = today()
    context = {"today": day, "this_year": day.year}
    if is_unit_staff(user):
        memberships = list(selectors.user_memberships(user))
        current = [m for m in memberships if m.year == day.year]
        shown_year = day.year if current else (memberships[0].year if memberships else None)
        unit = user.unit
        context |= {
            "unit": unit,
            "user_roles": presenters.user_role_labels(user),
            "unit_year": shown_year,
            "unit_year_is_current": bool(current),
            "unit_memberships": current or [m for m in memberships if m.year == shown_year],
            "unit_successor": selectors.unit_successor_on(unit, day) if unit.valid_to and unit.valid_to < day else None,
        }
    if is_organizer_officer(user):
        clusters = list(selectors.cluster_list(user, organizer=user.organizer_id).order_by("kind", "name", "pk"))
        for cluster in clusters:
            cluster.this_year = presenters.year_of_today(cluster.years_desc, day.year)
            cluster.this_leader = presenters.leader_of(cluster.this_year)
            cluster.latest_year = cluster.years_desc[0] if cluster.years_desc else None
            cluster.latest_leader = presenters.leader_of(cluster.latest_year)
        context["organizer_clusters"] = clusters
    if is_admin(user):
        context["counts"] = selectors.org_counts()
    return render(request, "org/dashboard.html", context)


# --- clusters ---------------------------------------------------------------------------------
@login_required
@require_GET
def cluster_list(request):
    q = request.GET.get("q", "").strip()[:100]
    # The selector groups by cluster (year count), which drops the model's default order.
    page = _page(request, selectors.with_latest_leader(selectors.cluster_list(request.user, q=q, with_leaders=False)))
    for cluster in page:
        cluster.latest_year = cluster.years_desc[0] if cluster.years_desc else None
    return render(request, "org/cluster_list.html", {"page": page, "q": q, "can_add": request.user.has_perm("org.add_cluster")})


@login_required
@require_http_methods(["GET", "POST"])
def cluster_create(request):
    if not request.user.has_perm("org.add_cluster"):
        return forbidden(request)
    form = _bound(request, ClusterForm, user=request.user)
    context = {"form": form, "cluster": None}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "org/cluster_form.html", context, status=400)
        organizer = form.cleaned_data.get("organizer") or request.user.organizer
        cluster, failed = _call_service(
            request, form, lambda: services.cluster_create(actor=request.user, organizer=organizer, **form.service_data()),
            "org/cluster_form.html", context,
        )
        if failed:
            return failed
        messages.success(request, _("Đã tạo {name}.").format(name=cluster.name))
        return redirect("cluster_detail", pk=cluster.pk)
    return render(request, "org/cluster_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cluster_edit(request, pk: int):
    cluster = _visible_cluster(request, pk)
    if not request.user.has_perm("org.change_cluster", cluster):
        return forbidden(request)
    form = _bound(request, ClusterForm, user=request.user, instance=cluster)
    context = {"form": form, "cluster": cluster}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "org/cluster_form.html", context, status=400)
        _result, failed = _call_service(
            request, form, lambda: services.cluster_update(actor=request.user, cluster=cluster, data=form.service_data()),
            "org/cluster_form.html", context,
        )
        if failed:
            return failed
        messages.success(request, _("Đã lưu thông tin {name}.").format(name=cluster.name))
        return redirect("cluster_detail", pk=cluster.pk)
    return render(request, "org/cluster_form.html", context)


@login_required
@require_GET
def cluster_detail(request, pk: int):
    cluster = _visible_cluster(request, pk)
    can_edit_members = request.user.has_perm("org.change_membership", cluster)
    new_year = parse_year(request.GET.get("nam_moi"))
    if new_year and can_edit_members:
        return redirect("cluster_year_members", pk=cluster.pk, year=new_year)
    years = selectors.cluster_years_with_leaders(cluster)
    asked = parse_year(request.GET.get("nam"))
    active = next((cy for cy in years if cy.year == asked), years[0] if years else None)
    if active is not None:
        active.progress = presenters.phase_progress(active.phase)
        active.deadline_rows = presenters.deadline_rows(active.deadlines)
        active.members = selectors.year_members(active)
    return render(request, "org/cluster_detail.html", {
        "cluster": cluster,
        "years": years,
        "active": active,
        "timeline": presenters.timeline_items(selectors.leadership_timeline(years)),
        "can_edit": request.user.has_perm("org.change_cluster", cluster),
        "can_edit_members": can_edit_members,
        "suggested_year": max(years[0].year + 1, today().year) if years else today().year,
        "panels": cluster_panels(request, cluster),
    })


@login_required
@require_http_methods(["GET", "POST"])
def cluster_year_members(request, pk: int, year: int):
    cluster = _visible_cluster(request, pk)
    if not request.user.has_perm("org.change_membership", cluster):
        return forbidden(request, _("Chỉ cơ quan tổ chức cụm được cập nhật thành viên."))
    if parse_year(year) is None:
        raise Http404(_("Năm không hợp lệ."))
    cluster_year = selectors.cluster_year_get(cluster, year)
    previous = next((y for y in selectors.cluster_year_numbers(cluster) if y < year), None)
    form = _bound(request, MembersForm)
    context = {
        "cluster": cluster, "year": year, "cluster_year": cluster_year, "previous_year": previous, "form": form,
        "roles": Role.choices, "copied_from": None, "replaced": [],
    }
    if request.method == "POST":
        valid = form.is_valid()
        context["rows"] = form.rows
        if not valid:
            return render(request, "org/cluster_year_members.html", context, status=400)
        _result, failed = _call_service(
            request, form,
            lambda: services.cluster_year_set_members(
                actor=request.user, cluster=cluster, year=year, members=form.cleaned_data["members"], reason=form.cleaned_data["reason"]
            ),
            "org/cluster_year_members.html", context,
        )
        if failed:
            return failed
        messages.success(request, _("Đã cập nhật thành viên {name} năm {year}.").format(name=cluster.name, year=year))
        return redirect(f"{reverse('cluster_detail', args=[cluster.pk])}?nam={year}")
    copy_from = parse_year(request.GET.get("chep"))
    source = selectors.cluster_year_get(cluster, copy_from) if copy_from and copy_from != year else None
    if source is not None:
        units, replaced = selectors.units_carried_over(source, year)
        context |= {"rows": [{"unit": u, "role": Role.MEMBER} for u in units], "copied_from": copy_from, "replaced": replaced}
    else:
        context["rows"] = initial_rows(cluster_year.members) if cluster_year else []
    return render(request, "org/cluster_year_members.html", context)


@login_required
@require_GET
def unit_search(request):
    """HTMX partial of the membership page: the units matching `q` that existed in `year`
    (accent-insensitive), as options to add; with `add=<id>`, the row to append."""
    cluster = _visible_cluster(request, request.GET.get("cluster"))
    if not request.user.has_perm("org.change_membership", cluster):
        return forbidden(request)
    year = parse_year(request.GET.get("year"))
    if year is None:
        return HttpResponse(_("Năm không hợp lệ."), status=400)
    add = request.GET.get("add")
    if add is not None:
        unit = Unit.objects.select_related("province").filter(pk=_int(add)).first() if _int(add) is not None else None
        if unit is None:
            raise Http404(_("Không tìm thấy đơn vị."))
        row = {"unit": unit, "role": Role.MEMBER}
        return render(request, "org/partials/member_row.html", {"row": row, "roles": Role.choices, "year": year})
    q = request.GET.get("q", "").strip()[:100]
    exclude = [pk for pk in (_int(v) for v in request.GET.getlist("unit")) if pk is not None]
    units = selectors.unit_candidates(cluster, year, q=q, exclude_ids=exclude) if q else []
    return render(request, "org/partials/unit_options.html", {"units": units, "q": q, "cluster": cluster, "year": year})


# --- units ------------------------------------------------------------------------------------
@login_required
@require_GET
def unit_list(request):
    form = UnitFilterForm(request.GET)
    filters = form.filters()
    page = _page(request, selectors.unit_list(**filters))
    return render(request, "org/unit_list.html", {
        "form": form, "page": page, "today": today(), "filtered": any(filters.values()),
        "can_add": request.user.has_perm("org.add_unit"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request):
    if not request.user.has_perm("org.add_unit"):
        return forbidden(request)
    form = _bound(request, UnitForm, user=request.user)
    context = {"form": form, "unit": None}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "org/unit_form.html", context, status=400)
        unit, failed = _call_service(
            request, form,
            lambda: services.unit_create(
                actor=request.user, data=form.service_data(), predecessors=form.cleaned_data["predecessors"],
                managed_by=form.cleaned_data.get("managed_by"),
            ),
            "org/unit_form.html", context,
        )
        if failed:
            return failed
        messages.success(request, _("Đã thêm đơn vị {name}.").format(name=unit.name))
        return redirect("unit_detail", pk=unit.pk)
    return render(request, "org/unit_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, pk: int):
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None:
        raise Http404(_("Không tìm thấy đơn vị."))
    if not request.user.has_perm("org.change_unit", unit):
        return forbidden(request, _("Chỉ cơ quan quản lý danh mục của đơn vị được sửa đơn vị này."))
    form = _bound(request, UnitForm, user=request.user, instance=unit)
    context = {"form": form, "unit": unit}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "org/unit_form.html", context, status=400)
        _result, failed = _call_service(
            request, form,
            lambda: services.unit_update(
                actor=request.user, unit=unit, data=form.service_data(), predecessors=form.cleaned_data["predecessors"]
            ),
            "org/unit_form.html", context,
        )
        if failed:
            return failed
        messages.success(request, _("Đã lưu thông tin đơn vị {name}.").format(name=form.cleaned_data["name"]))
        return redirect("unit_detail", pk=unit.pk)
    return render(request, "org/unit_form.html", context)


@login_required
@require_GET
def unit_detail(request, pk: int):
    unit = selectors.unit_detail(pk, with_memberships=False)
    if unit is None:
        raise Http404(_("Không tìm thấy đơn vị."))
    day = today()
    ancestors = selectors.unit_all_predecessors(unit)
    history = selectors.membership_history([unit.pk, *(u.pk for u in ancestors)], request.user)
    return render(request, "org/unit_detail.html", {
        "unit": unit,
        "today": day,
        "ancestors": ancestors,
        "history": [(year, list(items)) for year, items in groupby(history, key=lambda m: m.year)],
        "successor_today": selectors.unit_successor_on(unit, day) if unit.valid_to and unit.valid_to < day else None,
        "can_edit": request.user.has_perm("org.change_unit", unit),
        "panels": unit_panels(request, unit),
    })


# --- audit trail ------------------------------------------------------------------------------
@login_required
@require_GET
def audit_list(request):
    if not request.user.has_perm("org.view_audit"):
        return forbidden(request, _("Chỉ cơ quan tổ chức và quản trị hệ thống được xem nhật ký."))
    form = AuditFilterForm(request.GET, user=request.user, action_labels=presenters.ACTION_LABELS)
    page = _page(request, selectors.audit_events_for(request.user, **form.filters()))
    page.object_list = presenters.describe_events(page.object_list)
    return render(request, "org/audit_list.html", {"form": form, "page": page})


# --- the user's password -----------------------------------------------------------------------
class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's form (old password, the new one twice, the password validators), but the
    change itself is services.user_change_password: audited, and it revokes the user's
    API tokens — Django's form.save() would only set the password."""

    template_name = "core/password_change.html"
    success_url = "/"
    FORM_FIELDS = {"old_password": "old_password", "new_password": "new_password2"}  # the service's names → the form's

    def form_valid(self, form):
        user = self.request.user
        try:
            services.user_change_password(
                actor=user, user=user, old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except InvalidInput as exc:
            for field, field_messages in exc.errors.items():
                form.add_error(self.FORM_FIELDS.get(field), list(field_messages))
            return self.form_invalid(form)
        update_session_auth_hash(self.request, user)  # this browser stays signed in
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return redirect(self.get_success_url())

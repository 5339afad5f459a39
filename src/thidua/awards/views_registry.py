"""Pages of the registry: the national search and its .xlsx export, a cluster year's awards,
the import of past awards (dry run, row report, all-or-nothing apply), a year's discipline
records, the organizer's per-year adjustment of rule parameters, and its lineage policy for
a successor (carry a predecessor's years over, or restart)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.errors import DomainError
from thidua.core.http import XLSX, download, export_name, forbidden, private
from thidua.core.permissions import can
from thidua.cycle.awards import award_choices, award_kinds_by_code
from thidua.cycle.selectors import cluster_year_or_404
from thidua.org.models import Organizer, Province
from thidua.org.presenters import year_url
from thidua.org.rules import is_organizer_officer
from thidua.org.xlsx_import import seal, unseal

from . import adjustments, awards_io, discipline_io, registry, selectors, services
from .models import DisciplineRecord

PAGE_SIZE = 50
IMPORT_SALT = "thidua.awards.import"


def _filters(request) -> dict:
    def number(name):
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() else None

    kind = request.GET.get("kind", "")
    return {
        "organizer": number("organizer"), "year": number("year"), "province": number("province"),
        "kind": kind if kind in award_kinds_by_code() else None, "q": request.GET.get("q", "").strip()[:100] or None,
    }  # fmt: skip


@login_required
@require_GET
def registry_page(request):
    filters = _filters(request)
    page = Paginator(registry.search(request.user, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    kinds = award_kinds_by_code()
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page, "filters": filters, "query": query.urlencode(), "kinds": award_choices(),
        "lines": [{"a": a, "name": kinds[a.award].name if a.award in kinds else a.award} for a in page],
        "this_year": timezone.localdate().year,
        "organizers": Organizer.objects.order_by("name"), "provinces": Province.objects.filter(era="current").order_by("name"),
    }  # fmt: skip
    return render(request, "awards/registry.html", context)


@login_required
@require_GET
def registry_export(request):
    filters = _filters(request)
    title = _("Sổ khen thưởng")
    content = registry.registry_xlsx(registry.search(request.user, **filters), title)
    return download(content, export_name(title, filters["year"] or "", ext="xlsx"), XLSX)


@login_required
@require_GET
def year_awards(request, pk: int, year: int):
    """The awards of the year's members for that year (the cluster page's registry)."""
    cluster_year = cluster_year_or_404(request.user, pk, year)
    if not can(request.user, "cycle.view_year", cluster_year):
        return forbidden(request, _("Chỉ các đơn vị thành viên của năm thi đua và cơ quan tổ chức được xem trang này."))
    units = selectors.cluster_members(cluster_year)
    awards = registry.search(request.user, year=year).filter(unit__in=units)
    kinds = award_kinds_by_code()
    context = {
        "cluster_year": cluster_year, "cluster": cluster_year.cluster, "year": year,
        "lines": [{"award": a, "name": kinds[a.award].name if a.award in kinds else a.award} for a in awards],
    }  # fmt: skip
    return render(request, "awards/year_awards.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def year_discipline(request, pk: int, year: int):
    """A year's discipline records of the members; the organizer adds one at a time."""
    cluster_year = cluster_year_or_404(request.user, pk, year)
    if not can(request.user, "cycle.view_year", cluster_year):
        return forbidden(request, _("Chỉ các đơn vị thành viên của năm thi đua và cơ quan tổ chức được xem trang này."))
    may_edit = can(request.user, "awards.rate_year", cluster_year)
    units = selectors.cluster_members(cluster_year)
    errors: list[str] = []
    if request.method == "GET" and request.GET.get("mau"):
        return download(
            discipline_io.template(cluster_year, units), export_name(cluster_year.cluster.name, year, _("Kỷ luật"), ext="xlsx"), XLSX
        )
    if request.method == "POST" and not may_edit:
        return forbidden(request, _("Chỉ cơ quan tổ chức của cụm được ghi kỷ luật."))
    if request.method == "POST" and "file" in request.FILES:
        # the .xlsx import: every row checked, a file with one broken row saves nothing
        result = discipline_io.read(request.FILES["file"].read(discipline_io.LIMITS.max_file_bytes + 1), units)
        errors = result.errors
        if not errors:
            try:
                n = services.year_discipline_add(actor=request.user, cluster_year=cluster_year, rows=result.rows)
            except DomainError as exc:
                errors = [str(m) for ms in exc.errors.values() for m in ms] or [str(exc.message)]
            else:
                messages.success(request, _("Đã nhập {n} kỷ luật năm {year} từ tệp.").format(n=n, year=year))
                return redirect(year_url("awards_year_discipline", cluster_year))
    elif request.method == "POST":
        unit_id = request.POST.get("unit", "")
        unit = next((u for u in units if str(u.pk) == unit_id), None)
        if unit is None:
            errors.append(_("Chọn một đơn vị thành viên của năm."))
        else:
            try:
                services.discipline_record_add(actor=request.user, unit=unit, year=year, subject=request.POST.get("subject", ""),
                                               note=request.POST.get("note", "").strip()[:2000])  # fmt: skip
            except DomainError as exc:
                errors += [str(m) for ms in exc.errors.values() for m in ms] or [str(exc.message)]
            else:
                messages.success(request, _("Đã ghi kỷ luật của {unit} năm {year}.").format(unit=unit.name, year=year))
                return redirect(year_url("awards_year_discipline", cluster_year))
    context = {
        "cluster_year": cluster_year, "cluster": cluster_year.cluster, "year": year, "units": units, "may_edit": may_edit,
        "records": DisciplineRecord.objects.filter(unit__in=units, year=year).select_related("unit"),
        "subjects": DisciplineRecord.Subject.choices, "errors": errors, "posted": request.POST,
    }  # fmt: skip
    return render(request, "awards/year_discipline.html", context, status=400 if errors else 200)


def _import_page(request, *, plan=None, data=None, error="", status=200):
    context = {"plan": plan, "error": error}
    if plan is not None and data is not None and not plan.applied:
        context.update(seal(request.user.pk, data, IMPORT_SALT))
    return private(render(request, "awards/import.html", context, status=status))


@login_required
@require_http_methods(["GET", "POST"])
def awards_import(request):
    organizer = request.user.organizer if is_organizer_officer(request.user) else None
    if organizer is None or not can(request.user, "awards.record_decision", organizer):
        return forbidden(request, _("Chỉ cán bộ của cơ quan tổ chức được nhập sổ khen thưởng."))
    if request.method == "GET":
        if request.GET.get("mau"):
            return download(awards_io.template_xlsx(), export_name(_("Mẫu nhập sổ khen thưởng"), ext="xlsx"), XLSX)
        return _import_page(request)
    action = request.POST.get("action", "check")
    if action == "check":
        upload = request.FILES.get("file")
        if upload is None or upload.size > awards_io.LIMITS.max_file_bytes:
            return _import_page(request, error=_("Hãy chọn tệp Excel (.xlsx) tối đa 2 MB."), status=400)
        data = upload.read()
        return _import_page(request, plan=awards_io.import_plan(actor=request.user, data=data), data=data)
    data = unseal(request.POST, request.user.pk, IMPORT_SALT, awards_io.LIMITS.max_file_bytes)
    if data is None:
        return _import_page(request, error=_("Phiên kiểm tra đã hết hoặc tệp bị thay đổi: hãy tải tệp lên lại."), status=400)
    if action == "report":
        plan = awards_io.import_plan(actor=request.user, data=data)
        return download(awards_io.report_xlsx(plan), export_name(_("Báo cáo nhập sổ khen thưởng"), ext="xlsx"), XLSX)
    try:
        plan = awards_io.import_apply(actor=request.user, data=data)
    except awards_io.ImportRefused as exc:
        return _import_page(request, plan=exc.plan, data=data, error=str(exc.message), status=400)
    messages.success(request, _("Đã nhập {n} khen thưởng vào sổ.").format(n=len(plan.rows)))
    return _import_page(request, plan=plan)


@login_required
@require_http_methods(["GET", "POST"])
def rule_adjustments(request, year: int):
    organizer = request.user.organizer if is_organizer_officer(request.user) else None
    if organizer is None or not can(request.user, "awards.record_decision", organizer):
        return forbidden(request, _("Chỉ cán bộ của cơ quan tổ chức được điều chỉnh điều kiện khen thưởng."))
    if not services.YEAR_MIN <= year <= services.YEAR_MAX:
        year = timezone.localdate().year
    errors: list[str] = []
    if request.method == "POST":
        key = request.POST.get("key", "")
        award, _sep, rest = key.partition(".")
        rule, _sep, param = rest.partition(".")
        value = request.POST.get("value", "").strip()
        try:
            params = {} if value == "" else {param: int(value) if value.lstrip("-").isdigit() else value}
            adjustments.adjustment_set(actor=request.user, organizer=organizer, year=year, award=award, rule=rule, params=params,
                                       reason=request.POST.get("reason", ""))  # fmt: skip
        except DomainError as exc:
            errors += [str(m) for ms in exc.errors.values() for m in ms] or [str(exc.message)]
        else:
            messages.success(request, _("Đã lưu điều chỉnh năm {year}.").format(year=year))
            return redirect("awards_rule_adjustments", year)
    context = {
        "organizer": organizer, "year": year, "rows": adjustments.adjustable_rows(organizer, year), "errors": errors,
        "catalogue": adjustments.catalogue_rows(organizer, year),
    }  # fmt: skip
    return render(request, "awards/rule_adjustments.html", context, status=400 if errors else 200)


@login_required
@require_POST
def carry_over(request, pk: int):
    """The organizer's lineage policy for a successor (the unit page's award panel): carry a
    predecessor's years over, with a reason, or restart (the default)."""
    from thidua.org.models import Unit
    from thidua.org.selectors import unit_all_predecessors

    unit = get_object_or_404(Unit, pk=pk)
    if not can(request.user, "awards.carry_over", unit):
        return forbidden(request, _("Chỉ cơ quan tổ chức các cụm mà đơn vị tham gia được quyết định kế thừa thành tích."))
    value = request.POST.get("predecessor", "")
    if not value.isdigit():
        return HttpResponseBadRequest(_("Đơn vị tiền thân không hợp lệ."))
    back = reverse("unit_detail", args=[unit.pk])
    predecessor = next((u for u in unit_all_predecessors(unit) if u.pk == int(value)), None)
    if predecessor is None:
        messages.error(request, _("Đơn vị được chọn không phải đơn vị tiền thân của {unit}.").format(unit=unit.name))
        return redirect(back)
    try:
        if request.POST.get("action") == "restart":
            services.lineage_carry_over_remove(actor=request.user, successor=unit, predecessor=predecessor)
            messages.success(request, _("{unit} tính lại từ đầu, không cộng các năm của {p}.").format(unit=unit.name, p=predecessor.name))
        else:
            reason = request.POST.get("reason", "")
            services.lineage_carry_over_set(actor=request.user, successor=unit, predecessor=predecessor, reason=reason)
            messages.success(request, _("{unit} kế thừa thành tích của {p}.").format(unit=unit.name, p=predecessor.name))
    except DomainError as exc:
        for message in [str(m) for ms in exc.errors.values() for m in ms] or [str(exc.message)]:
            messages.error(request, message)
    return redirect(back)

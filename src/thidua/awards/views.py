"""Pages of the awards app: the year's ratings (the organizer enters each member's)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thidua.core.errors import DomainError
from thidua.core.http import XLSX, download, export_name, forbidden
from thidua.core.permissions import can
from thidua.cycle.selectors import cluster_year_or_404
from thidua.org.presenters import year_url

from . import ratings_io, selectors, services
from .models import Rating


@login_required
@require_http_methods(["GET", "POST"])
def year_ratings(request, pk: int, year: int):
    cluster_year = cluster_year_or_404(request.user, pk, year)
    if not can(request.user, "cycle.view_year", cluster_year):
        return forbidden(request, _("Chỉ các đơn vị thành viên của năm thi đua và cơ quan tổ chức được xem trang này."))
    may_edit = can(request.user, "awards.rate_year", cluster_year)
    units = selectors.cluster_members(cluster_year)
    saved = selectors.ratings_of(units, year)
    errors: list[str] = []
    posted = {}
    if request.method == "POST" and not may_edit:
        return forbidden(request, _("Chỉ cơ quan tổ chức của cụm được nhập xếp loại."))
    if request.method == "POST" and "file" in request.FILES:
        # the .xlsx import: every row checked, a file with one broken row saves nothing
        upload = request.FILES["file"]
        result = ratings_io.read_ratings(upload.read(ratings_io.MAX_BYTES + 1), units)
        errors = result.errors
        if not errors:
            try:
                changed = services.year_ratings_set(actor=request.user, cluster_year=cluster_year, ratings=result.ratings)
            except DomainError as exc:
                errors = [m for ms in exc.errors.values() for m in ms]
            else:
                messages.success(request, _("Đã nhập xếp loại năm {year} từ tệp ({n} đơn vị thay đổi).").format(year=year, n=changed))
                return redirect(year_url("awards_year_ratings", cluster_year))
    elif request.method == "POST":
        ratings = {}
        for unit in units:
            value = request.POST.get(f"rating-{unit.pk}", "")
            note = request.POST.get(f"note-{unit.pk}", "").strip()
            posted[unit.pk] = (value, note)
            if value == "":
                continue  # not rated yet: left as it is
            if value not in Rating.values:
                errors.append(_("{unit}: mức xếp loại không hợp lệ.").format(unit=unit.name))
            ratings[unit.pk] = (value, note)
        if not errors:
            try:
                changed = services.year_ratings_set(actor=request.user, cluster_year=cluster_year, ratings=ratings)
            except DomainError as exc:
                errors += [m for ms in exc.errors.values() for m in ms]
            else:
                messages.success(request, _("Đã lưu xếp loại năm {year} ({n} đơn vị thay đổi).").format(year=year, n=changed))
                return redirect(year_url("awards_year_ratings", cluster_year))
    rows = []
    for unit in units:
        row = saved.get(unit.pk)
        value, note = posted.get(unit.pk, (row.rating if row else "", row.note if row else ""))
        rows.append({"unit": unit, "value": value, "note": note, "saved": row})
    context = {
        "cluster_year": cluster_year,
        "cluster": cluster_year.cluster,
        "year": year,
        "rows": rows,
        "choices": Rating.choices,
        "may_edit": may_edit,
        "errors": errors,
        "rated": sum(1 for r in rows if r["saved"]),
        "total": len(rows),
    }
    return render(request, "awards/year_ratings.html", context, status=400 if errors else 200)


@login_required
@require_http_methods(["GET"])
def year_ratings_xlsx(request, pk: int, year: int):
    """The year's ratings as .xlsx: the import's template, filled with what is saved."""
    cluster_year = cluster_year_or_404(request.user, pk, year)
    if not can(request.user, "cycle.view_year", cluster_year):
        return forbidden(request, _("Chỉ các đơn vị thành viên của năm thi đua và cơ quan tổ chức được xem trang này."))
    units = selectors.cluster_members(cluster_year)
    content = ratings_io.ratings_template(cluster_year, units, selectors.ratings_of(units, year))
    return download(content, export_name(cluster_year.cluster.name, year, _("Xếp loại"), ext="xlsx"), XLSX)

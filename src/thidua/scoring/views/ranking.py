"""The ranking with its chart and .xlsx export, and a unit's totals over the years."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from thidua.core.http import XLSX, download, export_name, forbidden
from thidua.cycle.phases import allowed_phases, phase_allows
from thidua.org.models import Phase
from thidua.org.selectors import unit_detail

from .. import arithmetic, exports, presenters, selectors
from ..rules import can
from .base import page_context, refused, year_or_404, year_url


def _ranking_or_refusal(request, cluster_year):
    if not can(request.user, "scoring.view_ranking", cluster_year):
        return None, forbidden(request, _("Chỉ các đơn vị thành viên của năm thi đua và cơ quan tổ chức được xem kết quả xếp hạng."))
    if not phase_allows(cluster_year, "view_ranking"):
        message = _("Kết quả xếp hạng được công bố từ giai đoạn “{phase}”; năm thi đua đang ở giai đoạn “{current}”.").format(
            phase=Phase(allowed_phases("view_ranking")[0]).label, current=Phase(cluster_year.phase).label
        )
        return None, refused(request, cluster_year, message, 409, year_url("scoring_cross_home", cluster_year))
    return selectors.ranking(cluster_year), None


@login_required
@require_GET
def ranking(request, pk: int, year: int):
    cluster_year = year_or_404(request, pk, year)
    result, refusal = _ranking_or_refusal(request, cluster_year)
    if refusal:
        return refusal
    context = page_context(cluster_year, _("Kết quả xếp hạng"), "ranking") | {
        "ranking": result, "lines": presenters.ranking_lines(result), "tie_break": presenters.tie_break_labels(result.rules),
        "aggregation_label": presenters.aggregation_label(result.rules.aggregation),
        "max_label": arithmetic.format_points(presenters.ranking_top(result)),
    }  # fmt: skip
    return render(request, "scoring/ranking.html", context)


@login_required
@require_GET
def ranking_export(request, pk: int, year: int):
    cluster_year = year_or_404(request, pk, year)
    result, refusal = _ranking_or_refusal(request, cluster_year)
    if refusal:
        return refusal
    name = export_name(cluster_year.cluster.name, cluster_year.year, _("Xếp hạng"), ext="xlsx")
    return download(exports.ranking_xlsx(result), name, XLSX)


@login_required
@require_GET
def unit_totals(request, pk: int):
    unit = unit_detail(pk, with_memberships=False) if 0 < pk < 2**63 else None
    if unit is None:
        raise Http404(_("Không tìm thấy đơn vị."))
    return render(request, "scoring/unit_totals.html", presenters.unit_totals_context(request.user, unit))

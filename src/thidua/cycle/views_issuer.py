"""Who issues the cluster's documents (cycle.issuer_settings): every year viewer sees the
setting in force and a preview of how each type's header, number, date line and
signature will read; the leader unit or the organizer change it (others: 403; a year
they cannot see: 404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thidua.core.errors import DomainError, InvalidInput
from thidua.core.http import forbidden
from thidua.core.permissions import can

from .issuer import DOC_TYPES
from .issuer_settings import ISSUED_BY_LABELS, document_issuers_update, issuer_previews
from .tasks import year_url
from .views import _base_context, _refused, _viewable


def _rows(post) -> dict[str, dict]:
    return {
        key: {"issued_by": post.get(f"{key}-issued_by", ""), "on_behalf": post.get(f"{key}-on_behalf") == "on",
              "symbol": post.get(f"{key}-symbol", "")}
        for key in DOC_TYPES if f"{key}-issued_by" in post
    }


@login_required
@require_http_methods(["GET", "POST"])
def cycle_document_issuers(request, pk: int, year: int):
    cluster_year, refused = _viewable(request, pk, year)
    if refused:
        return refused
    can_edit = can(request.user, "cycle.change_document_issuers", cluster_year)
    errors, status, posted = {}, 200, None
    if request.method == "POST":
        if not can_edit:
            return forbidden(request, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được thay đổi cơ quan ban hành văn bản."))
        posted = _rows(request.POST)
        try:
            document_issuers_update(actor=request.user, cluster_year=cluster_year, rows=posted,
                                    this_year_only=request.POST.get("scope") == "year")
        except InvalidInput as exc:
            errors, status = exc.errors or {"__all__": [exc.message]}, 400
        except DomainError as exc:
            return _refused(request, cluster_year, exc, "cycle_document_issuers")
        else:
            messages.success(request, _("Đã lưu cơ quan ban hành văn bản của {cluster}.").format(cluster=cluster_year.cluster.name))
            return redirect(year_url("cycle_document_issuers", cluster_year))
    rows = []
    for preview in issuer_previews(cluster_year):
        spec = DOC_TYPES[preview.key]
        sent = (posted or {}).get(preview.key, {})
        rows.append({
            "p": preview, "choices": [(v, ISSUED_BY_LABELS[v]) for v in spec.allowed],
            "issued_by": sent.get("issued_by", preview.choice.issued_by),
            "on_behalf": sent.get("on_behalf", preview.choice.on_behalf), "symbol": sent.get("symbol", preview.choice.symbol),
            "errors": [*errors.get(f"{preview.key}-issued_by", []), *errors.get(f"{preview.key}-symbol", [])],
        })
    context = {**_base_context(request, cluster_year), "rows": rows, "can_edit": can_edit, "errors": errors,
               "this_year_only": request.POST.get("scope") == "year" if posted is not None else False}
    return render(request, "cycle/document_issuers.html", context, status=status)

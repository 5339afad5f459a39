"""The conference's further documents (voting.documents_more): the delegate's
authorisation, the notice of results, the submission and its list, a proposed unit's
achievement report and the organizer's draft decision — each as an HTML preview, a .docx
and a PDF, for whoever may see the year's vote (a year not visible: 404; a member of the
cluster without the vote's view: 403). A document made for one unit takes it from
`?don-vi=<id>` among the units it may be made for (default: the user's own unit, else
the first); any other unit is 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.cycle import views_documents as numbered_pages
from thidua.documents.responses import format_views
from thidua.org.models import ClusterYear
from thidua.org.rules import unit_year_role

from ..documents_more import DOCUMENTS, unit_choices, unit_symbol
from .base import documents_url, viewable_year


def _unit(request, cluster_year, per_unit: str):
    units = unit_choices(cluster_year, per_unit)
    raw = request.GET.get("don-vi", "")
    if raw:
        if not raw.isdigit():
            raise Http404(_("Không tìm thấy đơn vị."))
        unit = next((u for u in units if u.pk == int(raw)), None)
    else:
        unit = next((u for u in units if u.pk == request.user.unit_id), units[0] if units else None)
    if unit is None:
        raise Http404(_("Không tìm thấy đơn vị."))
    return unit


def _serve(request, pk: int, year: int, kind: str, fmt: str):
    cluster_year, refusal = viewable_year(request, pk, year)
    if refusal:
        return refusal
    spec = DOCUMENTS.get(kind)
    if spec is None:
        raise Http404(_("Không có loại văn bản này."))
    if spec.per_unit:
        # a unit's own document, numbered in its own register (key: the unit)
        unit = _unit(request, cluster_year, spec.per_unit)
        return numbered_pages.serve(request, cluster_year, kind, spec.build(cluster_year, unit), fmt,
                                    spec.filename(cluster_year, unit), key=str(unit.pk))
    # numbered (or previewed with the number it would get) through the year's one flow
    return numbered_pages.serve(request, cluster_year, kind, spec.build(cluster_year), fmt, spec.filename(cluster_year))


def _numbered_spec(request, pk: int, year: int, kind: str):
    """The year, the document and its key in the register's flow (cycle.numbered): a unit's
    own document (an authorisation, an achievement report) for the unit `?don-vi=` names,
    by default the user's own, numbered in that unit's register."""
    cluster_year, refusal = viewable_year(request, pk, year)
    if refusal:
        return None, None, None, "", refusal
    spec = DOCUMENTS.get(kind)
    if spec is None or spec.code is None:  # annexed to another document: no number of its own
        raise Http404(_("Không có loại văn bản này."))
    if spec.per_unit:
        unit = _unit(request, cluster_year, spec.per_unit)
        return cluster_year, spec, spec.build(cluster_year, unit), str(unit.pk), None
    return cluster_year, spec, spec.build(cluster_year), "", None


@login_required
@require_POST
def conference_document_number(request, pk: int, year: int, kind: str):
    cluster_year, spec, document, key, refusal = _numbered_spec(request, pk, year, kind)
    if refusal:
        return refusal
    return numbered_pages.number_post(request, cluster_year, kind, document, spec.title,
                                      documents_url(cluster_year) + "#van-ban", key=key)


@login_required
@require_POST
def conference_document_sign(request, pk: int, year: int, kind: str):
    cluster_year, _spec, document, key, refusal = _numbered_spec(request, pk, year, kind)
    if refusal:
        return refusal
    return numbered_pages.sign_post(request, cluster_year, kind, document, documents_url(cluster_year) + "#van-ban", key=key)


def document_links(request, cluster_year: ClusterYear) -> list[dict]:
    """The links of the conference's documents area (documents/_year_documents.html). A
    delegate's authorisation is offered for the user's own unit only (the page never
    lists every member: tests/voting/test_page_size.py); a proposed unit's report for
    each proposed unit (a handful, by the year's quotas)."""
    user = request.user
    args = [cluster_year.cluster_id, cluster_year.year]
    links = []
    own_units: dict[str, object] = {}
    for slug, spec in DOCUMENTS.items():
        units, empty = None, ""
        if spec.per_unit == "delegate":
            member = unit_year_role(cluster_year, user.unit_id) is not None
            own = user.unit if member else None
            units, empty = ([(own.pk, own.name)] if own else []), _("Do đơn vị thành viên lập cho người biểu quyết của mình.")
            own_units["delegate"] = own
        elif spec.per_unit:
            choices = unit_choices(cluster_year, spec.per_unit)
            units, empty = [(u.pk, u.name) for u in choices], _("Chưa có đơn vị nào được đề nghị.")
            # the user's unit numbers and signs its own (the URLs' default unit is the user's)
            own_units[spec.per_unit] = next((u for u in choices if u.pk == user.unit_id), None)
        link = {"slug": slug, "title": spec.title, "units": units, "empty": empty,
                **{fmt: reverse(f"voting_document_{fmt}", args=[*args, slug]) for fmt in ("preview", "docx", "pdf")}}
        own = own_units.get(spec.per_unit)
        if spec.code is not None and (spec.per_unit is None or own is not None):
            # a unit's own document: numbered and signed by the user's own unit (the URLs'
            # default unit), in its register
            link.update(numbered_pages.numbering(
                request, cluster_year, slug, spec.code, spec.title,
                number_url=reverse("voting_document_number", args=[*args, slug]),
                sign_url=reverse("voting_document_sign", args=[*args, slug]),
                file_url=lambda row: reverse("voting_signed_pdf", args=[*args, row.pk]),
                key=str(own.pk) if own is not None else "",
                register=(own, unit_symbol(own, cluster_year)) if own is not None else None,
            ))
            if own is not None:
                link["numbered_unit"] = own.name
        links.append(link)
    return links


# the preview, .docx and PDF of each document (documents.responses.format_views)
conference_document_preview, conference_document_docx, conference_document_pdf = format_views(_serve)

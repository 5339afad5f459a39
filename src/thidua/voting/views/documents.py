"""The conference's and the vote's documents: the invitation and the conference minutes
(and their numbers in the leader unit's register), the vote-counting minutes, and the
published ballot list. Every download is private (core.http: `Cache-Control: private,
no-store`): they belong to the cluster."""

from __future__ import annotations

import json
from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.core.confirm import ask, is_confirmed
from thidua.core.errors import Conflict, DomainError
from thidua.core.http import JSON, download, export_name, forbidden
from thidua.cycle import views_documents as numbered_pages
from thidua.cycle.documents import with_number_preview
from thidua.documents import views as document_pages
from thidua.documents.numbering import parse_given_number
from thidua.documents.responses import document_response, format_views

from .. import confirmations, documents, presenters, selectors, services
from ..models import Poll
from ..rules import can
from .base import documents_url, poll_url, refused, viewable_poll, viewable_year, year_or_404


def _conference_file(request, pk: int, year: int, build, what: str, fmt: str):
    """The invitation or the minutes as a preview (`?so=`: with the number it would get,
    still a draft), a .docx or a PDF, for whoever may see the year."""
    cluster_year, refusal = viewable_year(request, pk, year)
    if refusal:
        return refusal
    document = build(cluster_year)
    if fmt == "preview" and request.GET.get("so") and document.number.number is None:
        document = with_number_preview(document, request.GET["so"])
    return document_response(document, fmt, documents.docx_filename(what, cluster_year))


INVITATION, MINUTES = "Giấy mời Hội nghị tổng kết", "Biên bản Hội nghị tổng kết"


@login_required
@require_POST
def conference_number(request, pk: int, year: int):
    """Give the invitation or the minutes its number in the leader unit's register."""
    cluster_year = year_or_404(request, pk, year)
    kind = request.POST.get("kind", "")
    # the leader unit or the organizer; the host unit's staff for minutes the host issues (cycle.issuer)
    if not (can(request.user, "voting.manage", cluster_year) or services.may_number_document(request.user, cluster_year, kind)):
        return forbidden(request)
    if kind in ("invitation", "minutes") and not is_confirmed(request):
        return ask(request, confirmations.document_number(cluster_year, kind), documents_url(cluster_year))
    try:
        # the number the leader unit's văn thư gave, or empty for the register's next one
        number = parse_given_number(request.POST.get("number"))
        services.conference_document_issue(actor=request.user, cluster_year=cluster_year, kind=request.POST.get("kind", ""),
                                           number=number)
    except DomainError as exc:
        return refused(request, exc, documents_url(cluster_year))
    return redirect(documents_url(cluster_year))


@login_required
@require_GET
def ballots_json(request, poll_id: int):
    """The published ballot list (voting.md §4) with the digest, to recount and verify."""
    poll, refusal = viewable_poll(request, poll_id)
    if refusal:
        return refusal
    if poll.state != Poll.State.CLOSED:
        return refused(request, Conflict(_("Danh sách phiếu được công bố khi biểu quyết kết thúc.")), poll_url(poll))
    data = presenters.published_list(poll, selectors.candidate_units(poll), selectors.ballots_of(poll))
    content = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    name = export_name(poll.cluster_year.cluster.name, poll.cluster_year.year, _("Danh sách phiếu"), poll.title, ext="json")
    return download(content, name, JSON)


# --- PDF, HTML preview and digital signatures (documents.pdf, documents.signing) ------------------
#: the conference's documents: (page name, builder, file name, the conference's number field)
CONFERENCE_DOCUMENTS = {
    "giay-moi": (documents.invitation_document, "invitation"),
    "bien-ban-hoi-nghi": (documents.conference_minutes_document, "minutes"),
}


def _conference_document(cluster_year, kind: str):
    build, _field = CONFERENCE_DOCUMENTS[kind]
    return build(cluster_year)


def _closed_poll(request, poll_id: int):
    poll, refusal = viewable_poll(request, poll_id)
    if refusal:
        return None, refusal
    if poll.state != Poll.State.CLOSED:
        return None, refused(request, Conflict(_("Biên bản kiểm phiếu được lập khi biểu quyết kết thúc.")), poll_url(poll))
    return poll, None


#: the vote-counting minutes in the year's one numbering flow (cycle.views_documents): one per poll
COUNTING = "bien-ban-kiem-phieu"


def _counting_file(request, poll_id: int, fmt: str):
    poll, refusal = _closed_poll(request, poll_id)
    if refusal:
        return refusal
    return numbered_pages.serve(
        request, poll.cluster_year, COUNTING, documents.counting_minutes_document(poll), fmt,
        documents.docx_filename("Biên bản kiểm phiếu", poll.cluster_year, poll.title), key=str(poll.pk),
    )


@login_required
@require_POST
def counting_minutes_number(request, poll_id: int):
    poll, refusal = _closed_poll(request, poll_id)
    if refusal:
        return refusal
    return numbered_pages.number_post(request, poll.cluster_year, COUNTING, documents.counting_minutes_document(poll),
                                      _("Biên bản kiểm phiếu “{poll}”").format(poll=poll.title), poll_url(poll), key=str(poll.pk))


@login_required
@require_POST
def counting_minutes_sign(request, poll_id: int):
    poll, refusal = _closed_poll(request, poll_id)
    if refusal:
        return refusal
    return numbered_pages.sign_post(request, poll.cluster_year, COUNTING, documents.counting_minutes_document(poll),
                                    poll_url(poll), key=str(poll.pk))


def counting_numbering(request, poll) -> dict:
    """The number and signing box of a closed poll's vote-counting minutes (the poll page)."""
    cluster_year = poll.cluster_year
    conference = services.conference_of(cluster_year)
    return numbered_pages.numbering(
        request, cluster_year, COUNTING, "BB", _("Biên bản kiểm phiếu “{poll}”").format(poll=poll.title),
        number_url=reverse("voting_counting_number", args=[poll.pk]), sign_url=reverse("voting_counting_sign", args=[poll.pk]),
        file_url=lambda row: reverse("voting_signed_pdf", args=[cluster_year.cluster_id, cluster_year.year, row.pk]),
        key=str(poll.pk), host=conference.host_unit,
    )


def conference_signing(request, cluster_year, conference) -> dict:
    """The signing boxes of the invitation and the minutes (the conference's documents page)."""
    return {
        f"{field}_signing": document_pages.signing_context(
            request, cluster_year=cluster_year, kind=kind, issued_document=getattr(conference, field),
            sign_url=reverse("voting_conference_digital_sign", args=[cluster_year.cluster_id, cluster_year.year, kind]),
            file_url=lambda row: reverse("voting_signed_pdf", args=[cluster_year.cluster_id, cluster_year.year, row.pk]),
        )
        for kind, (_build, field) in CONFERENCE_DOCUMENTS.items()
    }


@login_required
@require_POST
def conference_digital_sign(request, pk: int, year: int, kind: str):
    cluster_year, refusal = viewable_year(request, pk, year)
    if refusal:
        return refusal
    if kind not in CONFERENCE_DOCUMENTS:
        raise Http404
    conference = services.conference_of(cluster_year)
    return document_pages.sign_post(
        request, cluster_year=cluster_year, kind=kind, document=_conference_document(cluster_year, kind),
        issued_document=getattr(conference, CONFERENCE_DOCUMENTS[kind][1]), back_url=documents_url(cluster_year),
    )


@login_required
@require_GET
def conference_signed_pdf(request, pk: int, year: int, signed_id: int):
    cluster_year, refusal = viewable_year(request, pk, year)
    if refusal:
        return refusal
    return document_pages.signed_file(cluster_year, signed_id)


# the preview, .docx and PDF of each document (documents.responses.format_views)
invitation_preview, invitation_docx, invitation_pdf = format_views(
    partial(_conference_file, build=documents.invitation_document, what=INVITATION))
minutes_preview, minutes_docx, minutes_pdf = format_views(
    partial(_conference_file, build=documents.conference_minutes_document, what=MINUTES))
counting_minutes_preview, counting_minutes_docx, counting_minutes_pdf = format_views(_counting_file)

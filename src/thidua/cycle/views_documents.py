"""The year's further documents (cycle.documents_more): the regulation, the work
programme, the letter asking for comments and the year-end report, each as an HTML
preview, a .docx and a PDF, for whoever may see the year (others: 404 for a year they
cannot see, 403 otherwise); numbered and signed through one flow (cycle.numbered), which
the conference's documents and the vote-counting minutes use too:

- `serve`: the document as numbered, or previewed with the number it would get (`?so=`);
- `number_post`: the number (confirmation first; the văn thư's or the next one);
- `sign_post`: its PDF signed by the issuing unit's head, once numbered;
- `numbering`: what the page shows (the number, the next one, the forms)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core.confirm import ask, is_confirmed
from thidua.core.errors import Conflict, DomainError, Forbidden
from thidua.core.http import forbidden
from thidua.documents import views as document_pages
from thidua.documents.document import DocumentNumber
from thidua.documents.numbering import can_issue_numbers, parse_given_number
from thidua.documents.numbering import next_number as register_next
from thidua.documents.responses import document_response, format_views
from thidua.org.models import Unit

from .documents import with_number_preview
from .documents_more import DOCUMENTS
from .issuer import document_issuer, register_unit
from .numbered import number_confirmation, numbered_of, with_issued_number, year_document_number_issue
from .tasks import year_url
from .views import _viewable


def signed_kind(kind: str, key: str = "") -> str:
    return f"{kind}-{key}" if key else kind


def serve(request, cluster_year, kind: str, document, fmt: str, filename, *, key: str = ""):
    issued = numbered_of(cluster_year, kind, key)
    if issued is not None:
        document = with_issued_number(document, issued)
    elif fmt == "preview" and request.GET.get("so"):
        document = with_number_preview(document, request.GET["so"])
    return document_response(document, fmt, filename)


def number_post(request, cluster_year, kind: str, document, title: str, back_url: str, *, key: str = ""):
    """The number form of a document's page (the page checked that the user sees the year)."""
    if document.issuer.unit_id is None:
        return document_pages.refused(request, Conflict(_("Văn bản này do {issuer} ban hành: số do văn thư của cơ quan đó cấp, "
                                                          "không cấp trong ThiDua.").format(issuer=document.issuer.name)), back_url)
    if numbered_of(cluster_year, kind, key) is not None:
        return document_pages.refused(request, Conflict(_("Văn bản này đã được cấp số.")), back_url)
    unit = Unit.objects.get(pk=document.issuer.unit_id)
    if not can_issue_numbers(request.user, unit):
        return forbidden(request, _("Bạn không có quyền cấp số văn bản của đơn vị này."))
    if not is_confirmed(request):
        return ask(request, number_confirmation(unit.name, title), back_url)
    try:
        number = parse_given_number(request.POST.get("number"))
        issued = year_document_number_issue(actor=request.user, cluster_year=cluster_year, kind=kind, key=key,
                                            document=document, number=number)
    except Forbidden as exc:
        return forbidden(request, exc.message)
    except DomainError as exc:
        return document_pages.refused(request, exc, back_url)
    messages.success(request, _("Đã cấp số {number} cho {title}.").format(number=issued.document_number, title=title))
    return redirect(back_url)


def sign_post(request, cluster_year, kind: str, document, back_url: str, *, key: str = ""):
    issued = numbered_of(cluster_year, kind, key)
    return document_pages.sign_post(
        request, cluster_year=cluster_year, kind=signed_kind(kind, key), document=with_issued_number(document, issued),
        issued_document=issued, back_url=back_url,
    )


def numbering(request, cluster_year, kind: str, code: str, title: str, *, number_url: str, sign_url: str, file_url,
              key: str = "", host=None, register: tuple[Unit, str] | None = None) -> dict:
    """What a document's entry shows: its number once given (and the signing box), else
    the number its issuer's register would give and, for whoever may give it, the form."""
    issued = numbered_of(cluster_year, kind, key)
    # the signing box shows only once the document has its number (documents/_numbering.html)
    signing = None if issued is None else document_pages.signing_context(
        request, cluster_year=cluster_year, kind=signed_kind(kind, key), issued_document=issued, sign_url=sign_url,
        file_url=file_url)
    out = {"issued": issued, "number_url": number_url, "next": None, "can_number": False, "signing": signing}
    if issued is None and register is not None:
        # a unit's own document (not the cluster's setting): `register` is its unit and symbol
        unit, symbol = register
        out["next"] = DocumentNumber(register_next(unit=unit, doc_type=code, issuer_symbol=symbol,
                                                   year=timezone.localdate().year), code, symbol)
        out["can_number"] = can_issue_numbers(request.user, unit)
        out["confirm"] = number_confirmation(unit.name, title)
    elif issued is None:
        issuer = document_issuer(cluster_year, timezone.localdate(), doc_type=code, host=host)
        if issuer.unit_id is None:
            out["outside"] = _("Số do văn thư của {issuer} cấp.").format(issuer=issuer.name)
        else:
            unit = register_unit(issuer)
            out["next"] = issuer.number(register_next(unit=unit, doc_type=code, issuer_symbol=issuer.symbol,
                                                      year=timezone.localdate().year), code)
            out["can_number"] = can_issue_numbers(request.user, unit)
            out["confirm"] = number_confirmation(unit.name, title)
    return out


def document_links_numbered(request, cluster_year) -> list:
    """The year's documents area with each document's number and signing (cycle pages)."""
    from .documents_more import document_links

    links = document_links(cluster_year)
    for link in links:
        spec = DOCUMENTS[link["slug"]]
        link.update(numbering(
            request, cluster_year, link["slug"], spec.code, spec.title,
            number_url=year_url("cycle_document_number", cluster_year, link["slug"]),
            sign_url=year_url("cycle_document_sign", cluster_year, link["slug"]),
            file_url=lambda row: year_url("cycle_signed_pdf", cluster_year, row.pk),
        ))
    return links


def _spec(kind: str):
    spec = DOCUMENTS.get(kind)
    if spec is None:
        raise Http404(_("Không có loại văn bản này."))
    return spec


def _serve(request, pk: int, year: int, kind: str, fmt: str):
    cluster_year, refused = _viewable(request, pk, year)
    if refused:
        return refused
    spec = _spec(kind)
    return serve(request, cluster_year, kind, spec.build(cluster_year), fmt, spec.filename(cluster_year))


@login_required
@require_POST
def year_document_number(request, pk: int, year: int, kind: str):
    cluster_year, refused = _viewable(request, pk, year)
    if refused:
        return refused
    spec = _spec(kind)
    back = year_url("cycle_plan", cluster_year) + "#van-ban"
    return number_post(request, cluster_year, kind, spec.build(cluster_year), spec.title, back)


@login_required
@require_POST
def year_document_sign(request, pk: int, year: int, kind: str):
    cluster_year, refused = _viewable(request, pk, year)
    if refused:
        return refused
    spec = _spec(kind)
    return sign_post(request, cluster_year, kind, spec.build(cluster_year), year_url("cycle_plan", cluster_year) + "#van-ban")


# the preview, .docx and PDF of each document (documents.responses.format_views)
year_document_preview, year_document_docx, year_document_pdf = format_views(_serve)

"""The documents' own pages: checking an uploaded signed PDF (who signed, when, intact,
trusted), and the pieces the domain apps' document pages share to sign a document's PDF
and list its signed copies (`sign_post`, `signing_context`). The domain apps check who may
see the document before calling these; a signed copy is served only through their pages."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from thidua.core.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound
from thidua.core.http import PDF, download, forbidden, private

from . import signing
from .document import Document
from .models import IssuedDocument


class SignForm(forms.Form):
    certificate = forms.FileField(label=gettext_lazy("Tệp chứng thư số của đơn vị (.p12, .pfx)"))
    passphrase = forms.CharField(label=gettext_lazy("Mật khẩu của chứng thư số"), widget=forms.PasswordInput, strip=False)


class CheckForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp PDF đã ký số"))


def signing_context(request, *, cluster_year, kind: str, issued_document: IssuedDocument | None, sign_url: str, file_url) -> dict:
    """What `documents/_signing.html` shows on a document's page: the signed copies (with
    `file_url(row)` to download each through the page's own checks) and, for the issuing
    unit's head once the document has its number, the form to sign."""
    rows = list(signing.signed_documents_of(cluster_year, kind))
    for row in rows:
        row.url = file_url(row)
    unit = issued_document.unit if issued_document is not None else None
    can_sign = issued_document is not None and signing.can_sign_for(request.user, unit)
    return {
        "signed_copies": rows,
        "sign_url": sign_url,
        "can_sign": can_sign,
        "sign_form": SignForm() if can_sign else None,  # the form shows only to whoever may sign
    }


def sign_post(request, *, cluster_year, kind: str, document: Document, issued_document: IssuedDocument | None, back_url: str):
    """Handle the signing form of a document's page (the page checked that the user sees
    the year): 409 before the document has its number, 403 for anyone but the issuing
    unit's head; then sign and go back to the page with a message (a wrong passphrase or
    certificate is said there; nothing is kept)."""
    if issued_document is None:
        return refused(request, Conflict(_("Văn bản chưa được cấp số: chỉ ký số văn bản đã cấp số.")), back_url)
    if not signing.can_sign_for(request.user, issued_document.unit):
        return forbidden(request, _("Chỉ lãnh đạo đơn vị ban hành được ký số văn bản bằng chứng thư số của đơn vị."))
    form = SignForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn tệp chứng thư số và nhập mật khẩu."))
        return redirect(back_url)
    try:
        row = signing.document_sign(
            actor=request.user, unit=issued_document.unit, cluster_year=cluster_year, kind=kind, document=document,
            issued_document=issued_document, p12=form.cleaned_data["certificate"].read(signing.MAX_P12_BYTES + 1),
            passphrase=form.cleaned_data["passphrase"],
        )
    except Forbidden as exc:
        return forbidden(request, exc.message)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back_url)
    messages.success(request, _("Đã ký số {title}.").format(title=row.title))
    return redirect(back_url)


def refused(request, exc: DomainError, back_url: str):
    return render(request, "documents/refused.html", {"message": exc.message, "back_url": back_url}, status=exc.status)


def signed_file(cluster_year, signed_id: int, kind: str | None = None):
    """The signed copy's download, after the page checked the year: 404 for another year's
    (or another document's) copy."""
    try:
        row = signing.signed_document_of(cluster_year, signed_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if kind is not None and row.kind != kind:
        raise Http404(_("Không tìm thấy văn bản đã ký số."))
    return signing.signed_download(row)


# --- checking uploaded signed PDFs ----------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def signature_checks(request):
    form = CheckForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                row = signing.signature_check_upload(actor=request.user, uploaded=form.cleaned_data["file"])
            except InvalidInput as exc:
                form.add_error("file", exc.message)
                status = 400
            except Forbidden as exc:
                return forbidden(request, exc.message)
            else:
                return redirect("signature_check", pk=row.pk)
        else:
            status = 400
    context = {"form": form, "checks": signing.checks_for(request.user)[:50], "max_mb": signing.max_upload_bytes() // (1024 * 1024)}
    return private(render(request, "documents/signature_checks.html", context, status=status))


@login_required
@require_GET
def signature_check(request, pk: int):
    try:
        row = signing.check_for(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return private(render(request, "documents/signature_check.html", {"check": row, "signatures": _presented(row.signatures)}))


def _presented(reports: list[dict]) -> list[dict]:
    import datetime as dt

    out = []
    for report in reports:
        when = report.get("signed_at")
        out.append({**report, "when": dt.datetime.fromisoformat(when) if when else None})
    return out


@login_required
@require_GET
def signature_check_file(request, pk: int):
    try:
        row = signing.check_for(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    with row.file.open("rb") as handle:
        return download(handle.read(), row.original_name if row.original_name.lower().endswith(".pdf") else f"{row.original_name}.pdf", PDF)

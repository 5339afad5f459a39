"""Digital signatures of the documents' PDFs (PAdES, with pyHanko) and the verification of
signed PDFs uploaded to ThiDua.

Signing: the head of the issuing unit uploads the unit's certificate (PKCS#12: .p12/.pfx)
with its passphrase for each signing; it is used in memory and never stored (decision
0010). The document's PDF is rendered, signed as PAdES B-B (B-T when
`DOCUMENT_SIGNING_TSA_URL` names a time-stamping authority) with a visible stamp where
Decree 30's Appendix I (part II) puts a digital signature: in the signature's place, between
the signer's title and name (the space left for the signature and seal), carrying the
organisation's name and the signing time in ISO 8601 with Vietnam's offset, Times 10 pt,
blue. The signed file is stored under MEDIA_ROOT and recorded (`SignedDocument`), audited.

Verifying: an uploaded PDF (checked by content and size) is read with pyHanko; each
signature is reported — who (certificate subject, organisation), when, whether it is intact
(the signed bytes unchanged), whether the file has been added to after it (incremental
updates) and whether the certificate chains to one of `DOCUMENT_SIGNING_TRUST_ROOTS` (CA
certificate files). Nothing is fetched from the network while verifying."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import hashlib
import io
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import audit_record
from thidua.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from thidua.org.models import ClusterYear, Unit
from thidua.org.rules import is_admin

from .document import Document
from .html import SIGN_HERE_ID
from .models import IssuedDocument, SignatureCheck, SignedDocument
from .pdf import render_layout

logger = logging.getLogger(__name__)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
STAMP_W_PT = 190.0  # about 67 mm: the organisation's name on one or two lines
STAMP_H_PT = 50.0
DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024
MAX_P12_BYTES = 64 * 1024
PX_TO_PT = 0.75  # CSS px (1/96 in) to PDF points (1/72 in)


def max_upload_bytes() -> int:
    return int(getattr(settings, "SIGNED_PDF_MAX_BYTES", DEFAULT_MAX_UPLOAD))


# --- the certificate ---------------------------------------------------------------------------
def _name_attr(name, key: str) -> str:
    value = name.native.get(key, "")
    return ", ".join(value) if isinstance(value, list) else str(value or "")


def certificate_facts(cert) -> dict:
    """What a person reads of a certificate (asn1crypto x509): the subject, the
    organisation (O, else the common name), the issuer, the serial in hex, validity."""
    from cryptography import x509

    subject = cert.subject
    parsed = x509.load_der_x509_certificate(cert.dump())
    return {
        # RFC 4514 ("CN=…, O=…, C=VN"): the notation every certificate tool shows
        "subject": parsed.subject.rfc4514_string(),
        "common_name": _name_attr(subject, "common_name"),
        "organisation": _name_attr(subject, "organization_name") or _name_attr(subject, "common_name"),
        "issuer": parsed.issuer.rfc4514_string(),
        "serial": format(cert.serial_number, "X"),
        "not_after": cert["tbs_certificate"]["validity"]["not_after"].native,
        "not_before": cert["tbs_certificate"]["validity"]["not_before"].native,
    }


def load_signer(p12: bytes, passphrase: str):
    """A pyHanko signer from a PKCS#12 file and its passphrase, or InvalidInput in
    Vietnamese (wrong passphrase, not a PKCS#12 file, expired certificate)."""
    from pyhanko.sign import signers

    if not p12 or len(p12) > MAX_P12_BYTES:
        message = _("Hãy chọn tệp chứng thư số (.p12, .pfx).") if not p12 else _("Tệp chứng thư số quá lớn.")
        raise InvalidInput(message, errors={"certificate": [message]})
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(p12, other_certs=(), passphrase=(passphrase or "").encode() or None)
    except (ValueError, TypeError, OSError) as exc:
        logger.info("PKCS#12 refused: %s", type(exc).__name__)
        signer = None
    if signer is None or signer.signing_cert is None:
        message = _("Không mở được chứng thư số: sai mật khẩu, hoặc tệp không phải chứng thư PKCS#12 (.p12, .pfx).")
        raise InvalidInput(message, errors={"certificate": [message]})
    facts = certificate_facts(signer.signing_cert)
    now = timezone.now()
    if not (facts["not_before"] <= now <= facts["not_after"]):
        start, end = (facts[k].astimezone(VIETNAM).strftime("%d/%m/%Y") for k in ("not_before", "not_after"))
        message = _("Chứng thư số không còn hiệu lực (hiệu lực từ {start} đến {end}).").format(start=start, end=end)
        raise InvalidInput(message, errors={"certificate": [message]})
    return signer


# --- where the stamp goes ----------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class StampPlace:
    page: int  # 0-based
    box: tuple[float, float, float, float]  # x1, y1, x2, y2 in PDF points from the page's lower left


def _find_box(box, element_id: str):
    stack = [box]
    while stack:
        current = stack.pop()
        element = getattr(current, "element", None)
        if element is not None and element.get("id") == element_id:
            return current
        stack.extend(getattr(current, "children", []) or [])
    return None


def stamp_place(layout) -> StampPlace:
    """The issuer's signature space (the element `SIGN_HERE_ID` of the HTML), as laid out by
    WeasyPrint: the stamp is centred in it. Without one (a document with no signature
    block) the stamp goes at the foot of the last page, on the right."""
    pages = layout.pages
    for index in range(len(pages) - 1, -1, -1):
        page = pages[index]
        found = _find_box(page._page_box, SIGN_HERE_ID)
        if found is None:
            continue
        page_h = page.height * PX_TO_PT
        cx = (found.border_box_x() + found.border_width() / 2) * PX_TO_PT
        cy = page_h - (found.border_box_y() + found.border_height() / 2) * PX_TO_PT
        return StampPlace(index, (cx - STAMP_W_PT / 2, cy - STAMP_H_PT / 2, cx + STAMP_W_PT / 2, cy + STAMP_H_PT / 2))
    last = pages[-1]
    width = last.width * PX_TO_PT
    return StampPlace(len(pages) - 1, (width - 57 - STAMP_W_PT, 60, width - 57, 60 + STAMP_H_PT))


STAMP_HTML = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><style>
@page {{ size: {w}pt {h}pt; margin: 0; }}
html, body {{ margin: 0; padding: 0; }}
div {{ box-sizing: border-box; width: {w}pt; height: {h}pt; border: 1pt solid #0033b3; color: #0033b3; padding: 3pt 5pt;
       font-family: "Times New Roman", "Liberation Serif", serif; font-size: 10pt; line-height: 1.2; text-align: left;
       display: flex; flex-direction: column; justify-content: center; }}
p {{ margin: 0; }}
</style></head><body><div>{lines}</div></body></html>"""


def stamp_pdf(text: str) -> bytes:
    """The visible stamp as a one-page PDF of the stamp's size, drawn by WeasyPrint (the
    same Times-metric font with Vietnamese glyphs as the document; pyHanko's own text
    stamps would need HarfBuzz for them)."""
    from django.utils.html import escape

    from .pdf import _weasyprint_html

    lines = "".join(f"<p>{escape(line)}</p>" for line in text.split("\n"))
    return _weasyprint_html()(string=STAMP_HTML.format(w=STAMP_W_PT, h=STAMP_H_PT, lines=lines)).write_pdf()


def _stamp_style(text: str):
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.content import ImportedPdfPage
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.stamp import StaticStampStyle

    class _PdfPageFromBytes(ImportedPdfPage):
        """pyHanko's imported page, read from bytes instead of a file."""

        def __init__(self, data: bytes):
            self.data = data
            super().__init__(file_name=None)

        def render(self) -> bytes:
            import binascii
            import uuid

            xobj = self._ensure_writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self.data)), page_ix=0)
            name = b"/Import" + binascii.hexlify(uuid.uuid4().bytes)
            self.resources.xobject[name.decode("ascii")] = xobj
            x1, y1, x2, y2 = xobj.get_object()["/BBox"]
            self.box = layout.BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
            return name + b" Do"

    return StaticStampStyle(
        background=_PdfPageFromBytes(stamp_pdf(text)),
        background_opacity=1.0,
        border_width=0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID, margins=layout.Margins.uniform(0)
        ),
    )


def stamp_text(organisation: str, when: dt.datetime) -> str:
    """Decree 30, Appendix I, II: the organisation's name and the signing time (date, hour,
    minute, second, Vietnam's offset, ISO 8601)."""
    local = when.astimezone(VIETNAM).replace(microsecond=0)
    return "\n".join([
        _("Ký bởi: {organisation}").format(organisation=organisation),
        _("Thời gian ký: {time}").format(time=local.isoformat()),
    ])


def sign_pdf(pdf: bytes, signer, *, place: StampPlace, organisation: str, when: dt.datetime, reason: str = "", location: str = "") -> bytes:
    """`pdf` signed (PAdES B-B, or B-T with the configured time-stamping authority) with a
    visible stamp at `place`."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers, timestamps

    style = _stamp_style(stamp_text(organisation, when))
    meta = signers.PdfSignatureMetadata(
        field_name="ThiDua-Signature",
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason or None,
        location=location or None,
        use_pades_lta=False,
    )
    tsa_url = getattr(settings, "DOCUMENT_SIGNING_TSA_URL", "")
    timestamper = timestamps.HTTPTimeStamper(tsa_url) if tsa_url else None
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    fields.append_signature_field(writer, fields.SigFieldSpec(sig_field_name="ThiDua-Signature", on_page=place.page, box=place.box))
    pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style, timestamper=timestamper)
    out = _run(lambda: pdf_signer.async_sign_pdf(writer, in_place=False))
    return out.getvalue()


def _run(coroutine_factory):
    """Run one of pyHanko's coroutines to its end from synchronous code. Its own sync
    wrappers call asyncio.run(), which fails where this thread already runs an event loop
    (an ASGI server's thread, a browser driver); then the coroutine runs in a thread of
    its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine_factory())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine_factory())).result()


# --- verification --------------------------------------------------------------------------------
def trust_roots() -> list:
    """The CA certificates (PEM or DER files) listed in `DOCUMENT_SIGNING_TRUST_ROOTS`."""
    from pyhanko.keys import load_certs_from_pemder

    paths = getattr(settings, "DOCUMENT_SIGNING_TRUST_ROOTS", []) or []
    return list(load_certs_from_pemder(list(paths))) if paths else []


COVERAGE_TEXT = {
    "ENTIRE_FILE": "Chữ ký bao trùm toàn bộ tệp.",
    "ENTIRE_REVISION": "Tệp có phần được bổ sung sau khi ký (cập nhật gia tăng).",
}


def _signature_report(embedded, roots) -> dict:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    status = _run(lambda: async_validate_pdf_signature(embedded, context))
    facts = certificate_facts(status.signing_cert)
    intact = bool(status.intact and status.valid)
    whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    modification = status.modification_level
    modified_after = not whole_file
    trusted = bool(intact and status.trusted)
    when = status.signer_reported_dt
    ts = status.timestamp_validity
    if ts is not None and ts.intact and ts.valid:
        when = ts.timestamp
    if not intact:
        verdict = SignatureCheck.Verdict.BROKEN
        message = _("Chữ ký không hợp lệ: nội dung văn bản đã bị thay đổi sau khi ký.")
    elif modified_after and (
        status.coverage < SignatureCoverageLevel.ENTIRE_REVISION
        or (modification is not None and modification > ModificationLevel.FORM_FILLING)
    ):
        verdict = SignatureCheck.Verdict.MODIFIED
        message = _("Chữ ký còn nguyên vẹn với phần đã ký, nhưng tệp đã bị bổ sung, sửa đổi sau khi ký.")
    elif not trusted:
        verdict = SignatureCheck.Verdict.UNTRUSTED
        message = _("Chữ ký toàn vẹn nhưng chưa xác minh được nguồn cấp chứng thư.")
    else:
        verdict = SignatureCheck.Verdict.TRUSTED
        message = _("Chữ ký hợp lệ: văn bản không bị thay đổi sau khi ký, chứng thư do tổ chức tin cậy cấp.")
    if intact and modified_after and verdict != SignatureCheck.Verdict.MODIFIED:
        message += " " + _("Sau khi ký, tệp có phần được bổ sung (cập nhật gia tăng) không làm thay đổi nội dung đã ký.")
    return {
        "field": embedded.field_name,
        "verdict": verdict,
        "message": message,
        "subject": facts["subject"],
        "common_name": facts["common_name"],
        "organisation": facts["organisation"],
        "issuer": facts["issuer"],
        "serial": facts["serial"],
        "signed_at": when.isoformat() if when else None,
        "timestamped": ts is not None,
        "intact": intact,
        "trusted": trusted,
        "whole_file": whole_file,
        "modified_after": modified_after,
        "modification": modification.name if modification is not None else None,
    }


#: worst first: the file's verdict is its worst signature's
VERDICT_ORDER = [
    SignatureCheck.Verdict.BROKEN,
    SignatureCheck.Verdict.MODIFIED,
    SignatureCheck.Verdict.UNTRUSTED,
    SignatureCheck.Verdict.TRUSTED,
]


def verify_pdf(data: bytes, roots: list | None = None) -> tuple[str, list[dict]]:
    """(the file's verdict, one report per signature). InvalidInput when `data` is not a
    PDF pyHanko can read."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    roots = trust_roots() if roots is None else roots
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError) as exc:
        logger.info("Unreadable PDF: %s", type(exc).__name__)
        raise InvalidInput(_("Không đọc được tệp PDF."), errors={"file": [_("Không đọc được tệp PDF.")]}) from exc
    if not embedded:
        return SignatureCheck.Verdict.UNSIGNED, []
    reports = []
    for sig in embedded:
        try:
            reports.append(_signature_report(sig, roots))
        except Exception as exc:
            logger.info("Signature not verifiable: %s", type(exc).__name__)
            reports.append({
                "field": getattr(sig, "field_name", ""), "verdict": SignatureCheck.Verdict.BROKEN,
                "message": _("Không kiểm tra được chữ ký này: dữ liệu chữ ký bị hỏng."), "subject": "", "common_name": "",
                "organisation": "", "issuer": "", "serial": "", "signed_at": None, "timestamped": False, "intact": False,
                "trusted": False, "whole_file": False, "modified_after": False, "modification": None,
            })
    verdict = min((r["verdict"] for r in reports), key=VERDICT_ORDER.index)
    return verdict, reports


# --- services ------------------------------------------------------------------------------------
def can_sign_for(user, unit: Unit | None) -> bool:
    """Only the unit's head signs with the unit's certificate."""
    return bool(unit is not None and user is not None and user.is_authenticated and user.unit_id == unit.pk and user.is_unit_head)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def document_sign(
    *, actor, unit: Unit, cluster_year: ClusterYear, kind: str, document: Document,
    issued_document: IssuedDocument | None, p12: bytes, passphrase: str, title: str = "",
) -> SignedDocument:
    """Sign `document`'s PDF with `unit`'s certificate (given for this signing only) and
    keep the signed file. Only the unit's head; only an issued (numbered) document."""
    if not can_sign_for(actor, unit):
        raise Forbidden(_("Chỉ lãnh đạo đơn vị ban hành được ký số văn bản bằng chứng thư số của đơn vị."))
    if document.is_draft or issued_document is None:
        raise Conflict(_("Văn bản chưa được cấp số: chỉ ký số văn bản đã cấp số."))
    signer = load_signer(p12, passphrase)
    facts = certificate_facts(signer.signing_cert)
    when = timezone.now()
    layout = render_layout(document)
    place = stamp_place(layout)
    signed = sign_pdf(
        layout.write_pdf(), signer, place=place, organisation=unit.name, when=when,
        reason=title or f"{document.type_title} {document.number}", location=document.place,
    )
    digest = _sha256(signed)
    title = title or f"{(document.type_title or 'Công văn').capitalize()} số {document.number}"
    with transaction.atomic():
        row = SignedDocument(
            cluster_year=cluster_year, kind=kind, issued_document=issued_document, title=title[:300], unit=unit,
            signed_by=actor, signed_at=when, certificate_subject=facts["subject"][:500], certificate_issuer=facts["issuer"][:500],
            certificate_serial=facts["serial"][:100], timestamped=bool(getattr(settings, "DOCUMENT_SIGNING_TSA_URL", "")), sha256=digest,
        )
        row.file.save(f"{digest}.pdf", ContentFile(signed), save=False)
        row.save()
        audit_record(
            actor=actor, action="document.sign", obj=row, cluster_id=cluster_year.cluster_id,
            organizer_id=cluster_year.cluster.organizer_id,
            after={"kind": kind, "title": row.title, "unit": unit.pk, "issued_document": getattr(issued_document, "pk", None),
                   "certificate_subject": row.certificate_subject, "certificate_serial": row.certificate_serial, "sha256": digest},
        )
    return row


def signed_documents_of(cluster_year: ClusterYear, kind: str) -> list[SignedDocument]:
    """The signed copies of one of the year's documents, newest first. One query per
    request for all of the year's documents (a page may show several)."""
    from thidua.core.memo import memoized

    rows = memoized(
        ("documents.signed_of_year", cluster_year.pk),
        lambda: list(SignedDocument.objects.filter(cluster_year=cluster_year).select_related("unit")),
    )
    return [row for row in rows if row.kind == kind]


def signed_document_of(cluster_year: ClusterYear, pk: int) -> SignedDocument:
    """A signed document of this year (the caller checked the year is visible): 404 for any
    other year's, so that their existence does not leak."""
    row = SignedDocument.objects.filter(cluster_year=cluster_year, pk=pk).first()
    if row is None:
        raise NotFound(_("Không tìm thấy văn bản đã ký số."))
    return row


def signed_download(row: SignedDocument):
    from thidua.core.http import PDF, download

    with row.file.open("rb") as handle:
        data = handle.read()
    return download(data, f"{row.kind}-{row.pk}-ky-so.pdf", PDF)


def _is_pdf(head: bytes) -> bool:
    return head.lstrip(b"\r\n\t ")[:5] == b"%PDF-"


def pdf_upload_bytes(uploaded) -> bytes:
    """An uploaded signed PDF's bytes, checked by content: a PDF ("%PDF-"), at most
    `SIGNED_PDF_MAX_BYTES`. InvalidInput (on `file`) otherwise."""
    if uploaded is None:
        raise InvalidInput(_("Hãy chọn tệp PDF đã ký số."), errors={"file": [_("Hãy chọn tệp PDF đã ký số.")]})
    limit = max_upload_bytes()
    if (uploaded.size or 0) > limit:
        message = _("Tệp lớn quá {size} MB.").format(size=limit // (1024 * 1024))
        raise InvalidInput(message, errors={"file": [message]})
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        message = _("Tệp lớn quá {size} MB.").format(size=limit // (1024 * 1024))
        raise InvalidInput(message, errors={"file": [message]})
    if not _is_pdf(data[:1024]):
        message = _("Tệp không phải PDF (nội dung tệp không bắt đầu bằng %PDF).")
        raise InvalidInput(message, errors={"file": [message]})
    return data


def signature_check_upload(*, actor, uploaded) -> SignatureCheck:
    """Verify an uploaded signed PDF and keep it with what was found. The file is checked
    by its content (a PDF, at most `SIGNED_PDF_MAX_BYTES`); nothing is saved otherwise."""
    if actor is None or not actor.is_authenticated:
        raise Forbidden(_("Hãy đăng nhập để kiểm tra chữ ký số."))
    data = pdf_upload_bytes(uploaded)
    verdict, reports = verify_pdf(data)
    name = Path((uploaded.name or "tep.pdf").replace("\\", "/")).name[:255] or "tep.pdf"
    digest = _sha256(data)
    with transaction.atomic():
        row = SignatureCheck(
            unit=getattr(actor, "unit", None), uploaded_by=actor, original_name=name, size=len(data), sha256=digest,
            verdict=verdict, signatures=reports,
        )
        row.file.save(f"{digest}.pdf", ContentFile(data), save=False)
        row.save()
        unit = row.unit
        audit_record(
            actor=actor, action="document.signature_check", obj=row, organizer_id=getattr(unit, "managed_by_id", None),
            after={"name": name, "sha256": digest, "verdict": verdict,
                   "signers": [r["subject"] for r in reports], "intact": [r["intact"] for r in reports]},
        )
    return row


def checks_for(user):
    """The signature checks a user sees: their unit's (their own without a unit; all for
    the system admin)."""
    qs = SignatureCheck.objects.select_related("uploaded_by", "unit")
    if is_admin(user):
        return qs
    if getattr(user, "unit_id", None):
        return qs.filter(unit_id=user.unit_id)
    return qs.filter(uploaded_by=user, unit__isnull=True)


def check_for(user, pk: int) -> SignatureCheck:
    row = checks_for(user).filter(pk=pk).first()
    if row is None:
        raise NotFound(_("Không tìm thấy kết quả kiểm tra chữ ký."))
    return row

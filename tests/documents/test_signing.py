"""Digital signatures (PAdES, pyHanko) with a test CA made here: a document's PDF signed
with a unit's certificate verifies as intact and trusted (with the test CA as trust root),
intact but untraced without it; a byte changed after signing and a later incremental update
are reported; signing from the pages (only the issuing unit's head, only a numbered
document, the certificate never kept); checking uploaded PDFs (by content, size limit,
stored, audited, seen only by the uploader's unit)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.cycle.conftest import covenant_phase, set_phase
from tests.documents.pki import PASSPHRASE, make_ca, make_signer_p12
from thidua.core.audit import AuditEvent
from thidua.core.errors import Conflict, Forbidden, InvalidInput
from thidua.cycle import services as cycle_services
from thidua.cycle.documents import plan_document
from thidua.documents import signing
from thidua.documents.models import SignatureCheck, SignedDocument
from thidua.documents.pdf import render_layout, render_pdf
from thidua.documents.samples import plan_91_kh_ctd
from thidua.org.models import Phase

UNIT = "Sở Ngoại vụ tỉnh Quảng Nam"


@pytest.fixture(scope="module")
def ca():
    return make_ca()


@pytest.fixture(scope="module")
def p12(ca):
    return make_signer_p12(ca, UNIT, "Trần Văn Minh")[0]


@pytest.fixture(scope="module")
def roots(ca):
    from asn1crypto import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    return [x509.Certificate.load(ca.cert.public_bytes(Encoding.DER))]


@pytest.fixture(scope="module")
def signed(p12):
    layout = render_layout(plan_91_kh_ctd())
    signer = signing.load_signer(p12, PASSPHRASE)
    return signing.sign_pdf(layout.write_pdf(), signer, place=signing.stamp_place(layout), organisation=UNIT, when=timezone.now())


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def trust_the_test_ca(settings, tmp_path, ca) -> None:
    path = tmp_path / "test-root-ca.pem"
    path.write_bytes(ca.pem)
    settings.DOCUMENT_SIGNING_TRUST_ROOTS = [str(path)]


def test_signing_and_verifying_work_where_an_event_loop_runs(p12, roots):
    """An ASGI server's thread or a browser driver runs an event loop; pyHanko's own sync
    wrappers (asyncio.run) fail there, so signing.py runs its coroutines apart."""
    import asyncio

    async def inside_a_loop():
        layout = render_layout(plan_91_kh_ctd())
        signer = signing.load_signer(p12, PASSPHRASE)
        pdf = signing.sign_pdf(layout.write_pdf(), signer, place=signing.stamp_place(layout), organisation=UNIT, when=timezone.now())
        return signing.verify_pdf(pdf, roots)[0]

    assert asyncio.run(inside_a_loop()) == SignatureCheck.Verdict.TRUSTED


def stored_files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


# --- signing and verifying -------------------------------------------------------------------------
def test_a_signed_pdf_is_intact_and_trusted_with_the_test_ca_as_root(signed, roots):
    verdict, [report] = signing.verify_pdf(signed, roots)
    assert verdict == SignatureCheck.Verdict.TRUSTED
    assert report["intact"] and report["trusted"] and report["whole_file"] and not report["modified_after"]
    assert report["organisation"] == UNIT and report["common_name"] == "Trần Văn Minh"
    assert "ThiDua Test Root CA" in report["issuer"]
    assert dt.datetime.fromisoformat(report["signed_at"]).utcoffset() is not None


def test_without_a_trusted_root_the_signature_is_intact_but_its_source_unverified(signed):
    verdict, [report] = signing.verify_pdf(signed, [])
    assert verdict == SignatureCheck.Verdict.UNTRUSTED
    assert report["intact"] and not report["trusted"]
    assert report["message"] == "Chữ ký toàn vẹn nhưng chưa xác minh được nguồn cấp chứng thư."


def test_another_ca_is_not_a_trusted_root(signed):
    from asn1crypto import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    stranger = x509.Certificate.load(make_ca("Another CA").cert.public_bytes(Encoding.DER))
    assert signing.verify_pdf(signed, [stranger])[0] == SignatureCheck.Verdict.UNTRUSTED


def test_a_byte_changed_after_signing_is_detected(signed, roots):
    # Change one character of the page content that the signature covers: a digit of the
    # document's text stream is not enough to find reliably, so flip a byte in the middle of
    # the first revision (well before the signature's own dictionary).
    tampered = bytearray(signed)
    position = len(signed) // 4
    tampered[position] = tampered[position] ^ 0x01
    verdict, [report] = signing.verify_pdf(bytes(tampered), roots)
    assert verdict == SignatureCheck.Verdict.BROKEN
    assert not report["intact"] and not report["trusted"]
    assert "bị thay đổi sau khi ký" in report["message"]


def test_an_incremental_update_after_signing_is_reported(signed, roots):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Rotate"] = generic.NumberObject(90)  # a visible change to the signed page
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    verdict, [report] = signing.verify_pdf(out.getvalue(), roots)
    assert report["intact"]  # the signed revision itself is unchanged…
    assert report["modified_after"] and not report["whole_file"]  # …but the file was added to
    assert verdict == SignatureCheck.Verdict.MODIFIED
    assert "sửa đổi sau khi ký" in report["message"]


def test_the_visible_stamp_is_in_the_issuers_signature_space_of_the_last_page(signed):
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(signed))
    [embedded] = reader.embedded_signatures
    widget = embedded.sig_field
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    page = widget["/P"].get_object()
    box = page["/MediaBox"]
    width, height = float(box[2]), float(box[3])
    # the right-hand signature (TM. CỤM THI ĐUA SỐ 3 / CỤM TRƯỞNG), between its title and name
    assert x1 > width / 2 - 10 and x2 < width
    layout = render_layout(plan_91_kh_ctd())
    place = signing.stamp_place(layout)
    assert (x1, y1, x2, y2) == pytest.approx(place.box, abs=0.5)
    assert 0 < y1 < y2 < height
    # on the page of the signatures (the last of the body)
    assert place.page == len(layout.pages) - 1 and len(reader.root["/Pages"]["/Kids"]) == len(layout.pages)


def test_the_stamp_says_the_organisation_and_the_time_in_iso_8601_with_vietnams_offset():
    when = dt.datetime(2026, 11, 28, 3, 4, 5, tzinfo=dt.UTC)
    assert signing.stamp_text(UNIT, when) == f"Ký bởi: {UNIT}\nThời gian ký: 2026-11-28T10:04:05+07:00"


def test_wrong_passphrase_garbage_and_expired_certificates_are_refused(p12, ca):
    with pytest.raises(InvalidInput, match="sai mật khẩu"):
        signing.load_signer(p12, "sai")
    with pytest.raises(InvalidInput, match="PKCS#12"):
        signing.load_signer(b"%PDF-1.7 not a certificate", PASSPHRASE)
    with pytest.raises(InvalidInput, match="chứng thư số"):
        signing.load_signer(b"", PASSPHRASE)
    expired, _cert = make_signer_p12(ca, UNIT, expired=True)
    with pytest.raises(InvalidInput, match="không còn hiệu lực"):
        signing.load_signer(expired, PASSPHRASE)


def test_an_unsigned_pdf_and_a_broken_file():
    assert signing.verify_pdf(render_pdf(plan_91_kh_ctd()), []) == (SignatureCheck.Verdict.UNSIGNED, [])
    with pytest.raises(InvalidInput):
        signing.verify_pdf(b"%PDF-1.7\nthis is not really a PDF", [])


# --- signing from the pages ------------------------------------------------------------------------
@pytest.fixture
def plan(world):
    set_phase(world, Phase.IN_PROGRESS)
    return cycle_services.conference_plan_issue(actor=world.leader_head, cluster_year=world.cluster_year, date=dt.date(2026, 11, 23))


def sign_form(p12: bytes, passphrase: str = PASSPHRASE) -> dict:
    return {"certificate": SimpleUploadedFile("don-vi.p12", p12, "application/x-pkcs12"), "passphrase": passphrase}


@pytest.mark.django_db
class TestSigningFromThePage:
    def test_the_leader_units_head_signs_the_plan_and_members_download_it(self, world, plan, ca, client_for, settings, tmp_path, media):
        unit_p12, cert = make_signer_p12(ca, world.leader_unit.name, world.leader_head.full_name or "Giám đốc")
        client = client_for(world.leader_head)
        page = client.get(reverse("cycle_plan", args=[world.cluster.pk, 2026])).content.decode()
        assert reverse("cycle_plan_digital_sign", args=[world.cluster.pk, 2026]) in page  # the head sees the form
        response = client.post(reverse("cycle_plan_digital_sign", args=[world.cluster.pk, 2026]), sign_form(unit_p12))
        assert response.status_code == 302
        row = SignedDocument.objects.get()
        assert (row.kind, row.unit, row.signed_by) == ("ke-hoach", world.leader_unit, world.leader_head)
        assert row.issued_document == plan.issued_document
        assert row.title == f"Kế hoạch số 01/KH-{world.leader_unit.symbol}"
        assert row.certificate_serial == format(cert.serial_number, "X") and world.leader_unit.name in row.certificate_subject
        data = row.file.read()
        assert hashlib.sha256(data).hexdigest() == row.sha256
        event = AuditEvent.objects.filter(action="document.sign").get()
        assert event.after["sha256"] == row.sha256 and event.after["certificate_serial"] == row.certificate_serial
        # the certificate and its passphrase are not kept anywhere
        assert all(f.read_bytes() != unit_p12 for f in stored_files(media))
        assert PASSPHRASE not in str(event.after)
        # a member of the cluster downloads the signed copy from the plan's page
        member = client_for(world.member_officer)
        page = member.get(reverse("cycle_plan", args=[world.cluster.pk, 2026])).content.decode()
        url = reverse("cycle_signed_pdf", args=[world.cluster.pk, 2026, row.pk])
        assert url in page and reverse("cycle_plan_digital_sign", args=[world.cluster.pk, 2026]) not in page
        response = member.get(url)
        assert response.status_code == 200 and response["Cache-Control"] == "private, no-store" and response.content == data
        trust_the_test_ca(settings, tmp_path, ca)
        verdict, [report] = signing.verify_pdf(data)
        assert verdict == SignatureCheck.Verdict.TRUSTED and report["organisation"] == world.leader_unit.name

    def test_only_the_head_of_the_issuing_unit_signs(self, world, plan, p12, client_for, media):
        url = reverse("cycle_plan_digital_sign", args=[world.cluster.pk, 2026])
        for user in (world.leader_officer, world.member_head, world.organizer_officer, world.admin):
            response = client_for(user).post(url, sign_form(p12))
            assert response.status_code == 403, user
        assert client_for(world.outside_officer).post(url, sign_form(p12)).status_code == 404
        assert not SignedDocument.objects.exists() and not stored_files(media)
        with pytest.raises(Forbidden):
            signing.document_sign(actor=world.member_head, unit=world.leader_unit, cluster_year=world.cluster_year, kind="ke-hoach",
                                  document=plan_document(plan), issued_document=plan.issued_document, p12=p12, passphrase=PASSPHRASE)

    def test_a_wrong_passphrase_is_said_and_nothing_is_saved(self, world, plan, p12, client_for, media):
        client = client_for(world.leader_head)
        response = client.post(reverse("cycle_plan_digital_sign", args=[world.cluster.pk, 2026]), sign_form(p12, "sai"), follow=True)
        assert "sai mật khẩu" in response.content.decode()
        assert not SignedDocument.objects.exists() and not stored_files(media)

    def test_an_unnumbered_document_is_not_signed(self, world, p12, client_for, media):
        covenant_phase(world)
        response = client_for(world.leader_head).post(reverse("cycle_covenant_digital_sign", args=[world.cluster.pk, 2026]),
                                                      sign_form(p12))
        assert response.status_code == 409 and "chưa được cấp số" in response.content.decode()
        assert not SignedDocument.objects.exists()
        from thidua.cycle.documents import covenant_document

        with pytest.raises(Conflict):
            signing.document_sign(actor=world.leader_head, unit=world.leader_unit, cluster_year=world.cluster_year, kind="giao-uoc",
                                  document=covenant_document(world.cluster_year), issued_document=None, p12=p12, passphrase=PASSPHRASE)

    def test_another_clusters_signed_file_is_404(self, world, plan, p12, client_for):
        signing.document_sign(actor=world.leader_head, unit=world.leader_unit, cluster_year=world.cluster_year, kind="ke-hoach",
                              document=plan_document(plan), issued_document=plan.issued_document, p12=p12, passphrase=PASSPHRASE)
        row = SignedDocument.objects.get()
        url = reverse("cycle_signed_pdf", args=[world.cluster.pk, 2026, row.pk])
        assert client_for(world.outside_officer).get(url).status_code == 404
        assert client_for(world.other_organizer_officer).get(url).status_code == 404
        # under another year's address (one its user may see), the file is not found either
        other = reverse("cycle_signed_pdf", args=[world.other_cluster.pk, world.other_cluster_year.year, row.pk])
        assert client_for(world.outside_officer).get(other).status_code == 404
        assert client_for(world.member_officer).get(url).status_code == 200

    def test_the_conference_invitation_is_signed_from_the_conference_documents_page(self, world, ca, client_for):
        from tests.voting.conftest import build_electorate
        from thidua.voting import services as voting_services

        e = build_electorate(3)
        voting_services.conference_document_issue(actor=e.leader_officer, cluster_year=e.cluster_year, kind="invitation")
        head = e.heads[0]
        unit_p12, _cert = make_signer_p12(ca, e.units[0].name)
        client = client_for(head)
        url = reverse("voting_conference_digital_sign", args=[e.cluster.pk, 2026, "giay-moi"])
        assert url in client.get(reverse("voting_conference_documents", args=[e.cluster.pk, 2026])).content.decode()
        response = client.post(url, sign_form(unit_p12))
        assert response.status_code == 302 and response["Location"] == reverse("voting_conference_documents", args=[e.cluster.pk, 2026])
        row = SignedDocument.objects.get()
        assert row.kind == "giay-moi" and row.title.startswith("Giấy mời số ")
        # the minutes have no number yet: refused
        minutes = reverse("voting_conference_digital_sign", args=[e.cluster.pk, 2026, "bien-ban-hoi-nghi"])
        assert client.post(minutes, sign_form(unit_p12)).status_code == 409
        assert SignedDocument.objects.count() == 1
        unknown = reverse("voting_conference_digital_sign", args=[e.cluster.pk, 2026, "khac"])
        assert client.post(unknown, sign_form(unit_p12)).status_code == 404
        file_url = reverse("voting_signed_pdf", args=[e.cluster.pk, 2026, row.pk])
        assert client_for(e.officers[2]).get(file_url).content.startswith(b"%PDF-")
        assert client_for(world.member_officer).get(file_url).status_code == 404


# --- checking uploaded signed PDFs -----------------------------------------------------------------
@pytest.mark.django_db
class TestCheckingUploads:
    def upload(self, client, data: bytes, name: str = "quyet-dinh.pdf"):
        return client.post(reverse("signature_checks"), {"file": SimpleUploadedFile(name, data, "application/pdf")})

    def test_a_member_checks_a_signed_decision(self, world, signed, ca, client_for, settings, tmp_path):
        trust_the_test_ca(settings, tmp_path, ca)
        client = client_for(world.member_officer)
        response = self.upload(client, signed)
        assert response.status_code == 302
        check = SignatureCheck.objects.get()
        assert response["Location"] == reverse("signature_check", args=[check.pk])
        assert (check.unit, check.uploaded_by, check.verdict) == (world.member_unit, world.member_officer, "trusted")
        assert check.sha256 == hashlib.sha256(signed).hexdigest() and check.file.read() == signed
        page = client.get(response["Location"])
        assert page["Cache-Control"] == "private, no-store"
        html = page.content.decode()
        assert UNIT in html and "Trần Văn Minh" in html and "Chữ ký hợp lệ" in html and "Chữ ký bao trùm toàn bộ tệp" in html
        event = AuditEvent.objects.get(action="document.signature_check")
        assert event.after["verdict"] == "trusted" and event.after["sha256"] == check.sha256
        # a colleague of the same unit sees it; another unit does not know it exists
        assert client_for(world.member_head).get(response["Location"]).status_code == 200
        for user in (world.leader_officer, world.outside_officer, world.organizer_officer):
            assert client_for(user).get(response["Location"]).status_code == 404
            assert client_for(user).get(reverse("signature_check_file", args=[check.pk])).status_code == 404
            assert check.original_name not in client_for(user).get(reverse("signature_checks")).content.decode()
        assert client_for(world.member_head).get(reverse("signature_check_file", args=[check.pk])).content == signed

    def test_without_trust_roots_the_page_says_the_source_is_unverified(self, world, signed, client_for, settings):
        settings.DOCUMENT_SIGNING_TRUST_ROOTS = []
        response = self.upload(client_for(world.member_officer), signed)
        html = client_for(world.member_officer).get(response["Location"]).content.decode()
        assert "Chữ ký toàn vẹn nhưng chưa xác minh được nguồn cấp chứng thư" in html

    def test_a_tampered_file_is_reported_broken(self, world, signed, client_for):
        tampered = bytearray(signed)
        tampered[len(signed) // 4] ^= 0x01
        response = self.upload(client_for(world.member_officer), bytes(tampered))
        html = client_for(world.member_officer).get(response["Location"]).content.decode()
        assert SignatureCheck.objects.get().verdict == "broken" and "văn bản đã bị thay đổi sau khi ký" in html

    def test_a_non_pdf_renamed_pdf_is_refused_and_nothing_saved(self, world, client_for, media):
        client = client_for(world.member_officer)
        for data in (b"PK\x03\x04 a zip renamed", b"<html>not a pdf</html>", b""):
            response = self.upload(client, data, "bao-cao.pdf")
            assert response.status_code == 400
        assert "Tệp không phải PDF" in self.upload(client, b"GIF89a", "x.pdf").content.decode()
        assert not SignatureCheck.objects.exists() and not stored_files(media)
        assert not AuditEvent.objects.filter(action="document.signature_check").exists()

    def test_a_file_over_the_limit_is_refused(self, world, signed, client_for, settings, media):
        settings.SIGNED_PDF_MAX_BYTES = 1024
        response = self.upload(client_for(world.member_officer), signed)
        assert response.status_code == 400 and "Tệp lớn quá" in response.content.decode()
        assert not SignatureCheck.objects.exists() and not stored_files(media)

    def test_an_unsigned_pdf_is_said_to_have_no_signature(self, world, client_for):
        response = self.upload(client_for(world.member_officer), render_pdf(plan_91_kh_ctd()))
        html = client_for(world.member_officer).get(response["Location"]).content.decode()
        assert SignatureCheck.objects.get().verdict == "unsigned" and "không có chữ ký số" in html

    def test_anonymous_users_are_sent_to_sign_in(self, client_for, signed, settings):
        response = self.upload(client_for(None), signed)
        assert response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))
        assert not SignatureCheck.objects.exists()


def test_the_issuers_signature_block():
    from thidua.documents.document import Signature

    document = plan_91_kh_ctd()
    assert document.issuer_signature_index == 0  # the only one, on the right
    document.signatures = [Signature(["THƯ KÝ"], position="left"), Signature(["CHỦ TỌA"])]
    assert document.issuer_signature_index == 1  # minutes: the chair, on the right
    document.signatures = [Signature([f"ĐƠN VỊ {i}"]) for i in range(3)]
    assert document.issuer_signature_index == 0  # a grid (the covenant): the leader's, first
    document.issuer_signature = 2
    assert document.issuer_signature_index == 2
    document.issuer_signature = 5
    with pytest.raises(ValueError):
        _ = document.issuer_signature_index

"""A decision recorded from the Ministry's signed PDF: checked by content like every signed
PDF uploaded to ThiDua, its digital signature verified (who signed, when, intact) and shown
on the decision's page; a non-PDF or a tampered copy is refused with nothing saved; the file
is served privately to the organizer's officers and the units the decision names, 404 to
anyone else."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.documents.pki import make_ca, signed_sample_pdf
from thidua.awards.models import Award, Decision
from thidua.core.models import AuditEvent

from . import test_decision_pages
from .test_decision_pages import post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("year_2024")]
year_2024 = test_decision_pages.year_2024  # the form's year: a proposed unit, rated
MINISTRY = "Bộ Ngoại giao"


@pytest.fixture(scope="module")
def ca():
    return make_ca()


@pytest.fixture(scope="module")
def signed(ca):
    return signed_sample_pdf(ca, MINISTRY, "Nguyễn Văn Thứ")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def trusted(settings, tmp_path, ca):
    path = tmp_path / "test-root-ca.pem"
    path.write_bytes(ca.pem)
    settings.DOCUMENT_SIGNING_TRUST_ROOTS = [str(path)]


def pdf(data: bytes, name: str = "quyet-dinh-da-ky.pdf"):
    return SimpleUploadedFile(name, data, "application/pdf")


def stored(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_a_decision_recorded_from_its_signed_copy_shows_its_signer(world, signed, trusted, client_for, media):
    client = client_for(world.organizer_officer)
    response = post(client, [(world.member_unit, "flag_ministry")], signed_copy=pdf(signed))
    decision = Decision.objects.get()
    assert response.status_code == 302 and response.url == reverse("awards_decision", args=[decision.pk])
    assert decision.signed_copy.read() == signed and decision.signed_copy_verdict == "trusted"
    assert re.fullmatch(r"awards/decisions/[0-9a-f]{32}\.pdf", decision.signed_copy.name)  # says nothing of the decision
    assert Award.objects.filter(decision=decision, unit=world.member_unit).exists()
    html = client.get(response.url).content.decode()
    assert "Bản đã ký" in html and "Nguyễn Văn Thứ" in html and MINISTRY in html
    assert "Có: phần đã ký không bị thay đổi" in html and "tổ chức tin cậy" in html
    assert reverse("awards_decision_signed_copy", args=[decision.pk]) in html
    event = AuditEvent.objects.get(action="decision.record")
    assert event.after["signed_copy_sha256"] == decision.signed_copy_sha256 and event.after["signed_copy_verdict"] == "trusted"
    assert any("Nguyễn Văn Thứ" in s for s in event.after["signers"])


def test_the_signed_copy_is_private_to_the_organizer_and_the_units_it_names(world, signed, client_for, media):
    post(client_for(world.organizer_officer), [(world.member_unit, "flag_ministry")], signed_copy=pdf(signed))
    decision = Decision.objects.get()
    url = reverse("awards_decision_signed_copy", args=[decision.pk])
    for user in (world.organizer_officer, world.member_officer, world.member_head):
        response = client_for(user).get(url)
        assert response.status_code == 200 and response.content == signed, user
        assert response["Cache-Control"] == "private, no-store" and response["Content-Type"] == "application/pdf"
    for user in (world.outside_officer, world.leader_officer):
        assert client_for(user).get(url).status_code == 404, user
        # the page still reads, without the link to the file
        assert url not in client_for(user).get(reverse("awards_decision", args=[decision.pk])).content.decode()
    assert client_for(None).get(url).status_code == 302  # to the sign-in page


def test_without_the_ca_as_root_the_copy_is_kept_and_its_source_said_unverified(world, signed, client_for, settings):
    settings.DOCUMENT_SIGNING_TRUST_ROOTS = []
    client = client_for(world.organizer_officer)
    response = post(client, [(world.member_unit, "flag_ministry")], signed_copy=pdf(signed))
    assert Decision.objects.get().signed_copy_verdict == "untrusted"
    assert "Chữ ký toàn vẹn nhưng chưa xác minh được nguồn cấp chứng thư" in client.get(response.url).content.decode()


def test_a_file_that_is_not_a_pdf_is_refused_and_nothing_saved(world, client_for, media):
    response = post(client_for(world.organizer_officer), [(world.member_unit, "flag_ministry")],
                    signed_copy=pdf(b"PK\x03\x04 a .docx renamed", "quyet-dinh.pdf"))  # fmt: skip
    assert response.status_code == 400 and "Tệp không phải PDF" in response.content.decode()
    assert not Decision.objects.exists() and not Award.objects.exists() and stored(media) == []


def test_a_tampered_copy_is_refused_as_not_intact_and_nothing_saved(world, signed, trusted, client_for, media):
    tampered = bytearray(signed)
    tampered[len(signed) // 4] ^= 0x01
    response = post(client_for(world.organizer_officer), [(world.member_unit, "flag_ministry")], signed_copy=pdf(bytes(tampered)))
    assert response.status_code == 400 and "chữ ký số không còn nguyên vẹn" in response.content.decode()
    assert not Decision.objects.exists() and not Award.objects.exists() and stored(media) == []
    assert not AuditEvent.objects.filter(action="decision.record").exists()


def test_a_decision_without_a_copy_has_no_file_to_serve(world, client_for):
    post(client_for(world.organizer_officer), [(world.member_unit, "flag_ministry")])
    decision = Decision.objects.get()
    assert not decision.signed_copy and decision.signed_copy_verdict == ""
    assert client_for(world.organizer_officer).get(reverse("awards_decision_signed_copy", args=[decision.pk])).status_code == 404
    html = client_for(world.organizer_officer).get(reverse("awards_decision", args=[decision.pk])).content.decode()
    assert "Tải bản đã ký" not in html and "Thêm bản đã ký" in html  # nothing to download; the officer may add it


def test_a_signed_copy_is_added_to_a_decision_recorded_without_one(world, signed, trusted, client_for, media):
    """Recorded for signature first, the signed PDF comes back later: the organizer's officer
    adds it on the decision's page (checked as on the form, audited); once there it is not
    replaced; nobody else may add one."""
    client = client_for(world.organizer_officer)
    post(client, [(world.member_unit, "flag_ministry")])
    decision = Decision.objects.get()
    page, url = reverse("awards_decision", args=[decision.pk]), reverse("awards_decision_signed_copy_add", args=[decision.pk])
    assert url in client.get(page).content.decode()  # the form to add it
    assert url not in client_for(world.member_officer).get(page).content.decode()
    for user in (world.member_officer, world.member_head, world.other_organizer_officer):
        assert client_for(user).post(url, {"signed_copy": pdf(signed)}).status_code == 403, user
    tampered = bytearray(signed)
    tampered[len(signed) // 4] ^= 0x01
    refused = client.post(url, {"signed_copy": pdf(bytes(tampered))})
    assert refused.status_code == 302 and "chữ ký số không còn nguyên vẹn" in client.get(page).content.decode()
    decision.refresh_from_db()
    assert not decision.signed_copy and stored(media) == []
    added = client.post(url, {"signed_copy": pdf(signed)})
    assert added.status_code == 302 and added.url == page
    decision.refresh_from_db()
    assert decision.signed_copy.read() == signed and decision.signed_copy_verdict == "trusted"
    html = client.get(page).content.decode()
    assert "Nguyễn Văn Thứ" in html and reverse("awards_decision_signed_copy", args=[decision.pk]) in html and url not in html
    event = AuditEvent.objects.get(action="decision.signed_copy_add")
    assert event.after["signed_copy_sha256"] == decision.signed_copy_sha256 and any("Nguyễn Văn Thứ" in s for s in event.after["signers"])
    again = client.post(url, {"signed_copy": pdf(signed)})
    assert again.status_code == 302 and "đã có bản đã ký" in client.get(page).content.decode()
    assert len(stored(media)) == 1

"""The year's further documents and the vote-counting minutes in the one numbering flow
(cycle.numbered): the number from the issuer's register or as the văn thư gave it
(a duplicate refused, nothing saved), the preview with the number before it is given,
then the document carries it (.docx, preview) and its PDF is signed with the unit's
certificate (test CA)."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.documents.pki import PASSPHRASE, make_ca, make_signer_p12
from tests.matrix.test_voting_matrix import closed_decided, latest_poll
from thidua.cycle.models import NumberedDocument
from thidua.documents.models import IssuedDocument, SignedDocument
from thidua.documents.numbering import document_number_issue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def counting(name, poll):
    return reverse(name, args=[poll.pk])


def test_counting_minutes_numbered_with_the_van_thus_number_then_signed(world, client_for):
    closed_decided(world)
    poll = latest_poll(world)
    client = client_for(world.leader_officer)
    symbol = world.leader_unit.symbol
    page = client.get(reverse("voting_poll", args=[poll.pk])).content.decode()
    assert f"<strong>01/BB-{symbol}</strong>" in page and counting("voting_counting_number", poll) in page
    preview = client.get(counting("voting_counting_preview", poll) + "?so=12").content.decode()
    assert f"Số: 12/BB-{symbol}" in preview and "DỰ THẢO" in preview and not IssuedDocument.objects.exists()
    asked = client.post(counting("voting_counting_number", poll), {"number": "12"})
    assert asked.status_code == 200 and not IssuedDocument.objects.exists()  # the confirmation first
    assert client.post(counting("voting_counting_number", poll), {"number": "12", "confirmed": "1"}).status_code == 302
    issued = NumberedDocument.objects.get(kind="bien-ban-kiem-phieu", key=str(poll.pk)).issued_document
    assert (issued.number, issued.doc_type, issued.unit) == (12, "BB", world.leader_unit)
    word = docx.Document(io.BytesIO(client.get(counting("voting_counting_docx", poll)).content))
    assert f"Số: 12/BB-{symbol}" in [p.text for p in word.tables[0].cell(1, 0).paragraphs]
    assert "DỰ THẢO" not in client.get(counting("voting_counting_preview", poll)).content.decode()
    # twice: refused
    again = client.post(counting("voting_counting_number", poll), {"number": "13", "confirmed": "1"})
    assert again.status_code == 409 and IssuedDocument.objects.count() == 1
    # the leader unit's head signs its PDF
    ca = make_ca()
    p12, _cert = make_signer_p12(ca, world.leader_unit.name, "Giám đốc")
    head = client_for(world.leader_head)
    form = {"certificate": SimpleUploadedFile("don-vi.p12", p12, "application/x-pkcs12"), "passphrase": PASSPHRASE}
    assert head.post(counting("voting_counting_sign", poll), form).status_code == 302
    row = SignedDocument.objects.get()
    assert row.kind == f"bien-ban-kiem-phieu-{poll.pk}" and row.issued_document == issued
    assert reverse("voting_signed_pdf", args=[world.cluster.pk, 2026, row.pk]) in head.get(
        reverse("voting_poll", args=[poll.pk])).content.decode()


def test_a_number_already_in_the_register_is_refused_and_nothing_saved(world, client_for):
    document_number_issue(actor=world.leader_officer, unit=world.leader_unit, doc_type="TB",
                          issuer_symbol=world.leader_unit.symbol, date=dt.date.today(), subject="Thông báo khác", number=5)
    closed_decided(world)
    client = client_for(world.leader_officer)
    url = reverse("voting_document_number", args=[world.cluster.pk, 2026, "thong-bao-ket-qua"])
    response = client.post(url, {"number": "5", "confirmed": "1"})
    assert response.status_code == 409 and "đã có trong sổ đăng ký văn bản" in response.content.decode()
    assert IssuedDocument.objects.count() == 1 and not NumberedDocument.objects.exists()
    # the next one from the register follows the highest
    assert client.post(url, {"number": "", "confirmed": "1"}).status_code == 302
    assert NumberedDocument.objects.get().issued_document.number == 6


def test_a_member_cannot_number_and_an_outsider_sees_nothing(world, client_for):
    url = reverse("cycle_document_number", args=[world.cluster.pk, 2026, "quy-che"])
    assert client_for(world.member_officer).post(url, {"confirmed": "1"}).status_code == 403
    assert client_for(world.outside_officer).post(url, {"confirmed": "1"}).status_code == 404
    assert not IssuedDocument.objects.exists()


def test_a_year_document_numbered_reads_its_number_everywhere(world, client_for):
    client = client_for(world.leader_head)
    assert client.post(reverse("cycle_document_number", args=[world.cluster.pk, 2026, "quy-che"]),
                       {"number": "3", "confirmed": "1"}).status_code == 302
    symbol = world.leader_unit.symbol
    preview = client.get(reverse("cycle_document_preview", args=[world.cluster.pk, 2026, "quy-che"])).content.decode()
    assert f"Số: 03/QC-{symbol}" in preview and "DỰ THẢO" not in preview
    page = client.get(reverse("cycle_plan", args=[world.cluster.pk, 2026])).content.decode()
    assert f"Đã cấp số 03/QC-{symbol}" in page


def test_minutes_the_host_issues_are_numbered_in_the_hosts_register_by_its_staff(world, client_for):
    from thidua.cycle.issuer_settings import document_issuers_update
    from thidua.voting import documents
    from thidua.voting.models import Conference

    Conference.objects.filter(cluster_year=world.cluster_year).update(host_unit=world.member_unit, date=dt.date(2026, 12, 19))
    document_issuers_update(actor=world.leader_officer, cluster_year=world.cluster_year,
                            rows={"bien-ban": {"issued_by": "host", "on_behalf": False, "symbol": ""}})
    minutes = documents.conference_minutes_document(world.cluster_year)
    assert minutes.issuer.unit_id == world.member_unit.pk and minutes.issuer.name.startswith("Sở Ngoại vụ")
    url = reverse("voting_conference_number", args=[world.cluster.pk, 2026])
    page = reverse("voting_conference_documents", args=[world.cluster.pk, 2026])
    assert "Cấp số biên bản" in client_for(world.member_officer).get(page).content.decode()
    assert "Cấp số biên bản" not in client_for(world.leader_officer).get(page).content.decode()
    # the leader unit's staff cannot write in the host's register; a deputy sees nothing to number
    assert client_for(world.leader_officer).post(url, {"kind": "minutes", "confirmed": "1"}).status_code == 403
    assert client_for(world.deputy_officer).post(url, {"kind": "minutes", "confirmed": "1"}).status_code == 403
    assert not IssuedDocument.objects.exists()
    assert client_for(world.member_officer).post(url, {"kind": "minutes", "number": "4", "confirmed": "1"}).status_code == 302
    issued = IssuedDocument.objects.get()
    assert (issued.unit, issued.number, issued.doc_type) == (world.member_unit, 4, "BB")
    # the host cannot number the invitation, which the leader issues
    assert client_for(world.member_officer).post(url, {"kind": "invitation", "confirmed": "1"}).status_code == 403

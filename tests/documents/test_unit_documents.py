"""A unit's own documents of the year (a delegate's authorisation, an achievement report)
are numbered in the unit's own register by its officers, previewed with the number first
and signed digitally by its head, like the cluster's documents; nobody else numbers them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.documents.pki import make_ca, make_signer_p12
from tests.documents.test_signing import sign_form
from thidua.documents.models import IssuedDocument, SignedDocument

pytestmark = pytest.mark.django_db


def urls(world, name):
    return reverse(name, args=[world.cluster.pk, world.cluster_year.year, "giay-uy-quyen"])


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_member_numbers_and_signs_its_own_authorisation(world, client_for):
    symbol = world.member_unit.symbol
    officer = client_for(world.member_officer)
    page = officer.get(reverse("voting_conference_documents", args=[world.cluster.pk, 2026])).content.decode()
    assert f"<strong>01/GUQ-{symbol}</strong>" in page and urls(world, "voting_document_number") in page
    preview = officer.get(urls(world, "voting_document_preview") + "?so=1").content.decode()
    assert f"Số: 01/GUQ-{symbol}" in preview and "DỰ THẢO" in preview
    assert officer.post(urls(world, "voting_document_number"), {"number": "7"}).status_code == 200  # asked first
    assert not IssuedDocument.objects.exists()
    assert officer.post(urls(world, "voting_document_number"), {"number": "7", "confirmed": "1"}).status_code == 302
    issued = IssuedDocument.objects.get()
    assert (issued.unit, issued.number, issued.doc_type, issued.issuer_symbol) == (world.member_unit, 7, "GUQ", symbol)
    text = officer.get(urls(world, "voting_document_preview")).content.decode()
    assert f"Số: 07/GUQ-{symbol}" in text and "DỰ THẢO" not in text
    # another unit's authorisation is its own: still unnumbered
    other = client_for(world.deputy_officer).get(urls(world, "voting_document_preview")).content.decode()
    assert "Số: 07/" not in other
    # the head signs it with the unit's certificate
    p12, _cert = make_signer_p12(make_ca(), world.member_unit.name)
    assert client_for(world.member_head).post(urls(world, "voting_document_sign"), sign_form(p12)).status_code == 302
    assert SignedDocument.objects.get().unit == world.member_unit


def test_nobody_numbers_another_units_document(world, client_for):
    url = urls(world, "voting_document_number") + f"?don-vi={world.member_unit.pk}"
    response = client_for(world.deputy_officer).post(url, {"number": "", "confirmed": "1"})
    assert response.status_code == 403 and not IssuedDocument.objects.exists()
    assert client_for(world.outside_officer).post(url, {"confirmed": "1"}).status_code == 404
    assert client_for(world.member_officer).post(url.replace(str(world.member_unit.pk), "x"), {"confirmed": "1"}).status_code == 404


def test_the_dossiers_achievement_report_carries_the_number_its_unit_gave(world):
    # the report the dossier sends is the one the unit numbered on the conference page
    from tests.awards.dossier_helpers import built, report_of
    from thidua.awards.dossier_documents import report_document
    from thidua.cycle.numbered import year_document_number_issue
    from thidua.voting.documents_more import achievement_report_document

    built(world)
    report = report_of(world, world.member_unit)
    assert report_document(report).number.number is None
    year_document_number_issue(actor=world.member_officer, cluster_year=world.cluster_year, kind="bao-cao-thanh-tich",
                               key=str(world.member_unit.pk),
                               document=achievement_report_document(world.cluster_year, world.member_unit), number=12)
    document = report_document(report)
    assert str(document.number) == f"12/BC-{world.member_unit.symbol}" and not document.is_draft

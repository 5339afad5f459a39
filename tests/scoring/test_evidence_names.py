"""Uploaded evidence is stored and served under a name whose extension matches the type
detected from its content: a real PDF uploaded as "report.html" is stored as …/file.pdf
and downloaded as "report.pdf" (application/pdf, nosniff), never as a web page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from thidua.scoring.evidence import download_name
from thidua.scoring.models import Evidence

from .helpers import JPEG, PDF, media, office_zip, open_self_assessment, upload  # noqa: F401  (media: a fixture)


def _upload_and_download(world, client, name: str, content: bytes):
    target = reverse("scoring_evidence_upload", args=[world.cluster.pk, 2026, world.member_unit.pk])
    assert client.post(target, {"criterion": "I.1", "file": upload(name, content, "text/html")}).status_code == 302
    item = Evidence.objects.get(original_name=name)
    response = client.get(reverse("scoring_evidence", args=[world.cluster.pk, 2026, item.pk]))
    assert response.status_code == 200
    return item, response


@pytest.mark.django_db
@pytest.mark.usefixtures("media")
def test_a_pdf_named_html_is_stored_and_served_as_pdf(world, client_for):
    open_self_assessment(world)
    client = client_for(world.member_officer)
    item, response = _upload_and_download(world, client, "report.html", PDF)
    assert item.file.name.endswith(".pdf") and "html" not in item.file.name
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and disposition.endswith('filename="report.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    assert item.original_name == "report.html"  # shown to people as they named it


@pytest.mark.django_db
@pytest.mark.usefixtures("media")
def test_other_types_and_names(world, client_for):
    open_self_assessment(world)
    client = client_for(world.member_officer)
    item, response = _upload_and_download(world, client, "ảnh chụp.JPEG", JPEG)
    assert item.file.name.endswith(".jpg") and response["Content-Type"] == "image/jpeg"
    assert "filename*=utf-8''%E1%BA%A3nh%20ch%E1%BB%A5p.JPEG" in response["Content-Disposition"]  # a JPEG's own spelling kept
    item, response = _upload_and_download(world, client, "bang-diem.svg", office_zip("xl"))
    assert item.file.name.endswith(".xlsx") and response["Content-Disposition"].endswith('filename="bang-diem.xlsx"')


@pytest.mark.parametrize(
    ("name", "file_type", "served"),
    [
        ("report.html", "pdf", "report.pdf"),
        ("report.PDF", "pdf", "report.PDF"),
        ("bao-cao", "docx", "bao-cao.docx"),
        ("a.pdf.exe", "png", "a.pdf.png"),
        ('../../etc/"x"\r\n.htm', "pdf", '"x".pdf'),
        (".html", "jpeg", "html.jpg"),
        ("...", "pdf", "minh-chung.pdf"),
    ],
)
def test_download_name(name, file_type, served):
    assert download_name(name, file_type) == served

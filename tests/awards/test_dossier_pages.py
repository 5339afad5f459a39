"""The dossier's pages: what each person sees and may do, confirmations before the
irreversible acts, the report form's bad input, the documents, the organizer's inbox."""

import pytest
from django.urls import reverse

from thidua.awards.models import Dossier

from .dossier_helpers import built, in_proposals, report_of, submitted

pytestmark = pytest.mark.django_db


def page(w, name, *extra):
    return reverse(name, args=[w.cluster.pk, 2026, *extra])


def test_the_leader_builds_from_the_page(world, client_for):
    in_proposals(world)
    client = client_for(world.leader_officer)
    html = client.get(page(world, "awards_dossier")).content.decode()
    assert "Chưa lập hồ sơ đề nghị khen thưởng." in html and "Lập hồ sơ từ kết quả biểu quyết" in html
    assert "Lập hồ sơ từ kết quả biểu quyết" not in client_for(world.member_officer).get(page(world, "awards_dossier")).content.decode()
    response = client.post(page(world, "awards_dossier"))
    assert response.status_code == 302 and Dossier.objects.get().state == "draft"
    html = client.get(page(world, "awards_dossier")).content.decode()
    assert "Sở Ngoại vụ tỉnh Hà Tĩnh: chưa viết báo cáo thành tích." in html
    assert "Tờ trình đề nghị khen thưởng" in html and "Biên bản kiểm phiếu" in html


def test_submit_asks_first_then_refuses_with_the_reasons(world, client_for):
    built(world)
    client = client_for(world.leader_head)
    asked = client.post(page(world, "awards_dossier_submit"))
    assert asked.status_code == 200 and "Gửi hồ sơ đề nghị khen thưởng" in asked.content.decode()
    assert Dossier.objects.get().state == "draft"
    refused = client.post(page(world, "awards_dossier_submit"), {"confirmed": "1"})
    assert refused.status_code == 409
    assert "chưa viết báo cáo thành tích" in refused.content.decode()
    assert Dossier.objects.get().state == "draft"


def test_the_report_form(world, client_for):
    built(world)
    url = page(world, "awards_dossier_report", world.member_unit.pk)
    officer = client_for(world.member_officer)
    html = officer.get(url).content.decode()
    assert 'name="title-0"' in html and "Lưu báo cáo" in html
    bad = officer.post(url, {"title-0": "", "text-0": "x"})
    assert bad.status_code == 400 and "Mục 1" in bad.content.decode()
    assert report_of(world, world.member_unit).state == "missing"
    assert officer.post(url, {"title-0": "I. Sơ lược", "text-0": "Đã viết"}).status_code == 302
    assert report_of(world, world.member_unit).sections == [{"title": "I. Sơ lược", "text": "Đã viết"}]
    head_html = client_for(world.member_head).get(url).content.decode()
    assert "Thủ trưởng xác nhận báo cáo" in head_html and 'name="title-0"' not in head_html
    assert client_for(world.deputy_officer).post(url, {"title-0": "x"}).status_code == 403


def test_documents_preview_docx_pdf(world, client_for):
    built(world)
    client = client_for(world.member_delegate)
    preview = client.get(page(world, "awards_dossier_document_preview", "to-trinh"))
    assert preview.status_code == 200 and "TỜ TRÌNH" in preview.content.decode()
    report = client.get(page(world, "awards_dossier_document_preview", "bao-cao-thanh-tich") + f"?don-vi={world.member_unit.pk}")
    assert report.status_code == 200 and "BÁO CÁO THÀNH TÍCH" in report.content.decode()
    docx = client.get(page(world, "awards_dossier_document_docx", "danh-sach"))
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(page(world, "awards_dossier_document_preview", "bao-cao-thanh-tich") + "?don-vi=999").status_code == 404
    assert client.get(page(world, "awards_dossier_document_preview", "bao-cao-thanh-tich") + "?don-vi=abc").status_code == 404


def test_the_inbox_lists_the_clusters_against_the_quotas(world, client_for):
    submitted(world)
    client = client_for(world.organizer_officer)
    assert client.get(reverse("awards_inbox_latest")).url == reverse("awards_inbox", args=[world.organizer.pk, 2026])
    html = client.get(reverse("awards_inbox", args=[world.organizer.pk, 2026])).content.decode()
    assert "Cụm thi đua số 1" in html and "Đã gửi, chờ xem xét" in html
    assert "1 <span" in html and "(1/cụm)" in html and "(2/cụm)" in html  # the catalogue's quotas × one cluster
    assert "Tiếp nhận" in html and "Lý do trả lại" in html
    without_reason = client.post(page(world, "awards_dossier_return"), {"reason": " ", "confirmed": "1"})
    assert without_reason.status_code == 400 and Dossier.objects.get().state == "submitted"
    back = reverse("awards_inbox", args=[world.organizer.pk, 2026])
    done = client.post(page(world, "awards_dossier_return"), {"reason": "Thiếu xác nhận", "confirmed": "1", "next": back})
    assert done.status_code == 302 and done.url == back and Dossier.objects.get().state == "returned"
    assert client_for(world.other_organizer_officer).get(back).status_code == 404
    assert client_for(world.member_head).get(back).status_code == 403

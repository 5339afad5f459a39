"""The plan launching the year's movement (Kế hoạch phát động phong trào thi đua), made from
the launch (cycle.Launch): purpose and requirements, the contents as a numbered list, who
competes for what, the tasks of the leader unit, the deputies and the members and their
deadlines; issued by the year's issuer of plans (KH) as an unnumbered draft."""

import pytest
from django.urls import reverse

from tests.cycle.test_documents import header, opened
from thidua.cycle.documents_more import DOCUMENTS, launch_plan_document
from thidua.org.models import ClusterYear

from .conftest import published_launch

pytestmark = pytest.mark.django_db


def test_the_launch_plan_is_made_from_the_launch(world):
    published_launch(world, items=["thực hiện tốt nhiệm vụ chuyên môn;", "xây dựng đơn vị vững mạnh"])
    ClusterYear.objects.filter(pk=world.cluster_year.pk).update(deadlines={"covenant": "2026-02-28",
                                                                           "self_assessment": "2026-12-05"})
    world.cluster_year.refresh_from_db()
    document = launch_plan_document(world.cluster_year)
    doc = opened(document)
    head = header(doc)
    assert head["left"] == ["UBND TỈNH THANH HÓA", "SỞ NGOẠI VỤ"]
    assert head["number"] == [f"Số:       /KH-{world.leader_unit.symbol}"] and document.is_draft
    texts = [p.text for p in doc.paragraphs]
    assert "KẾ HOẠCH" in texts and "Phát động phong trào thi đua năm 2026 của Cụm thi đua số 1" in texts
    for heading in ("I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "2. Yêu cầu", "II. NỘI DUNG THI ĐUA",
                    "III. ĐỐI TƯỢNG, DANH HIỆU VÀ HÌNH THỨC KHEN THƯỞNG", "IV. TỔ CHỨC THỰC HIỆN",
                    f"1. {world.leader_unit.name} (đơn vị Cụm trưởng)", f"2. Các đơn vị Cụm phó ({world.deputy_unit.name})",
                    "3. Các đơn vị thành viên"):
        assert heading in texts, heading
    assert "-\u00a0Hoàn thành xuất sắc nhiệm vụ" in texts  # the launch's goals
    # the items numbered, each with a capital letter, ";" between them and "." at the end
    assert "1.\u00a0Thực hiện tốt nhiệm vụ chuyên môn;" in texts and "2.\u00a0Xây dựng đơn vị vững mạnh." in texts
    joined = "\n".join(texts)
    assert "Ký giao ước thi đua trước ngày 28/02/2026" in joined
    assert "bảng tự chấm điểm về đơn vị Cụm trưởng trước ngày 05/12/2026" in joined
    assert "Đối tượng: 03 đơn vị thành viên Cụm thi đua số 1." in texts
    signature = [p.text for c in doc.tables[1].rows[0].cells for p in c.paragraphs if p.text]
    assert "TM. CỤM THI ĐUA SỐ 1" in signature and "CỤM TRƯỞNG" in signature


def test_without_a_launch_the_contents_are_left_for_the_leader(world):
    texts = [p.text for p in opened(launch_plan_document(world.cluster_year)).paragraphs]
    assert texts[texts.index("II. NỘI DUNG THI ĐUA") + 1] == "……"
    assert not any("trước ngày" in t and "Ký giao ước" in t for t in texts)  # no deadline set: none promised


def test_served_to_the_years_members_only(world, client_for):
    assert DOCUMENTS["ke-hoach-phat-dong"].code == "KH"
    url = reverse("cycle_document_pdf", args=[world.cluster.pk, 2026, "ke-hoach-phat-dong"])
    response = client_for(world.member_officer).get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert client_for(world.outside_officer).get(url).status_code == 404

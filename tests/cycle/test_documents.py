"""The year's official documents, opened with python-docx as Word would read them: the
covenant (one signature block per member unit with room for the hand signature, the
signatures made in ThiDua in an annex, the issuer's header and number) and the
plan for the year-end conference (numbered KH in the leader unit's register, the place
as of the document's date)."""

import datetime as dt
import io

import docx
import pytest
from django.urls import reverse

from tests.factories import ClusterYearFactory, UnitFactory, UserFactory, add_member
from thidua.cycle import services
from thidua.cycle.documents import covenant_document, plan_document
from thidua.documents.docx import render_docx
from thidua.org.models import Phase, Province, Role

from .conftest import covenant_phase, set_phase

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def opened(document) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(document)))


def cell_texts(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


def header(doc) -> dict[str, list[str]]:
    table = doc.tables[0]
    return {"left": cell_texts(table.cell(0, 0)), "right": cell_texts(table.cell(0, 1)),
            "number": cell_texts(table.cell(1, 0)), "date": cell_texts(table.cell(1, 1))}


def signature_cells(doc) -> list[list[str]]:
    """One list of texts per signature of the grid (the table after the header): a grid row
    of signatures is two table rows, the titles then the names (so that names line up)."""
    grid = doc.tables[1]
    cells = []
    for titles, names in zip(grid.rows[0::2], grid.rows[1::2], strict=True):
        for title, name in zip(titles.cells, names.cells, strict=True):
            if cell_texts(title):
                cells.append(cell_texts(title) + cell_texts(name))
    return cells


def sign_all(world, heads=None) -> None:
    heads = heads or {}
    for unit in (world.leader_unit, world.deputy_unit, world.member_unit):
        head = heads.get(unit.pk) or UserFactory(unit=unit, is_unit_head=True, full_name=f"Giám đốc {unit.name[-7:]}")
        services.covenant_sign(actor=head, cluster_year=world.cluster_year, unit=unit)


class TestCovenant:
    def test_header_type_line_text_and_one_signature_block_per_member(self, world):
        covenant_phase(world, text="Các đơn vị thống nhất ký kết giao ước.\n1. Thi đua thực hiện tốt nhiệm vụ chuyên môn.")
        services.covenant_sign(actor=world.member_head, cluster_year=world.cluster_year, unit=world.member_unit)
        doc = opened(covenant_document(world.cluster_year))
        head = header(doc)
        # one issuer: the leader unit (on behalf of the cluster), its header and its symbol
        assert head["left"] == ["UBND TỈNH THANH HÓA", "SỞ NGOẠI VỤ"]
        assert head["right"] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
        assert head["number"] == [f"Số:       /GƯTĐ-{world.leader_unit.symbol}"]  # a draft: numbered once every member has signed
        # the leader unit's seat; an unnumbered draft leaves the day for the clerk
        assert head["date"] == ["Thanh Hóa, ngày … tháng … năm …"]
        texts = [p.text for p in doc.paragraphs]
        assert "GIAO ƯỚC THI ĐUA" in texts
        assert "Năm 2026 của các đơn vị thành viên Cụm thi đua số 1" in texts
        assert "1. Thi đua thực hiện tốt nhiệm vụ chuyên môn." in texts
        cells = signature_cells(doc)
        assert len(cells) == 3
        # the unit's name on two lines, so that a narrow block never breaks a province's name
        assert [c[:2] for c in cells] == [
            ["SỞ NGOẠI VỤ", "TỈNH THANH HÓA"], ["SỞ NGOẠI VỤ", "TỈNH NGHỆ AN"], ["SỞ NGOẠI VỤ", "TỈNH HÀ TĨNH"],
        ]
        assert all(c[2] == "GIÁM ĐỐC" for c in cells)
        # title and name with room for the hand signature and seal; a signature made in
        # ThiDua is never written in the slot, but listed after the recipients
        assert cells[2] == ["SỞ NGOẠI VỤ", "TỈNH HÀ TĨNH", "GIÁM ĐỐC", world.member_head.full_name]
        assert cells[0] == ["SỞ NGOẠI VỤ", "TỈNH THANH HÓA", "GIÁM ĐỐC", world.leader_head.full_name]
        assert not any("ThiDua" in line for cell in cells for line in cell)
        texts = [p.text for p in doc.paragraphs]
        annex = texts.index("Các đơn vị đã ký giao ước trên ThiDua (1/3 đơn vị):")
        assert texts[annex + 1].startswith(f"-\u00a0Sở Ngoại vụ tỉnh Hà Tĩnh — {world.member_head.full_name}, Giám đốc, ký ngày ")
        assert len([t for t in texts[annex + 1:] if t.startswith("-\u00a0")]) == 1

    def test_nine_members_make_a_grid_of_three_columns(self, world):
        covenant_phase(world)
        for i in range(6):
            add_member(world.cluster_year, UnitFactory(name=f"Sở Ngoại vụ tỉnh Thử {i}", managed_by=world.organizer), Role.MEMBER)
        doc = opened(covenant_document(world.cluster_year))
        grid = doc.tables[1]
        assert len(grid.columns) == 3 and len(grid.rows) == 6  # three rows of titles, each followed by its names
        assert len(signature_cells(doc)) == 9

    def test_the_frozen_and_numbered_covenant_carries_its_number_and_date(self, world):
        covenant_phase(world)
        sign_all(world)
        covenant = services.covenant_number_issue(actor=world.leader_officer, cluster_year=world.cluster_year, date=dt.date(2026, 2, 5))
        doc = opened(covenant_document(world.cluster_year))
        head = header(doc)
        assert head["number"] == [f"Số: 01/GƯTĐ-{world.leader_unit.symbol}"]
        assert head["date"] == ["Thanh Hóa, ngày 05 tháng 02 năm 2026"]
        assert covenant.issued_document.date == dt.date(2026, 2, 5)
        assert covenant.issued_document.unit == world.leader_unit  # the issuer's register
        assert all(len(c) == 4 for c in signature_cells(doc))  # name ×2, head title, signer — no note
        texts = [p.text for p in doc.paragraphs]
        annex = texts.index("Các đơn vị đã ký giao ước trên ThiDua (3/3 đơn vị):")
        listed = [t for t in texts[annex + 1:] if t.startswith("-\u00a0")]
        assert len(listed) == 3 and all(", ký ngày " in t for t in listed)

    def test_downloads_as_a_docx(self, world, client_for):
        covenant_phase(world)
        for url in (reverse("cycle_covenant_docx", args=[world.cluster.pk, 2026]),
                    f"/api/v1/clusters/{world.cluster.pk}/years/2026/covenant.docx"):
            response = client_for(world.member_officer).get(url)
            assert response.status_code == 200 and response["Content-Type"] == DOCX
            assert 'filename="Cum-thi-dua-so-1_2026_Giao-uoc-thi-dua.docx"' in response["Content-Disposition"]
            doc = docx.Document(io.BytesIO(response.content))
            assert header(doc)["left"] == ["UBND TỈNH THANH HÓA", "SỞ NGOẠI VỤ"]


class TestPlan:
    def issue(self, world, day=dt.date(2026, 11, 23), **kwargs):
        set_phase(world, Phase.IN_PROGRESS)
        return services.conference_plan_issue(actor=world.leader_head, cluster_year=world.cluster_year, date=day, **kwargs)

    def test_numbered_issued_by_the_leader_unit(self, world):
        plan = self.issue(world, conference_date=dt.date(2026, 12, 16), conference_place="thành phố Thanh Hóa",
                          reports_due=dt.date(2026, 12, 5), signer="Lê Văn Thử")
        doc = opened(plan_document(plan))
        head = header(doc)
        assert head["left"] == ["UBND TỈNH THANH HÓA", "SỞ NGOẠI VỤ"]
        assert head["number"] == [f"Số: 01/KH-{world.leader_unit.symbol}"]
        assert head["date"] == ["Thanh Hóa, ngày 23 tháng 11 năm 2026"]
        texts = [p.text for p in doc.paragraphs]
        assert "KẾ HOẠCH" in texts
        assert "Tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm 2026" in texts
        assert "Ngày 16/12/2026, tại thành phố Thanh Hóa." in texts
        assert any("trước ngày 05/12/2026" in t for t in texts)
        assert any("03 đơn vị thành viên Cụm thi đua số 1" in t for t in texts)
        signature = [cell_texts(c) for c in doc.tables[1].rows[0].cells]
        assert ["TM. CỤM THI ĐUA SỐ 1", "CỤM TRƯỞNG", "Lê Văn Thử"] in signature
        assert any(t and t[0] == "Nơi nhận:" for t in signature)

    def test_a_plan_says_what_a_real_one_does(self, world):
        # purpose and requirements, the hour and place, participants, programme, each role's
        # tasks, funding, the registration deadline and whom to contact (issue 10)
        plan = self.issue(world, conference_date=dt.date(2026, 12, 16), conference_place="thành phố Thanh Hóa",
                          conference_time=dt.time(8, 0), reports_due=dt.date(2026, 12, 5),
                          registration_due=dt.date(2026, 12, 10), signer="Lê Văn Thử",
                          funding="Kinh phí tổ chức Hội nghị do đơn vị đăng cai bảo đảm; chi phí đi lại của đại biểu "
                                  "do đơn vị cử đại biểu chi trả.",
                          contact="Đ/c Nguyễn Văn A, chuyên viên, điện thoại 0912 345 678")
        texts = [p.text for p in opened(plan_document(plan)).paragraphs]
        for heading in ("I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "2. Yêu cầu", "II. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN",
                        "III. NỘI DUNG, CHƯƠNG TRÌNH HỘI NGHỊ", "IV. TỔ CHỨC THỰC HIỆN", "V. KINH PHÍ", "3. Các đơn vị thành viên"):
            assert heading in texts, heading
        assert "Khai mạc vào hồi 08 giờ 00, ngày 16/12/2026, tại thành phố Thanh Hóa." in texts
        assert f"1. {world.leader_unit.name} (đơn vị Cụm trưởng)" in texts
        assert f"2. Các đơn vị Cụm phó ({world.deputy_unit.name})" in texts
        joined = "\n".join(texts)
        assert "trước ngày 05/12/2026" in joined and "đại biểu biểu quyết) trước ngày 10/12/2026" in joined
        assert "Kinh phí tổ chức Hội nghị do đơn vị đăng cai bảo đảm" in joined
        assert "Đầu mối liên hệ: Đ/c Nguyễn Văn A, chuyên viên, điện thoại 0912 345 678." in texts
        assert texts.index("V. KINH PHÍ") < texts.index("Đầu mối liên hệ: Đ/c Nguyễn Văn A, chuyên viên, điện thoại 0912 345 678.")

    def test_the_plan_page_shows_the_hour_the_registration_deadline_and_the_contact(self, world, client_for):
        self.issue(world, conference_date=dt.date(2026, 12, 16), conference_time=dt.time(8, 30),
                   registration_due=dt.date(2026, 12, 10), contact="Đ/c Nguyễn Văn A, 0912 345 678")
        html = client_for(world.member_officer).get(reverse("cycle_plan", args=[world.cluster.pk, 2026])).content.decode()
        assert "08:30, 16/12/2026" in html and "Hạn đăng ký đại biểu: 10/12/2026" in html
        assert "Đầu mối liên hệ: Đ/c Nguyễn Văn A, 0912 345 678" in html

    def test_a_registration_deadline_after_the_conference_is_refused(self, world):
        from thidua.core.errors import InvalidInput
        from thidua.cycle.models import ConferencePlan

        with pytest.raises(InvalidInput) as caught:
            self.issue(world, conference_date=dt.date(2026, 12, 16), registration_due=dt.date(2026, 12, 20))
        assert "registration_due" in caught.value.errors
        assert not ConferencePlan.objects.exists()

    def test_without_an_hour_or_funding_the_plan_says_only_what_it_knows(self, world):
        plan = self.issue(world, conference_date=dt.date(2026, 12, 16), conference_place="thành phố Thanh Hóa")
        texts = [p.text for p in opened(plan_document(plan)).paragraphs]
        assert "Ngày 16/12/2026, tại thành phố Thanh Hóa." in texts
        assert "V. KINH PHÍ" not in texts and not any(t.startswith("Đầu mối liên hệ") for t in texts)
        assert any("Cử đại biểu dự Hội nghị theo thành phần nêu trên; đăng ký" in t and "theo Giấy mời" in t for t in texts)

    def test_the_place_is_the_province_as_of_the_documents_date(self, world):
        quang_nam = Province.objects.get(era=Province.Era.BEFORE, name="Quảng Nam")
        world.leader_unit.province = quang_nam
        world.leader_unit.save(update_fields=["province"])
        plan = self.issue(world)  # 2026: Quảng Nam is part of Đà Nẵng since 1 July 2025
        assert header(opened(plan_document(plan)))["date"] == ["Đà Nẵng, ngày 23 tháng 11 năm 2026"]
        earlier = ClusterYearFactory(cluster=world.cluster, year=2024, phase=Phase.IN_PROGRESS)
        add_member(earlier, world.leader_unit, Role.LEADER)
        old = services.conference_plan_issue(actor=world.leader_head, cluster_year=earlier, date=dt.date(2024, 11, 5))
        doc = opened(plan_document(old))
        assert header(doc)["date"] == ["Quảng Nam, ngày 05 tháng 11 năm 2024"]
        assert header(doc)["number"] == [f"Số: 01/KH-{world.leader_unit.symbol}"]  # numbers restart every year

    def test_page_and_preview(self, world, client_for):
        self.issue(world)
        client = client_for(world.member_officer)
        response = client.get(reverse("cycle_plan_docx", args=[world.cluster.pk, 2026]))
        assert response.status_code == 200 and response["Content-Type"] == DOCX
        html = client.get(reverse("cycle_plan_preview", args=[world.cluster.pk, 2026])).content.decode()
        assert f"Số: 01/KH-{world.leader_unit.symbol}" in html and "KẾ HOẠCH" in html

    def test_no_plan_yet(self, world, client_for):
        response = client_for(world.member_officer).get(reverse("cycle_plan_docx", args=[world.cluster.pk, 2026]))
        assert response.status_code == 404


def test_the_preview_lists_the_thidua_signatures_after_the_signature_blocks(world):
    from thidua.documents.html import render_html

    covenant_phase(world)
    sign_all(world)
    html = render_html(covenant_document(world.cluster_year))
    assert "Đã ký trên ThiDua" not in html
    blocks, note = html.index('class="nd30-signatures'), html.index("Các đơn vị đã ký giao ước trên ThiDua (3/3 đơn vị):")
    assert blocks < note  # never in (nor before) the signature slots
    assert html.count(", ký ngày ") == 3

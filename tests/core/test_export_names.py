"""The one naming scheme of downloads (core.http.export_name) and the print set-up of
every exported sheet (core.xlsx.print_setup)."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook, load_workbook

from thidua.core.http import ascii_slug, download, export_name
from thidua.core.xlsx import print_setup, workbook_bytes


def test_a_name_is_the_cluster_the_year_and_what_in_ascii_and_in_vietnamese():
    name = export_name("Cụm thi đua số 3", 2026, "Xếp hạng", ext="xlsx")
    assert name.ascii == "Cum-thi-dua-so-3_2026_Xep-hang.xlsx"
    assert name.readable == "Cụm thi đua số 3_2026_Xếp hạng.xlsx"
    header = download(b"x", name, "application/octet-stream")["Content-Disposition"]
    assert header == ("attachment; filename=\"Cum-thi-dua-so-3_2026_Xep-hang.xlsx\"; "
                      "filename*=UTF-8''C%E1%BB%A5m%20thi%20%C4%91ua%20s%E1%BB%91%203_2026_X%E1%BA%BFp%20h%E1%BA%A1ng.xlsx")  # fmt: skip


def test_hostile_or_odd_parts_give_safe_names():
    name = export_name('Khối "A/B"\r\n; x=1', 2026, "Biên bản kiểm phiếu", "Bầu Cụm trưởng: vòng 2", "", ext="docx")
    assert name.ascii == "Khoi-A-B-x-1_2026_Bien-ban-kiem-phieu_Bau-Cum-truong-vong-2.docx"
    assert name.readable == "Khối A B ; x=1_2026_Biên bản kiểm phiếu_Bầu Cụm trưởng - vòng 2.docx"
    assert '"' not in name.ascii and "\n" not in download(b"", name, "text/plain")["Content-Disposition"]
    assert ascii_slug("Đắk Lắk — Đ" * 20).startswith("Dak-Lak-D") and len(ascii_slug("Đắk Lắk " * 20)) <= 60


def test_print_setup_a4_landscape_when_wide_one_page_wide_titles_and_page_numbers():
    wb = Workbook()
    ws = wb.active
    ws.append(["Tiêu đề"])
    ws.append([f"Cột {i}" for i in range(12)])
    print_setup(ws, title="Cụm thi đua số 3 & năm 2026", header_rows=(2, 2))
    sheet = load_workbook(BytesIO(workbook_bytes(wb))).active
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4 == "9" and sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.oddHeader.center.text == "Cụm thi đua số 3 && năm 2026"  # "&" escaped: it starts a code there
    assert "&P" in sheet.oddFooter.right.text and "&N" in sheet.oddFooter.right.text


def test_a_narrow_sheet_prints_portrait():
    wb = Workbook()
    wb.active.append(["Mã", "Tên"])
    print_setup(wb.active, title="Cụm", header_rows=(1, 1))
    assert load_workbook(BytesIO(workbook_bytes(wb))).active.page_setup.orientation == "portrait"

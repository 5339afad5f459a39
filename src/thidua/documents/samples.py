"""A first concrete document, to prove the engine: the header of the real plan
"91/KH-CTĐ ngày 23/11/2022" of Cụm thi đua số 3 (issued by the Sở Ngoại vụ tỉnh Quảng
Nam, the cluster's leader in 2022) on organising the year-end conference. The body is a
short illustration, not the plan's text, and the signer is an invented person."""

from __future__ import annotations

import datetime as dt

from .document import (
    Document,
    DocumentNumber,
    Heading,
    Issuer,
    ListBlock,
    Paragraph,
    Recipients,
    Run,
    SectionBreak,
    Signature,
    Table,
)

CLUSTER = "Cụm thi đua số 3"
SIGNER = "Trần Văn Minh"  # invented; not a real official


def plan_91_kh_ctd(*, with_annex: bool = False) -> Document:
    """Kế hoạch số 91/KH-CTĐ ngày 23/11/2022. `with_annex` adds an illustrative landscape
    page with the programme as a table."""
    body = [
        Paragraph(
            [
                "Thực hiện ",
                Run("Quy chế tổ chức hoạt động của Cụm thi đua số 3", italic=True),
                " và chương trình công tác năm 2022, Sở Ngoại vụ tỉnh Quảng Nam – đơn vị Cụm trưởng – xây dựng "
                "Kế hoạch tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm 2022 như sau:",
            ]
        ),
        Heading("MỤC ĐÍCH, YÊU CẦU", label="I."),
        ListBlock(
            [
                "Đánh giá kết quả thực hiện phong trào thi đua năm 2022 của các đơn vị trong Cụm; "
                "trao đổi, học tập kinh nghiệm, cách làm hay.",
                "Bình xét, suy tôn các đơn vị tiêu biểu đề nghị Bộ Ngoại giao tặng Cờ thi đua và Bằng khen.",
                "Bầu đơn vị Cụm trưởng, Cụm phó năm 2023; phát động phong trào thi đua và ký kết giao ước thi đua năm 2023.",
            ]
        ),
        Heading("THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN", label="II."),
        Heading("Thời gian, địa điểm", label="1.", level=2),
        Paragraph("Dự kiến tổ chức trong tháng 12 năm 2022 tại thành phố Tam Kỳ, tỉnh Quảng Nam."),
        Heading("Thành phần", label="2.", level=2),
        Paragraph(
            "Đại diện lãnh đạo và cán bộ phụ trách công tác thi đua, khen thưởng của 09 đơn vị thành viên Cụm thi đua số 3; "
            "đại biểu khách mời."
        ),
        Heading("TỔ CHỨC THỰC HIỆN", label="III."),
        Paragraph(
            "Các đơn vị thành viên gửi báo cáo tổng kết về đơn vị Cụm trưởng trước ngày 05/12/2022./."
        ),
    ]
    annex = []
    if with_annex:
        annex = [
            SectionBreak(landscape=True),
            Paragraph("Phụ lục", align="center", first_line_indent=False, bold=True, keep_with_next=True),
            Paragraph("CHƯƠNG TRÌNH HỘI NGHỊ (minh họa)", align="center", first_line_indent=False, bold=True, keep_with_next=True),
            Paragraph(
                "(Kèm theo Kế hoạch số 91/KH-CTĐ ngày 23/11/2022 của Cụm thi đua số 3)",
                align="center", first_line_indent=False, italic=True, keep_with_next=True,
            ),
            Table(
                header=["TT", "Thời gian", "Nội dung", "Đơn vị thực hiện"],
                rows=[
                    ["1", "08 giờ 00", "Đón tiếp đại biểu", "Sở Ngoại vụ tỉnh Quảng Nam"],
                    ["2", "08 giờ 30", "Báo cáo tổng kết công tác thi đua, khen thưởng năm 2022", "Đơn vị Cụm trưởng"],
                    ["3", "09 giờ 30", "Thảo luận; bình xét, suy tôn", "Các đơn vị thành viên"],
                    ["4", "10 giờ 30", "Phát động thi đua, ký kết giao ước thi đua năm 2023", "Đơn vị Cụm trưởng năm 2023"],
                ],
                widths_mm=[15, 35, 130, 72],
                align=["center", "center", "left", "left"],
            ),
        ]
    return Document(
        issuer=Issuer(parent_authority="UBND TỈNH QUẢNG NAM", issuing_body="SỞ NGOẠI VỤ"),
        number=DocumentNumber(91, "KH", "CTĐ"),
        place="Quảng Nam",
        date=dt.date(2022, 11, 23),
        subject="Tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm 2022",
        body=body,
        annex=annex,
        signatures=[Signature(authority=["TM. CỤM THI ĐUA SỐ 3", "CỤM TRƯỞNG"], signer=SIGNER)],
        recipients=Recipients(
            to=["Vụ TĐKT và TTNG - Bộ Ngoại giao (b/c)", "UBND tỉnh Quảng Nam (b/c)", "Các đơn vị thành viên Cụm thi đua số 3"],
            archive=["VT", "VP"],
        ),
    )

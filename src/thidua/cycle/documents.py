"""The year's official documents as document models (thidua.documents.document), rendered by
the engine to .docx and HTML:

- the covenant (giao ước thi đua) with one signature block per member unit, in a grid;
- the plan for the year-end conference (Kế hoạch, "01/KH-CTĐ"), issued by the leader
  unit and numbered in its register.

The place of the date line is the leader unit's province as of the document's date (after
1 July 2025 the new province's name)."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from thidua.core.http import FileName, export_name
from thidua.documents.document import Document, DocumentNumber, Heading, Issuer, ListBlock, Paragraph, Recipients, Signature
from thidua.documents.places import issuer_for_unit, place_name
from thidua.org.models import ClusterYear, Role, Unit

from .models import ConferencePlan, Covenant
from .selectors import covenant_progress, members_of
from .services import year_settings_get

UNKNOWN_PLACE = "……………"


def _place(unit: Unit | None, day: dt.date) -> str:
    if unit is not None and unit.province_id:
        return place_name(unit.province, day)
    return UNKNOWN_PLACE


def _leader(cluster_year: ClusterYear) -> Unit | None:
    return next((m.unit for m in members_of(cluster_year) if m.role == Role.LEADER), None)


def _two(n: int) -> str:
    return f"{n:02d}"


def _office(cluster_year: ClusterYear) -> str:
    organizer = cluster_year.cluster.organizer
    return f"{organizer.office_name} - {organizer.name}" if organizer.office_name else organizer.name


def _name_lines(name: str) -> list[str]:
    """A unit's name on two lines in a narrow signature block: "SỞ NGOẠI VỤ" /
    "TỈNH HÀ TĨNH", so that a long name never breaks in the middle of a province."""
    match = re.search(r"\s+((tỉnh|thành phố)\s+\S.*)$", name, flags=re.IGNORECASE)
    return [name[: match.start()], match.group(1)] if match else [name]


def _authority_in_text(header_line: str) -> str:
    """"UBND TỈNH QUẢNG NAM" (a header line in capitals) as written in running text:
    "UBND tỉnh Quảng Nam"."""
    words = header_line.split()
    if len(words) >= 3 and words[0] == "UBND":
        kind = words[1:3] if words[1:3] == ["THÀNH", "PHỐ"] else words[1:2]
        rest = words[1 + len(kind):]
        return " ".join(["UBND", *(w.lower() for w in kind), *(w.capitalize() for w in rest)])
    return header_line


def text_paragraphs(text: str) -> list[Paragraph]:
    """The lines of a text typed by people, one paragraph each (empty lines dropped)."""
    return [Paragraph(" ".join(line.split())) for line in text.splitlines() if line.strip()]


# --- the covenant ----------------------------------------------------------------------------
def covenant_date(covenant: Covenant | None) -> dt.date:
    if covenant is not None and covenant.issued_document_id:
        return covenant.issued_document.date
    if covenant is not None and covenant.frozen_at:
        return timezone.localdate(covenant.frozen_at)
    return timezone.localdate()


def covenant_document(cluster_year: ClusterYear, covenant: Covenant | None = None) -> Document:
    """The covenant of the year: the cluster's header, the text, and one signature block
    per member unit (the leader first), filled in with the signer's name and the date for
    the units that have signed in ThiDua."""
    progress = covenant_progress(cluster_year, covenant)
    covenant = progress.covenant
    settings = year_settings_get(cluster_year)
    cluster = cluster_year.cluster
    day = covenant_date(covenant)
    number = covenant.issued_document.number if covenant is not None and covenant.issued_document_id else None
    signatures = []
    for membership, signature in progress.rows:
        unit = membership.unit
        authority = [*_name_lines(unit.name), unit.head_title or "Giám đốc"]
        if signature is None:
            signatures.append(Signature(authority=authority))
        else:
            when = timezone.localtime(signature.signed_at).strftime("%d/%m/%Y")
            signatures.append(Signature(
                authority=authority, signer=signature.signed_by.full_name or signature.signed_by.get_username(),
                note=f"(Đã ký trên ThiDua ngày {when})",
            ))
    body = text_paragraphs(covenant.text if covenant is not None else "")
    if not body:
        body = [Paragraph("(Chưa có nội dung giao ước.)", italic=True)]
    body.append(Paragraph("ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC", align="center", first_line_indent=False, bold=True, keep_with_next=True))
    return Document(
        issuer=Issuer(parent_authority=cluster.organizer.name, issuing_body=cluster.name),
        number=DocumentNumber(number, settings.covenant_type_code, settings.document_symbol),
        place=_place(_leader(cluster_year), day),
        date=day,
        type_title="GIAO ƯỚC THI ĐUA",
        subject=f"Năm {cluster_year.year} của các đơn vị thành viên {cluster.name}",
        body=body,
        signatures=signatures,
        recipients=Recipients(to=[f"{_office(cluster_year)} (b/c)", f"Các đơn vị thành viên {cluster.name}"], archive=["VT"]),
    )


# --- the plan for the year-end conference --------------------------------------------------------
def plan_document(plan: ConferencePlan) -> Document:
    cluster_year = plan.cluster_year
    cluster, year = cluster_year.cluster, cluster_year.year
    settings = year_settings_get(cluster_year)
    leader = plan.issuer_unit
    members = members_of(cluster_year)
    flags, merits = settings.quotas.get("flag", 0), settings.quotas.get("merit", 0)
    when = (
        f"Ngày {plan.conference_date.strftime('%d/%m/%Y')}" if plan.conference_date else f"Dự kiến trong tháng 12 năm {year}"
    ) + (f", tại {plan.conference_place}." if plan.conference_place else "; địa điểm sẽ thông báo sau.")
    reports_due = plan.reports_due
    if reports_due is None:
        raw = (cluster_year.deadlines or {}).get("self_assessment")
        reports_due = dt.date.fromisoformat(raw) if raw else None
    due_text = f" trước ngày {reports_due.strftime('%d/%m/%Y')}" if reports_due else ""
    body = [
        Paragraph(
            f"Thực hiện Quy chế tổ chức hoạt động của {cluster.name} và chương trình công tác năm {year}, "
            f"{leader.name} – đơn vị Cụm trưởng – xây dựng Kế hoạch tổ chức Hội nghị tổng kết công tác thi đua, "
            f"khen thưởng năm {year} như sau:"
        ),
        Heading("MỤC ĐÍCH, YÊU CẦU", label="I."),
        ListBlock([
            f"Đánh giá kết quả thực hiện phong trào thi đua năm {year} của các đơn vị trong Cụm; trao đổi, học tập kinh nghiệm, "
            "cách làm hay, nhân rộng điển hình tiên tiến.",
            f"Bình xét, suy tôn các đơn vị tiêu biểu đề nghị {cluster.organizer.name} tặng Cờ thi đua (tối đa {_two(flags)} đơn vị) "
            f"và Bằng khen (tối đa {_two(merits)} đơn vị).",
            f"Bầu đơn vị Cụm trưởng, Cụm phó năm {year + 1}; phát động phong trào thi đua và ký kết giao ước thi đua năm {year + 1}.",
        ]),
        Heading("THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN", label="II."),
        Heading("Thời gian, địa điểm", label="1.", level=2),
        Paragraph(when),
        Heading("Thành phần", label="2.", level=2),
        Paragraph(
            f"Đại diện lãnh đạo và cán bộ phụ trách công tác thi đua, khen thưởng của {_two(len(members))} đơn vị thành viên "
            f"{cluster.name}; đại diện {_office(cluster_year)}; đại biểu khách mời."
        ),
        Heading("NỘI DUNG HỘI NGHỊ", label="III."),
        ListBlock([
            f"Báo cáo tổng kết công tác thi đua, khen thưởng năm {year} của {cluster.name}.",
            "Công bố kết quả chấm điểm, xếp hạng thi đua của các đơn vị.",
            "Thảo luận; bình xét, suy tôn bằng phiếu kín các đơn vị đề nghị khen thưởng.",
            f"Bầu đơn vị Cụm trưởng, Cụm phó năm {year + 1}; phát động thi đua và ký giao ước thi đua năm {year + 1}.",
        ]),
        Heading("TỔ CHỨC THỰC HIỆN", label="IV."),
        Paragraph(
            f"Các đơn vị thành viên gửi báo cáo tổng kết công tác thi đua, khen thưởng và bảng tự chấm điểm về đơn vị Cụm trưởng"
            f"{due_text}; cử đại biểu dự Hội nghị theo thành phần nêu trên."
        ),
        Paragraph(f"{leader.name} đề nghị các đơn vị thành viên phối hợp thực hiện./."),
    ]
    authority = [f"TM. {cluster.name}", "CỤM TRƯỞNG"]
    to = [f"{_office(cluster_year)} (b/c)"]
    if leader.parent_authority:
        to.append(f"{_authority_in_text(leader.parent_authority)} (b/c)")
    to.append(f"Các đơn vị thành viên {cluster.name}")
    return Document(
        issuer=issuer_for_unit(leader),
        number=DocumentNumber(plan.issued_document.number, "KH", plan.issued_document.issuer_symbol),
        place=_place(leader, plan.date),
        date=plan.date,
        subject=plan.issued_document.subject,
        body=body,
        signatures=[Signature(authority=authority, signer=plan.signer)],
        recipients=Recipients(to=to, archive=["VT", leader.symbol] if leader.symbol else ["VT"]),
    )


def docx_filename(what: str, cluster_year: ClusterYear) -> FileName:
    """The document's download name (core.http.export_name): the cluster, the year and the
    document, e.g. Cum-thi-dua-so-3_2026_Giao-uoc-thi-dua.docx (the documents are Vietnamese
    whatever the interface's language, and so are their names)."""
    return export_name(cluster_year.cluster.name, cluster_year.year, what, ext="docx")


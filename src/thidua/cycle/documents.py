"""The year's official documents as document models (thidua.documents.document), rendered by
the engine to .docx and HTML:

- the covenant (giao ước thi đua) with one signature block per member unit, in a grid;
- the plan for the year-end conference (Kế hoạch, "01/KH-CTĐ"), issued by the leader
  unit and numbered in its register.

The issuer (header, symbol, register, "TM." line and place) is one body, from
cycle.issuer: by default the leader unit on behalf of the cluster; the place of the date
line is its seat as of the document's date (after 1 July 2025 the new province's name)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from django.utils import timezone

from thidua.core.http import FileName, export_name
from thidua.documents.document import Document, DocumentNumber, Heading, ListBlock, Paragraph, Recipients, Signature
from thidua.documents.numbering import next_number as register_next
from thidua.org.models import ClusterYear, Unit

from .issuer import document_issuer, register_unit
from .models import ConferencePlan, Covenant
from .selectors import covenant_progress, members_of
from .services import year_settings_get

UNKNOWN_PLACE = "……………"


def _count(n: int) -> str:
    """A count as documents write it: "05", "12"; none is "0", never "00"."""
    return f"{n:02d}" if n else "0"


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


def _head_names(unit_ids: list[int]) -> dict[int, str]:
    """The name of each unit's head (the first by name), in one query, for the signature
    blocks of the units that have not signed yet."""
    from thidua.org.models import User

    names: dict[int, str] = {}
    for unit_id, name in (
        User.objects.filter(unit_id__in=unit_ids, is_unit_head=True, is_active=True)
        .order_by("unit_id", "full_name", "pk").values_list("unit_id", "full_name")
    ):
        names.setdefault(unit_id, name)
    return names


def draft_day(cluster_year: ClusterYear) -> dt.date:
    """The date a draft is made out for: today within the year, else the year's last day
    (a past year's draft is never dated years later). The date line of a draft stays
    blank for the clerk; this day gives the names as they were then — the place of a
    2022 draft under "UBND TỈNH QUẢNG NAM" is "Quảng Nam", not 2026's "Đà Nẵng"."""
    today = timezone.localdate()
    return min(today, dt.date(cluster_year.year, 12, 31))


# --- the covenant ----------------------------------------------------------------------------
def covenant_date(covenant: Covenant | None, cluster_year: ClusterYear | None = None) -> dt.date:
    if covenant is not None and covenant.issued_document_id:
        return covenant.issued_document.date
    if covenant is not None and covenant.frozen_at:
        return timezone.localdate(covenant.frozen_at)
    return draft_day(cluster_year) if cluster_year is not None else timezone.localdate()


def covenant_document(cluster_year: ClusterYear, covenant: Covenant | None = None) -> Document:
    """The covenant of the year: its issuer's header (the leader unit on behalf of the
    cluster, cycle.issuer), the text, and one signature block per member unit (the leader
    first) with the head's title and name and room for the hand signature and seal. The
    signatures made in ThiDua are not signatures on paper: they are listed in an annex
    ("Các đơn vị đã ký giao ước trên ThiDua: …"), never written in a signature slot."""
    progress = covenant_progress(cluster_year, covenant)
    covenant = progress.covenant
    settings = year_settings_get(cluster_year)
    cluster = cluster_year.cluster
    day = covenant_date(covenant, cluster_year)
    issued = covenant.issued_document if covenant is not None and covenant.issued_document_id else None
    issuer = document_issuer(cluster_year, day, doc_type=settings.covenant_type_code, kind="giao-uoc")
    signatures, signed = [], []
    heads = _head_names([membership.unit_id for membership, _signature in progress.rows])
    for membership, signature in progress.rows:
        unit = membership.unit
        authority = [*_name_lines(unit.name), unit.head_title or "Giám đốc"]
        if signature is None:
            signatures.append(Signature(authority=authority, signer=heads.get(unit.pk, "")))
        else:
            when = timezone.localtime(signature.signed_at).strftime("%d/%m/%Y")
            signer = signature.signed_by.full_name or signature.signed_by.get_username()
            signatures.append(Signature(authority=authority, signer=signer))
            signed.append(f"{unit.name} — {signer}, {unit.head_title or 'Giám đốc'}, ký ngày {when}.")
    body = text_paragraphs(covenant.text if covenant is not None else "")
    if not body:
        body = [Paragraph("(Chưa có nội dung giao ước.)", italic=True)]
    body.append(Paragraph("ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC", align="center", first_line_indent=False, bold=True, keep_with_next=True))
    annex = []
    if signed:
        annex = [
            Paragraph(f"Các đơn vị đã ký giao ước trên ThiDua ({len(signed)}/{len(signatures)} đơn vị):", first_line_indent=False,
                      italic=True, size=12, keep_with_next=True),
            ListBlock(signed),
        ]
    return Document(
        issuer=issuer,
        number=issued.document_number if issued else issuer.number(None, settings.covenant_type_code),
        place=issuer.place or UNKNOWN_PLACE,
        date=day,
        type_title="GIAO ƯỚC THI ĐUA",
        subject=f"Năm {cluster_year.year} của các đơn vị thành viên {cluster.name}",
        body=body,
        signatures=signatures,
        recipients=Recipients(to=[f"{_office(cluster_year)} (b/c)", f"Các đơn vị thành viên {cluster.name}"], archive=["VT"]),
        annex=annex,
    )


# --- the plan for the year-end conference --------------------------------------------------------
def _plan_when(plan: ConferencePlan, year: int) -> str:
    """"Khai mạc vào hồi 08 giờ 00, ngày 16/12/2026, tại …"; without the hour (a plan issued
    before it was asked for) the day only; without the day, the month."""
    if plan.conference_date is None:
        when = f"Dự kiến trong tháng 12 năm {year}"
    elif plan.conference_time is not None:
        when = f"Khai mạc vào hồi {plan.conference_time:%H} giờ {plan.conference_time:%M}, ngày {plan.conference_date:%d/%m/%Y}"
    else:
        when = f"Ngày {plan.conference_date:%d/%m/%Y}"
    return when + (f", tại {plan.conference_place}." if plan.conference_place else "; địa điểm sẽ thông báo sau.")


def _plan_tasks(plan: ConferencePlan, members: list, due_text: str) -> list:
    """IV. Tổ chức thực hiện: what the leader unit, the deputies and the members each do."""
    from thidua.org.models import Role

    leader = plan.issuer_unit
    deputies = [m.unit.name for m in members if m.role in (Role.DEPUTY1, Role.DEPUTY2)]
    registration = (f"; đăng ký danh sách đại biểu dự Hội nghị (họ tên, chức vụ, đại biểu biểu quyết) trước ngày "
                    f"{plan.registration_due:%d/%m/%Y}" if plan.registration_due else
                    "; đăng ký danh sách đại biểu dự Hội nghị (họ tên, chức vụ, đại biểu biểu quyết) theo Giấy mời")
    blocks = [
        Heading(f"{leader.name} (đơn vị Cụm trưởng)", label="1.", level=2),
        ListBlock([
            "Xây dựng dự thảo Báo cáo tổng kết công tác thi đua, khen thưởng của Cụm, gửi các đơn vị góp ý trước Hội nghị.",
            "Tổng hợp kết quả chấm điểm, xếp hạng thi đua của các đơn vị; chuẩn bị nội dung, chương trình, phiếu biểu quyết "
            "và tài liệu Hội nghị; phát hành Giấy mời.",
            "Chủ trì Hội nghị; hoàn thiện hồ sơ đề nghị khen thưởng gửi cơ quan tổ chức sau Hội nghị.",
        ]),
        Heading("Các đơn vị Cụm phó" + (f" ({'; '.join(deputies)})" if deputies else ""), label="2.", level=2),
        ListBlock([
            "Phối hợp với đơn vị Cụm trưởng chuẩn bị nội dung, chương trình và điều hành Hội nghị.",
            "Cử đại diện tham gia Ban kiểm phiếu; tham gia thẩm định kết quả chấm điểm, xếp hạng của các đơn vị.",
        ]),
        Heading("Các đơn vị thành viên", label="3.", level=2),
        ListBlock([
            f"Gửi báo cáo tổng kết công tác thi đua, khen thưởng và bảng tự chấm điểm về đơn vị Cụm trưởng{due_text}.",
            f"Cử đại biểu dự Hội nghị theo thành phần nêu trên{registration}.",
        ]),
    ]
    return blocks


def plan_document(plan: ConferencePlan) -> Document:
    cluster_year = plan.cluster_year
    cluster, year = cluster_year.cluster, cluster_year.year
    settings = year_settings_get(cluster_year)
    leader = plan.issuer_unit
    members = members_of(cluster_year)
    flags, merits = settings.quotas.get("flag", 0), settings.quotas.get("merit", 0)
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
        Heading("Mục đích", label="1.", level=2),
        ListBlock([
            f"Đánh giá kết quả thực hiện phong trào thi đua năm {year} của các đơn vị trong Cụm; trao đổi, học tập kinh nghiệm, "
            "cách làm hay, nhân rộng điển hình tiên tiến.",
            f"Bình xét, suy tôn các đơn vị tiêu biểu đề nghị {cluster.organizer.name} tặng Cờ thi đua (tối đa {_count(flags)} "
            f"đơn vị) và Bằng khen (tối đa {_count(merits)} đơn vị).",
            f"Bầu đơn vị Cụm trưởng, Cụm phó năm {year + 1}; phát động phong trào thi đua và ký kết giao ước thi đua năm {year + 1}.",
        ]),
        Heading("Yêu cầu", label="2.", level=2),
        ListBlock([
            "Công tác chuẩn bị chu đáo, thiết thực, tiết kiệm; việc bình xét, suy tôn bảo đảm công khai, dân chủ, khách quan, "
            "đúng Quy chế của Cụm và quy định của pháp luật về thi đua, khen thưởng.",
            "Các đơn vị thành viên gửi báo cáo, bảng tự chấm điểm đúng thời hạn và cử đại biểu dự Hội nghị đúng thành phần.",
        ]),
        Heading("THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN", label="II."),
        Heading("Thời gian, địa điểm", label="1.", level=2),
        Paragraph(_plan_when(plan, year)),
        Heading("Thành phần", label="2.", level=2),
        Paragraph(
            f"Đại diện lãnh đạo và cán bộ phụ trách công tác thi đua, khen thưởng của {_count(len(members))} đơn vị thành viên "
            f"{cluster.name}; đại diện {_office(cluster_year)}; đại biểu khách mời."
        ),
        Heading("NỘI DUNG, CHƯƠNG TRÌNH HỘI NGHỊ", label="III."),
        ListBlock([
            f"Báo cáo tổng kết công tác thi đua, khen thưởng năm {year} của {cluster.name}.",
            "Công bố kết quả chấm điểm, xếp hạng thi đua của các đơn vị.",
            "Thảo luận; bình xét, suy tôn bằng phiếu kín các đơn vị đề nghị khen thưởng.",
            f"Bầu đơn vị Cụm trưởng, Cụm phó năm {year + 1}; phát động thi đua và ký giao ước thi đua năm {year + 1}.",
        ]),
        Paragraph("Chương trình cụ thể của Hội nghị được thông báo tại Giấy mời."),  # the invitation lists the agenda
        Heading("TỔ CHỨC THỰC HIỆN", label="IV."),
        *_plan_tasks(plan, members, due_text),
    ]
    if plan.funding:
        body += [Heading("KINH PHÍ", label="V."), Paragraph(plan.funding)]
    if plan.contact:
        body.append(Paragraph(f"Đầu mối liên hệ: {plan.contact}."))
    body.append(Paragraph(f"{leader.name} đề nghị các đơn vị thành viên phối hợp thực hiện./."))
    issuer = document_issuer(cluster_year, plan.date, unit=leader, doc_type="KH")
    to = [f"{_office(cluster_year)} (b/c)"]
    if leader.parent_authority:
        to.append(f"{_authority_in_text(leader.parent_authority)} (b/c)")
    to.append(f"Các đơn vị thành viên {cluster.name}")
    return Document(
        issuer=issuer,
        # the number as the register holds it (a plan numbered before the issuer had its
        # own symbol keeps the one it was given)
        number=plan.issued_document.document_number,
        place=issuer.place or UNKNOWN_PLACE,
        date=plan.date,
        subject=plan.issued_document.subject,
        body=body,
        signatures=[Signature(authority=issuer.authority(), signer=plan.signer)],
        recipients=Recipients(to=to, archive=["VT"]),
    )


def plan_preview_document(cluster_year: ClusterYear, data: dict) -> Document:
    """The plan as it will be issued from the form's `data` (PlanForm.cleaned_data), with
    the number it will get (the văn thư's, or the register's next), still marked
    "DỰ THẢO": what the leader unit reads before confirming. Nothing is saved."""
    from django.utils.translation import gettext

    from thidua.core.errors import Conflict
    from thidua.documents.models import IssuedDocument

    from .issuer import leader_unit, register_unit
    from .services import plan_subject

    leader = leader_unit(cluster_year)
    if leader is None:
        raise Conflict(gettext("Năm thi đua chưa có đơn vị Cụm trưởng."))
    day = data["date"]
    issuer = document_issuer(cluster_year, day, unit=leader, doc_type="KH")
    register = register_unit(issuer)
    number = data.get("number") or register_next(unit=register, doc_type="KH", issuer_symbol=issuer.symbol, year=day.year)
    issued = IssuedDocument(unit=register, issuer_symbol=issuer.symbol, doc_type="KH", year=day.year, number=number, date=day,
                            subject=plan_subject(cluster_year))
    plan = ConferencePlan(
        cluster_year=cluster_year, issued_document=issued, issuer_unit=leader, date=day,
        conference_date=data.get("conference_date"), conference_place=(data.get("conference_place") or "").strip(),
        reports_due=data.get("reports_due"), signer=(data.get("signer") or "").strip(),
        conference_time=data.get("conference_time"), registration_due=data.get("registration_due"),
        funding=" ".join((data.get("funding") or "").split()), contact=" ".join((data.get("contact") or "").split()),
    )
    return replace(plan_document(plan), draft=True)


# --- the number before it is issued --------------------------------------------------------------
def next_number(cluster_year: ClusterYear, doc_type: str, day: dt.date, *, kind_covenant: bool = False,
                host: Unit | None = None) -> DocumentNumber | None:
    """The number the issuer's register would give a document of `doc_type` now, shown
    on the page and in the preview before anyone issues it (None without a leader unit)."""
    issuer = document_issuer(cluster_year, day, doc_type=doc_type, kind="giao-uoc" if kind_covenant else "",
                             host=host)
    if issuer.unit_id is None:
        return None
    unit = register_unit(issuer)
    return issuer.number(register_next(unit=unit, doc_type=doc_type, issuer_symbol=issuer.symbol, year=day.year), doc_type)


def with_number_preview(document: Document, raw: str) -> Document:
    """The unnumbered `document` as it would read with the number `raw` (the next one, or
    the one the văn thư gave), dated, and still marked "DỰ THẢO": a preview, never the
    issued document. A number that is not one leaves the document as it was."""
    text = (raw or "").strip()
    if not text.isdigit() or not 1 <= int(text) <= 99999:
        return document
    number = DocumentNumber(int(text), document.number.type_code, document.number.issuer_symbol)
    return replace(document, number=number, dated=True, draft=True)


def docx_filename(what: str, cluster_year: ClusterYear) -> FileName:
    """The document's download name (core.http.export_name): the cluster, the year and the
    document, e.g. Cum-thi-dua-so-3_2026_Giao-uoc-thi-dua.docx (the documents are Vietnamese
    whatever the interface's language, and so are their names)."""
    return export_name(cluster_year.cluster.name, cluster_year.year, what, ext="docx")


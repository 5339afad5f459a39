"""More of the year's documents, as drafts for the leader unit's clerk (unnumbered: the
number is given when the document is issued):

- the cluster's regulation (Quy chế hoạt động), chapters and articles from the year's rules;
- the work programme (Chương trình công tác) of the year;
- a letter (công văn) asking the members to comment on the draft year-end report;
- the year-end report (Báo cáo tổng kết), its skeleton filled in with the year's facts.

Issued by the leader unit on behalf of the cluster: its header, its symbol, its place;
signed "TM. <cluster> / CỤM TRƯỞNG". Kept apart from documents.py so that the two
modules evolve separately; the registry `DOCUMENTS` is what the pages serve."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from thidua.documents.document import (
    Document,
    Heading,
    Issuer,
    ListBlock,
    Paragraph,
    Recipients,
    Signature,
    article,
    chapter,
)
from thidua.documents.places import place_name
from thidua.org.models import ClusterYear, Phase, Unit

from .documents import _authority_in_text, _office, docx_filename, draft_day
from .issuer import document_issuer
from .issuer import leader_unit as _leader
from .models import ConferencePlan, Launch, Registration
from .selectors import covenant_progress, head_name, members_of
from .services import year_settings_get


def _count(n: int) -> str:
    """A count as documents write it: "05", "12"; none is "0", never "00"."""
    return f"{n:02d}" if n else "0"


AGGREGATION_TEXT = {
    "mean": "trung bình cộng điểm chấm của các đơn vị chấm",
    "trimmed_mean": "trung bình cộng sau khi loại điểm cao nhất và thấp nhất",
    "median": "trung vị điểm chấm của các đơn vị chấm",
}


UNKNOWN_PLACE = "……………"


def _place(unit: Unit | None, day: dt.date) -> str:
    """The issuer's seat on `day` (its province's name then), as cycle.issuer gives it."""
    if unit is not None and unit.province_id:
        return place_name(unit.province, day)
    return UNKNOWN_PLACE


def _issuer(cluster_year: ClusterYear, code: str) -> tuple[Issuer, Unit | None, str]:
    """The issuer of the year's document of type `code` (cycle.issuer.document_issuer:
    the cluster's setting, by default the leader unit on behalf of the cluster), the
    leader unit and the number's symbol."""
    issuer = document_issuer(cluster_year, draft_day(cluster_year), doc_type=code)
    return issuer, _leader(cluster_year), issuer.symbol.replace(" ", "")


def _signature(cluster_year: ClusterYear, issuer: Issuer) -> Signature:
    """The issuer's signature: "TM. <CỤM> / CỤM TRƯỞNG" or its own title, and the name of
    the head of the unit that signs (none for the organizer)."""
    return Signature(authority=issuer.authority(), signer=head_name(issuer.unit_id) if issuer.unit_id else "")


def _recipients(cluster_year: ClusterYear, leader: Unit | None, *, members: bool = True) -> Recipients:
    to = [f"{_office(cluster_year)} (b/c)"]
    if leader is not None and leader.parent_authority:
        to.append(f"{_authority_in_text(leader.parent_authority)} (b/c)")
    if members:
        to.append(f"Các đơn vị thành viên {cluster_year.cluster.name}")
    return Recipients(to=to, archive=["VT"])


def _plan(cluster_year: ClusterYear) -> ConferencePlan | None:
    return ConferencePlan.objects.filter(cluster_year=cluster_year).first()


def _draft(cluster_year: ClusterYear, issuer: Issuer, leader: Unit | None, code: str, day, subject: str, body, **more) -> Document:
    """A year's document as the drafts below share it: the issuer's number for `code` (blank
    until the văn thư gives it), its seat, its signature and, unless `more` says otherwise,
    the usual recipients."""
    if "recipients" not in more:
        more["recipients"] = _recipients(cluster_year, leader)
    return Document(issuer=issuer, number=issuer.number(None, code), place=issuer.place or UNKNOWN_PLACE, date=day,
                    subject=subject, body=body, signatures=[_signature(cluster_year, issuer)], **more)  # fmt: skip


# --- the regulation ----------------------------------------------------------------------------


def regulation_document(cluster_year: ClusterYear) -> Document:
    cluster, year = cluster_year.cluster, cluster_year.year
    settings = year_settings_get(cluster_year)
    issuer, leader, _symbol = _issuer(cluster_year, "QC")
    day = draft_day(cluster_year)
    members = members_of(cluster_year)
    flags, merits = settings.quotas.get("flag", 0), settings.quotas.get("merit", 0)
    aggregation = AGGREGATION_TEXT.get(settings.aggregation, settings.get_aggregation_display())
    quorum = f"{float(settings.quorum_percent):g}".replace(".", ",")
    body = [
        chapter("I", "Quy định chung"),
        *article(1, f"Quy chế này quy định về tổ chức, hoạt động, nhiệm vụ của {cluster.name} và trách nhiệm của các đơn vị "
                    "thành viên trong việc tổ chức phong trào thi đua, chấm điểm, bình xét, suy tôn và đề nghị khen thưởng.",
                 title="Phạm vi điều chỉnh, đối tượng áp dụng"),
        *article(2, f"{cluster.name} gồm {_count(len(members))} đơn vị thành viên: "
                    + "; ".join(m.unit.name for m in members) + ".", title="Thành viên của Cụm"),
        chapter("II", "Tổ chức và hoạt động"),
        *article(3, f"Cụm có đơn vị Cụm trưởng và các đơn vị Cụm phó, được bầu tại Hội nghị tổng kết hằng năm, làm nhiệm vụ "
                    f"trong năm tiếp theo. Đơn vị Cụm trưởng năm {year}: {leader.name if leader else '……'}.",
                 title="Cụm trưởng, Cụm phó"),
        *article(4, "Đơn vị Cụm trưởng xây dựng chương trình công tác, kế hoạch tổ chức các hoạt động của Cụm; chủ trì tổ chức "
                    "Hội nghị tổng kết; tổng hợp kết quả chấm điểm, bình xét và báo cáo cơ quan tổ chức. Các đơn vị Cụm phó "
                    "phối hợp với đơn vị Cụm trưởng; các đơn vị thành viên thực hiện giao ước thi đua và gửi báo cáo đúng hạn.",
                 title="Nhiệm vụ của các đơn vị"),
        chapter("III", "Chấm điểm, bình xét và đề nghị khen thưởng"),
        *article(5, f"Các đơn vị tự chấm điểm và chấm chéo theo bảng tiêu chí của năm; điểm của mỗi đơn vị là {aggregation}.",
                 title="Chấm điểm thi đua"),
        *article(6, f"Hội nghị bình xét, suy tôn bằng phiếu kín khi có từ {quorum}% số đơn vị thành viên trở lên dự họp. "
                    f"Cụm đề nghị tặng Cờ thi đua tối đa {_count(flags)} đơn vị và Bằng khen tối đa {_count(merits)} đơn vị.",
                 title="Bình xét, suy tôn"),
        chapter("IV", "Tổ chức thực hiện"),
        *article(7, "Các đơn vị thành viên có trách nhiệm thực hiện Quy chế này. Trong quá trình thực hiện, nếu có vướng mắc, "
                    "các đơn vị phản ánh về đơn vị Cụm trưởng để tổng hợp, thống nhất sửa đổi, bổ sung tại Hội nghị của Cụm./.",
                 title="Hiệu lực thi hành"),
    ]
    return _draft(cluster_year, issuer, leader, "QC", day, f"Tổ chức và hoạt động của {cluster.name}", body)


# --- the work programme -------------------------------------------------------------------------
def programme_document(cluster_year: ClusterYear) -> Document:
    cluster, year = cluster_year.cluster, cluster_year.year
    issuer, leader, _symbol = _issuer(cluster_year, "CTr")
    day = draft_day(cluster_year)
    deadlines = cluster_year.deadlines or {}

    def due(key: str, fallback: str) -> str:
        try:
            day = dt.date.fromisoformat(deadlines.get(key) or "")
        except ValueError:
            return fallback
        return f"trước ngày {day.strftime('%d/%m/%Y')}"

    plan = _plan(cluster_year)
    conference = (f"ngày {plan.conference_date.strftime('%d/%m/%Y')}" if plan and plan.conference_date
                  else f"tháng 12 năm {year}")
    body = [
        Paragraph(f"Căn cứ Quy chế tổ chức và hoạt động của {cluster.name}, đơn vị Cụm trưởng xây dựng Chương trình công tác "
                  f"năm {year} của Cụm như sau:"),
        Heading("MỤC TIÊU", label="I."),
        Paragraph(f"Tổ chức phong trào thi đua thiết thực, hiệu quả; đánh giá đúng kết quả, bình xét công khai, khách quan "
                  f"các đơn vị tiêu biểu trong năm {year}."),
        Heading("NỘI DUNG VÀ THỜI GIAN THỰC HIỆN", label="II."),
        ListBlock([
            f"Phát động phong trào thi đua, ký kết giao ước thi đua năm {year}: quý I năm {year}.",
            f"Các đơn vị đăng ký danh hiệu, hình thức khen thưởng: {due('covenant', 'trong quý I')}.",
            f"Sơ kết 6 tháng, trao đổi kinh nghiệm giữa các đơn vị: tháng 7 năm {year}.",
            f"Các đơn vị gửi báo cáo tổng kết và bảng tự chấm điểm: {due('self_assessment', 'trong tháng 11')}.",
            f"Chấm điểm chéo giữa các đơn vị: {due('cross_scoring', 'trong tháng 11')}.",
            f"Hội nghị tổng kết, bình xét, suy tôn, bầu Cụm trưởng, Cụm phó năm {year + 1}: {conference}.",
        ], style="number"),
        Heading("TỔ CHỨC THỰC HIỆN", label="III."),
        Paragraph("Đơn vị Cụm trưởng chủ trì, đôn đốc thực hiện Chương trình; các đơn vị Cụm phó phối hợp; các đơn vị thành "
                  "viên chủ động thực hiện các nội dung được giao./."),
    ]
    return _draft(cluster_year, issuer, leader, "CTr", day, f"Công tác năm {year} của {cluster.name}", body)


# --- the letter asking for comments --------------------------------------------------------------
def comment_letter_document(cluster_year: ClusterYear) -> Document:
    """A công văn: no type line, "V/v …" under the number, "Kính gửi: …"."""
    cluster, year = cluster_year.cluster, cluster_year.year
    issuer, leader, _symbol = _issuer(cluster_year, "")
    day = draft_day(cluster_year)
    reply_by = day + dt.timedelta(days=7)
    body = [
        Paragraph(f"Thực hiện Chương trình công tác năm {year} của {cluster.name}, "
                  f"{leader.name if leader else 'đơn vị Cụm trưởng'} – đơn vị Cụm trưởng – đã xây dựng dự thảo Báo cáo tổng "
                  f"kết công tác thi đua, khen thưởng năm {year} của Cụm (gửi kèm theo)."),
        Paragraph(f"Đề nghị các đơn vị nghiên cứu, góp ý vào dự thảo và gửi ý kiến bằng văn bản về đơn vị Cụm trưởng trước ngày "
                  f"{reply_by.strftime('%d/%m/%Y')}; quá thời hạn trên, đơn vị không có ý kiến được hiểu là đồng ý với dự thảo."),
        Paragraph("Trân trọng./."),
    ]
    return _draft(
        cluster_year, issuer, leader, "", day, f"góp ý dự thảo Báo cáo tổng kết công tác thi đua, khen thưởng năm {year}", body,
        addressees=[f"Các đơn vị thành viên {cluster.name}"],
        recipients=Recipients(to=["Như trên", f"{_office(cluster_year)} (b/c)"], archive=["VT"]),
    )


# --- the year-end report ------------------------------------------------------------------------
def report_document(cluster_year: ClusterYear) -> Document:
    cluster, year = cluster_year.cluster, cluster_year.year
    issuer, leader, _symbol = _issuer(cluster_year, "BC")
    day = draft_day(cluster_year)
    members = members_of(cluster_year)
    registered = Registration.objects.filter(cluster_year=cluster_year).count()
    progress = covenant_progress(cluster_year)
    signed = sum(1 for _m, signature in progress.rows if signature is not None)
    launch = Launch.objects.filter(cluster_year=cluster_year).first()
    items = [str(i) for i in (launch.items if launch is not None else [])]
    body = [
        Heading("ĐẶC ĐIỂM TÌNH HÌNH", label="I."),
        Paragraph(f"{cluster.name} năm {year} gồm {_count(len(members))} đơn vị thành viên; đơn vị Cụm trưởng: "
                  f"{leader.name if leader else '……'}."),
        Heading("KẾT QUẢ THỰC HIỆN PHONG TRÀO THI ĐUA", label="II."),
        Heading("Công tác phát động, ký kết giao ước thi đua", label="1.", level=2),
        Paragraph(f"{_count(signed)}/{_count(len(members))} đơn vị đã ký giao ước thi đua năm {year}; "
                  f"{_count(registered)} đơn vị đăng ký danh hiệu, hình thức khen thưởng."),
        *([ListBlock(items)] if items else []),
        Heading("Kết quả thực hiện các nội dung thi đua", label="2.", level=2),
        Paragraph("(Đơn vị Cụm trưởng tổng hợp từ báo cáo của các đơn vị thành viên.)", italic=True),
        Heading("Công tác chấm điểm, bình xét", label="3.", level=2),
        Paragraph("Kết quả chấm điểm, xếp hạng của các đơn vị tại Phụ lục kèm theo.", italic=True),
        Heading("ĐÁNH GIÁ CHUNG", label="III."),
        Heading("Ưu điểm", label="1.", level=2),
        Paragraph("……"),
        Heading("Tồn tại, hạn chế và nguyên nhân", label="2.", level=2),
        Paragraph("……"),
        Heading(f"PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {year + 1}", label="IV."),
        Paragraph("……"),
        Heading("ĐỀ XUẤT, KIẾN NGHỊ", label="V."),
        Paragraph("……/."),
    ]
    return _draft(cluster_year, issuer, leader, "BC", day, f"Tổng kết công tác thi đua, khen thưởng năm {year} của {cluster.name}", body)


# --- the plan launching the year's movement (from the launch) -------------------------------------------
def launch_plan_document(cluster_year: ClusterYear) -> Document:
    """Kế hoạch phát động phong trào thi đua: the launch's goals and items (cycle.Launch) as
    a plan — purpose and requirements, the contents, who competes for what, what the leader
    unit, the deputies and the members each do and by when."""
    from thidua.org.models import Role

    cluster, year = cluster_year.cluster, cluster_year.year
    settings = year_settings_get(cluster_year)
    issuer, leader, _symbol = _issuer(cluster_year, "KH")
    day = draft_day(cluster_year)
    members = members_of(cluster_year)
    launch = Launch.objects.filter(cluster_year=cluster_year).first()
    goals = [" ".join(line.split()) for line in (launch.goals if launch else "").splitlines() if line.strip()]
    # the launch's items as a list's lines: a capital first letter, ";" between, "." at the end
    items = [" ".join(str(i).split()).rstrip(";.") for i in (launch.items if launch else []) if str(i).strip()]
    items = [f"{t[:1].upper()}{t[1:]}{'.' if n == len(items) - 1 else ';'}" for n, t in enumerate(items)]
    deadlines = cluster_year.deadlines or {}

    def due(key: str) -> str:
        try:
            return f" trước ngày {dt.date.fromisoformat(deadlines.get(key) or ''):%d/%m/%Y}"
        except ValueError:
            return ""

    deputies = [m.unit.name for m in members if m.role in (Role.DEPUTY1, Role.DEPUTY2)]
    flags, merits = settings.quotas.get("flag", 0), settings.quotas.get("merit", 0)
    leader_name = leader.name if leader else "đơn vị Cụm trưởng"
    body = [
        Paragraph(f"Căn cứ Quy chế tổ chức và hoạt động của {cluster.name}; thực hiện Chương trình công tác năm {year} của "
                  f"Cụm, {leader_name} – đơn vị Cụm trưởng – xây dựng Kế hoạch phát động phong trào thi đua năm {year} như sau:"),
        Heading("MỤC ĐÍCH, YÊU CẦU", label="I."),
        Heading("Mục đích", label="1.", level=2),
        ListBlock(goals or [f"Động viên cán bộ, công chức, người lao động các đơn vị thành viên thi đua hoàn thành xuất sắc "
                            f"nhiệm vụ năm {year}; phát hiện, nhân rộng các điển hình tiên tiến, cách làm hay."]),
        Heading("Yêu cầu", label="2.", level=2),
        ListBlock([
            "Phong trào thi đua được tổ chức thiết thực, hiệu quả, gắn với nhiệm vụ chính trị của từng đơn vị; tránh hình "
            "thức, lãng phí.",
            "Việc đánh giá, chấm điểm, bình xét bảo đảm công khai, dân chủ, khách quan, đúng Quy chế của Cụm.",
        ]),
        Heading("NỘI DUNG THI ĐUA", label="II."),
        *([ListBlock(items, style="number")] if items else [Paragraph("……")]),
        Heading("ĐỐI TƯỢNG, DANH HIỆU VÀ HÌNH THỨC KHEN THƯỞNG", label="III."),
        Paragraph(f"Đối tượng: {_count(len(members))} đơn vị thành viên {cluster.name}."),
        Paragraph(f"Trên cơ sở kết quả chấm điểm, xếp hạng, Hội nghị tổng kết của Cụm bình xét, suy tôn đề nghị "
                  f"{cluster.organizer.name} tặng Cờ thi đua (tối đa {_count(flags)} đơn vị) và Bằng khen (tối đa "
                  f"{_count(merits)} đơn vị)."),
        Heading("TỔ CHỨC THỰC HIỆN", label="IV."),
        Heading(f"{leader_name} (đơn vị Cụm trưởng)", label="1.", level=2),
        ListBlock([
            f"Phát động phong trào thi đua; tổ chức ký kết giao ước thi đua năm {year} giữa các đơn vị thành viên.",
            "Theo dõi, đôn đốc, tổng hợp kết quả thực hiện; tổ chức chấm điểm, sơ kết, tổng kết phong trào thi đua của Cụm.",
        ]),
        Heading("Các đơn vị Cụm phó" + (f" ({'; '.join(deputies)})" if deputies else ""), label="2.", level=2),
        Paragraph("Phối hợp với đơn vị Cụm trưởng theo dõi, đôn đốc, tổng hợp và đánh giá kết quả phong trào thi đua."),
        Heading("Các đơn vị thành viên", label="3.", level=2),
        ListBlock([
            f"Ký giao ước thi đua{due(Phase.COVENANT)}; đăng ký danh hiệu, hình thức khen thưởng năm {year} trên ThiDua.",
            "Xây dựng kế hoạch, tổ chức phát động phong trào thi đua tại đơn vị theo các nội dung nêu trên.",
            f"Gửi báo cáo tổng kết và bảng tự chấm điểm về đơn vị Cụm trưởng{due(Phase.SELF_ASSESSMENT)}.",
        ]),
        Paragraph(f"Trên đây là Kế hoạch phát động phong trào thi đua năm {year} của {cluster.name}; đề nghị các đơn vị "
                  "thành viên triển khai thực hiện./."),
    ]
    return _draft(cluster_year, issuer, leader, "KH", day, f"Phát động phong trào thi đua năm {year} của {cluster.name}", body)


# --- the registry the pages serve -------------------------------------------------------------------
@dataclass(frozen=True)
class Kind:
    title: str  # the link's and the file's name
    build: Callable[[ClusterYear], Document]
    #: its type code in numbers (cycle.issuer.DOC_TYPES: who issues it, whose register)
    code: str = ""

    def filename(self, cluster_year: ClusterYear):
        return docx_filename(self.title, cluster_year)


DOCUMENTS: dict[str, Kind] = {
    "ke-hoach-phat-dong": Kind("Kế hoạch phát động phong trào thi đua", launch_plan_document, "KH"),
    "quy-che": Kind("Quy chế hoạt động của Cụm", regulation_document, "QC"),
    "chuong-trinh": Kind("Chương trình công tác", programme_document, "CTr"),
    "cong-van-gop-y": Kind("Công văn xin góp ý dự thảo báo cáo", comment_letter_document, ""),
    "bao-cao-tong-ket": Kind("Báo cáo tổng kết", report_document, "BC"),
}


def document_links(cluster_year: ClusterYear) -> list[dict]:
    """The links of the year's documents area (documents/_year_documents.html)."""
    from django.urls import reverse

    args = [cluster_year.cluster_id, cluster_year.year]
    return [
        {"slug": slug, "title": spec.title, "units": None,
         **{fmt: reverse(f"cycle_document_{fmt}", args=[*args, slug]) for fmt in ("preview", "docx", "pdf")}}
        for slug, spec in DOCUMENTS.items()
    ]

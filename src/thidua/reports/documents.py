"""The reports app's documents (Decree 30/2020 layout, documents engine; issuer from
cycle.issuer.document_issuer, decision 0020; decision 0024 for who issues what):

- each version of the summary report (Báo cáo tổng kết): issued by the leader unit on
  behalf of the cluster, marked "DỰ THẢO" until the conference adopts it; unnumbered (the
  leader's văn thư gives the number when it is issued);
- the letter (công văn) asking the members for comments, with the round's real deadline:
  issued by the drafting unit (a deputy when the leader assigned one), which collects them;
- the mid-year review's short report (báo cáo sơ kết)."""

from __future__ import annotations

import re

from thidua.cycle.documents import _office, docx_filename
from thidua.cycle.documents_more import _place, _recipients, draft_day
from thidua.cycle.issuer import document_issuer
from thidua.cycle.issuer import leader_unit as _leader
from thidua.cycle.selectors import head_name
from thidua.documents.document import Document, Heading, Paragraph, Recipients, Signature
from thidua.org.models import ClusterYear, Membership, Role, Unit

from .models import MidYearReview, Report, ReportVersion

LABEL = re.compile(r"^([IVX]+(?:\.\d+)?\.)\s+(.*)$")
ROLE_TITLE = {Role.LEADER: "CỤM TRƯỞNG", Role.DEPUTY1: "CỤM PHÓ", Role.DEPUTY2: "CỤM PHÓ"}
PART_II = "KẾT QUẢ THỰC HIỆN PHONG TRÀO THI ĐUA"


def _paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(line.strip()) for line in (text or "").split("\n") if line.strip()] or [Paragraph("……")]


def _issued_by(cluster_year: ClusterYear, unit: Unit | None):
    day = draft_day(cluster_year)
    issuer = document_issuer(cluster_year, day, unit=unit)
    return issuer, day


def _head_in_year(cluster_year: ClusterYear, unit: Unit) -> str:
    """The unit's head that year: the name its head gave as the conference's voting
    delegate (the seed's Phú Thọ director in 2017), else its head's account."""
    from thidua.voting.selectors import voting_delegate_of

    delegate = voting_delegate_of(cluster_year, unit.pk)
    if delegate is not None and delegate.user.unit_id == unit.pk and delegate.user.is_unit_head and delegate.full_name:
        return delegate.full_name
    return head_name(unit.pk)


def _signature(cluster_year: ClusterYear, issuer, unit: Unit | None) -> Signature:
    role = Membership.objects.filter(cluster_year=cluster_year, unit=unit).values_list("role", flat=True).first() if unit else None
    signer = _head_in_year(cluster_year, unit) if unit else ""
    return Signature(authority=issuer.authority(ROLE_TITLE.get(role, "CỤM TRƯỞNG")), signer=signer)


def sections_body(sections: list[dict]) -> list:
    """The sections as headings and paragraphs; "II.1." sections under one "II." heading."""
    body, part_two = [], False
    for section in sections:
        match = LABEL.match(section["title"])
        label, title = (match.group(1), match.group(2)) if match else ("", section["title"])
        level = 2 if label.count(".") == 2 else 1
        if level == 2 and label.startswith("II.") and not part_two:
            body.append(Heading(PART_II, label="II."))
            part_two = True
        body.append(Heading(title, label=label.split(".")[1] + "." if level == 2 else label, level=level))
        body += _paragraphs(section["text"])
    return body


def version_document(report: Report, version: ReportVersion) -> Document:
    cluster_year = report.cluster_year
    leader = _leader(cluster_year)
    issuer, day = _issued_by(cluster_year, leader)
    return Document(
        issuer=issuer,
        number=issuer.number(None, "BC"),
        place=_place(leader, day),
        date=day,
        subject=f"Tổng kết công tác thi đua, khen thưởng năm {cluster_year.year} của {cluster_year.cluster.name}",
        body=sections_body(version.sections),
        signatures=[_signature(cluster_year, issuer, leader)],
        recipients=_recipients(cluster_year, leader),
        draft=version.state != ReportVersion.State.ADOPTED,
    )


def letter_document(report: Report, version: ReportVersion) -> Document:
    """The công văn asking the members to comment on `version` by the round's deadline."""
    cluster_year, drafter = report.cluster_year, report.drafter
    issuer, day = _issued_by(cluster_year, drafter)
    until = report.comments_until.strftime("%d/%m/%Y") if report.comments_until else "……"
    leader = _leader(cluster_year)
    assigned = "" if leader is None or leader.pk == drafter.pk else f", được đơn vị Cụm trưởng ({leader.name}) giao,"
    body = [
        Paragraph(f"Thực hiện Chương trình công tác năm {cluster_year.year} của {cluster_year.cluster.name}, {drafter.name}{assigned} "
                  f"đã xây dựng dự thảo Báo cáo tổng kết công tác thi đua, khen thưởng năm {cluster_year.year} của Cụm "
                  f"(lần {version.number}, gửi kèm theo và đăng trên ThiDua)."),
        Paragraph(f"Đề nghị các đơn vị nghiên cứu, góp ý vào dự thảo trên ThiDua hoặc bằng văn bản gửi về {drafter.name} trước "
                  f"ngày {until}; quá thời hạn trên, đơn vị không có ý kiến được hiểu là đồng ý với dự thảo."),
        Paragraph("Trân trọng./."),
    ]
    return Document(
        issuer=issuer,
        number=issuer.number(None, ""),
        place=_place(drafter, day),
        date=day,
        subject=f"góp ý dự thảo Báo cáo tổng kết công tác thi đua, khen thưởng năm {cluster_year.year}",
        addressees=[f"Các đơn vị thành viên {cluster_year.cluster.name}"],
        body=body,
        signatures=[_signature(cluster_year, issuer, drafter)],
        recipients=Recipients(to=["Như trên", f"{_office(cluster_year)} (b/c)"], archive=["VT"]),
    )


def mid_year_document(review: MidYearReview) -> Document:
    cluster_year = review.cluster_year
    leader = _leader(cluster_year)
    issuer, day = _issued_by(cluster_year, leader)
    present = list(review.present.all())
    body = [
        Paragraph(f"Ngày {review.date.strftime('%d/%m/%Y')}, tại {review.place}, {cluster_year.cluster.name} tổ chức hội nghị sơ kết "
                  f"công tác thi đua, khen thưởng 6 tháng đầu năm {cluster_year.year} do {review.host.name} chủ trì."),
        Heading("THÀNH PHẦN", label="I."),
        Paragraph(f"{len(present):02d} đơn vị thành viên dự họp: " + "; ".join(u.name for u in present) + "." if present else "……"),
        *([Paragraph(review.attendance_note)] if review.attendance_note else []),
        Heading("NỘI DUNG", label="II."),
        *_paragraphs(review.content),
        Heading("KẾT LUẬN", label="III."),
        *_paragraphs(review.conclusions),
    ]
    amendments = list(review.amendments.all())
    if amendments:
        body.append(Heading("SỬA ĐỔI BẢNG TIÊU CHÍ CHẤM ĐIỂM", label="IV."))
        body += [Paragraph(f"Bảng tiêu chí sửa đổi từ lần {a.from_version} thành lần {a.to_version}. Lý do: {a.reason}")
                 for a in amendments]
    return Document(
        issuer=issuer,
        number=issuer.number(None, "BC"),
        place=_place(leader, day),
        date=day,
        subject=f"Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm {cluster_year.year} của {cluster_year.cluster.name}",
        body=body,
        signatures=[_signature(cluster_year, issuer, leader)],
        recipients=_recipients(cluster_year, leader),
    )


def filename(title: str, cluster_year: ClusterYear):
    return docx_filename(title, cluster_year)

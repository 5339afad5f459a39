"""More of the conference's documents, drafts for the clerk (unnumbered until issued):

- the authorisation (Giấy ủy quyền) of a unit's voting delegate who is not its head;
- the notice of the results (Thông báo kết quả bình xét) of the closed polls;
- the submission (Tờ trình) of the cluster's proposals to the organizer, with the list
  (Danh sách) annexed, and the list on its own;
- the achievement report (Báo cáo thành tích) of a proposed unit, with the superior
  body's confirmation block beside the unit's signature;
- the organizer's decision (Quyết định) awarding the proposed units: "Căn cứ …",
  "QUYẾT ĐỊNH:", Điều 1–3.

Kept apart from documents.py; `DOCUMENTS` is what the pages serve."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from thidua.cycle.documents_more import draft_day
from thidua.cycle.issuer import HEAD_OF, document_issuer
from thidua.cycle.legal_bases import emulation_law_bases
from thidua.cycle.selectors import head_name, members_of
from thidua.cycle.services import year_settings_get
from thidua.documents.document import (
    Document,
    DocumentNumber,
    Heading,
    Issuer,
    ListBlock,
    PageBreak,
    Paragraph,
    Recipients,
    Run,
    Signature,
    Table,
    article,
    authority_title,
    decides_line,
    legal_basis,
)
from thidua.documents.places import issuer_for_unit, place_name
from thidua.org.models import ClusterYear, Unit

from . import selectors, services
from .documents import BLANK, _d, _office, _pct, _result_table, docx_filename, outcome_text, threshold_text
from .models import Poll, Proposal


def _count(n: int) -> str:
    """A count as documents write it: "05", "12"; none is "0", never "00"."""
    return f"{n:02d}" if n else "0"


KIND_TEXT = {Proposal.Kind.FLAG: "Cờ thi đua", Proposal.Kind.MERIT: "Bằng khen"}
#: Appendix III has no code for an authorisation; "GUQ" is the one offices use
AUTHORISATION_CODE = "GUQ"


def unit_symbol(unit: Unit | None, cluster_year: ClusterYear) -> str:
    """The symbol in a unit's own document's number: the unit's, else the year's."""
    own = unit.symbol if unit is not None else ""
    return (own or year_settings_get(cluster_year).document_symbol).replace(" ", "")


def _cluster_issuer(cluster_year: ClusterYear, code: str) -> Issuer:
    """The issuer of the cluster's document of type `code` (cycle.issuer: the cluster's
    setting, by default the leader unit on behalf of the cluster), dated by the conference."""
    _conference, day = _conference_day(cluster_year)
    return document_issuer(cluster_year, day, doc_type=code)


def _cluster_signature(issuer: Issuer) -> Signature:
    return Signature(authority=issuer.authority(), signer=head_name(issuer.unit_id) if issuer.unit_id else "")


def _conference_day(cluster_year: ClusterYear):
    conference = services.conference_of(cluster_year)
    return conference, (conference.date or draft_day(cluster_year))


def _conference_text(cluster_year: ClusterYear, conference) -> str:
    if conference.date and conference.end_date and conference.end_date != conference.date:
        when = f"từ ngày {_d(conference.date)} đến ngày {_d(conference.end_date)}"
    else:
        when = f"ngày {_d(conference.date)}" if conference.date else f"ngày {BLANK}"
    where = f", tại {conference.place}" if conference.place else ""
    return f"Hội nghị tổng kết công tác thi đua, khen thưởng năm {cluster_year.year} của {cluster_year.cluster.name} ({when}{where})"


def _unit_place(unit: Unit | None, day, fallback: str) -> str:
    return place_name(unit.province, day) if unit is not None and unit.province_id else fallback


# --- the delegate's authorisation -------------------------------------------------------------------
def authorisation_document(cluster_year: ClusterYear, unit: Unit) -> Document:
    """Who authorises whom (the unit's head → its voting delegate) to vote at which
    conference. A unit without a delegate yet gets the form with blanks."""
    conference, day = _conference_day(cluster_year)
    delegate = selectors.voting_delegate_of(cluster_year, unit.pk)
    head = head_name(unit.pk)
    if delegate is not None and head and " ".join(delegate.full_name.split()).casefold() == " ".join(head.split()).casefold():
        delegate = None  # the head votes in person: nobody to authorise, the form keeps its blanks
    title = unit.head_title or "Giám đốc"
    body = [
        Paragraph([Run("Tôi: ", bold=True), head or BLANK], first_line_indent=False),
        Paragraph([Run("Chức vụ: ", bold=True), f"{title} {unit.name}"], first_line_indent=False),
        Paragraph([Run("Ủy quyền cho: ", bold=True), (delegate.full_name if delegate else BLANK)], first_line_indent=False),
        Paragraph([Run("Chức vụ: ", bold=True), (delegate.position if delegate and delegate.position else BLANK)],
                  first_line_indent=False),
        Paragraph([Run("Nội dung ủy quyền: ", bold=True),
                   f"Thay mặt {unit.name} dự {_conference_text(cluster_year, conference)}; thực hiện quyền biểu quyết "
                   "của đơn vị đối với các nội dung bình xét, suy tôn, bầu Cụm trưởng, Cụm phó và các nội dung khác "
                   "của Hội nghị."], first_line_indent=False),
        Paragraph([Run("Thời hạn ủy quyền: ", bold=True), "trong thời gian diễn ra Hội nghị."], first_line_indent=False),
        Paragraph("Người được ủy quyền không được ủy quyền lại cho người khác. Người ủy quyền chịu trách nhiệm về nội dung "
                  "ủy quyền./."),
    ]
    return Document(
        issuer=issuer_for_unit(unit),
        number=DocumentNumber(None, AUTHORISATION_CODE, unit_symbol(unit, cluster_year)),
        place=_unit_place(unit, day, conference.place or BLANK),
        date=day,
        type_title="GIẤY ỦY QUYỀN",
        subject=f"Biểu quyết tại Hội nghị tổng kết năm {cluster_year.year} của {cluster_year.cluster.name}",
        body=body,
        signatures=[
            Signature(authority=["NGƯỜI ĐƯỢC ỦY QUYỀN"], signer=delegate.full_name if delegate else "", position="left"),
            Signature(authority=["NGƯỜI ỦY QUYỀN", title], signer=head, position="right"),
        ],
        recipients=Recipients(to=[f"Đơn vị Cụm trưởng {cluster_year.cluster.name}", "Người được ủy quyền"], archive=["VT"]),
    )


# --- the notice of the results ---------------------------------------------------------------------------
def _closed_polls(cluster_year: ClusterYear) -> list[Poll]:
    return [p for p in selectors.polls_of(cluster_year) if p.state == Poll.State.CLOSED]


def results_notice_document(cluster_year: ClusterYear) -> Document:
    issuer = _cluster_issuer(cluster_year, "TB")
    conference, day = _conference_day(cluster_year)
    polls = _closed_polls(cluster_year)
    body: list = [
        Paragraph(f"Tại {_conference_text(cluster_year, conference)}, các đơn vị thành viên đã bình xét, suy tôn và bầu bằng "
                  "phiếu kín. Đơn vị Cụm trưởng thông báo kết quả như sau:"),
    ]
    if not polls:
        body.append(Paragraph("(Chưa có cuộc biểu quyết nào kết thúc.)", italic=True))
    for i, poll in enumerate(polls, 1):
        names = {u.pk: u.name for u in selectors.candidate_units(poll)}
        r = poll.results or {}
        body += [
            Heading(poll.title, label=f"{i}.", level=2),
            Paragraph(f"Số phiếu phát ra: {_count(r.get('issued', 0))}; số phiếu hợp lệ: {_count(r.get('valid', 0))}; "
                      f"điều kiện: {threshold_text(poll)}."),
            _result_table(poll),
            Paragraph(outcome_text(poll, names)),
        ]
    body.append(Paragraph("Đơn vị Cụm trưởng thông báo để các đơn vị thành viên biết./."))
    return Document(
        issuer=issuer,
        number=issuer.number(None, "TB"),
        place=issuer.place or BLANK,
        date=day,
        subject=f"Kết quả bình xét, suy tôn thi đua năm {cluster_year.year} của {cluster_year.cluster.name}",
        body=body,
        signatures=[_cluster_signature(issuer)],
        recipients=Recipients(to=[f"Các đơn vị thành viên {cluster_year.cluster.name}", f"{_office(cluster_year)} (b/c)"],
                              archive=["VT"]),
    )


# --- the list and the submission ---------------------------------------------------------------------------
def proposals_table(cluster_year: ClusterYear) -> Table:
    """The proposals of the closed nomination polls: per award, the units with their
    votes and share; a bold line per award with its count."""
    proposals = selectors.proposals_of(cluster_year)
    rows: list[list[str]] = []
    spans: dict[tuple[int, int], int] = {}
    for kind in (Proposal.Kind.FLAG, Proposal.Kind.MERIT):
        of_kind = [p for p in proposals if p.kind == kind]
        spans[(len(rows), 0)] = 5
        rows.append([f"Đề nghị tặng {KIND_TEXT[kind]}: {_count(len(of_kind))} đơn vị", "", "", "", ""])
        rows += [[str(i), p.unit.name, str(p.votes), _pct(p.percent), ""] for i, p in enumerate(of_kind, 1)]
    spans[(len(rows), 0)] = 2
    rows.append(["Tổng cộng", "", _count(len(proposals)) + " đơn vị", "", ""])
    return Table(
        header=["TT", "Tên đơn vị", "Số phiếu", "Tỷ lệ (%)", "Ghi chú"], rows=rows, widths_mm=[12, 83, 22, 24, 24],
        align=["center", "left", "right", "right", "left"], spans=spans, total_rows=1,
    )


def list_document(cluster_year: ClusterYear) -> Document:
    issuer = _cluster_issuer(cluster_year, "TTr")
    _conference, day = _conference_day(cluster_year)
    return Document(
        issuer=issuer,
        number=issuer.number(None, "TTr"),
        place=issuer.place or BLANK,
        date=day,
        type_title="DANH SÁCH",
        subject=f"Các đơn vị được {cluster_year.cluster.name} đề nghị khen thưởng năm {cluster_year.year}",
        body=[
            Paragraph("(Kèm theo Tờ trình của đơn vị Cụm trưởng)", align="center", first_line_indent=False, italic=True),
            proposals_table(cluster_year),
        ],
        signatures=[_cluster_signature(issuer)],
    )


def submission_document(cluster_year: ClusterYear) -> Document:
    cluster, year = cluster_year.cluster, cluster_year.year
    issuer = _cluster_issuer(cluster_year, "TTr")
    conference, day = _conference_day(cluster_year)
    settings = year_settings_get(cluster_year)
    proposals = selectors.proposals_of(cluster_year)
    flags = [p.unit.name for p in proposals if p.kind == Proposal.Kind.FLAG]
    merits = [p.unit.name for p in proposals if p.kind == Proposal.Kind.MERIT]
    body = [
        Paragraph(f"Căn cứ Quy chế tổ chức và hoạt động của {cluster.name};"),
        Paragraph(f"Căn cứ kết quả chấm điểm, xếp hạng thi đua năm {year} và kết quả bình xét, suy tôn bằng phiếu kín tại "
                  f"{_conference_text(cluster_year, conference)},"),
        Paragraph(f"{cluster.name} kính đề nghị {cluster.organizer.name} xem xét, khen thưởng các đơn vị sau:"),
        Paragraph([Run(f"1. Tặng Cờ thi đua ({_count(len(flags))}/{_count(settings.quotas.get('flag', 0))} suất): ", bold=True),
                   "; ".join(flags) or "không có đơn vị."]),
        Paragraph([Run(f"2. Tặng Bằng khen ({_count(len(merits))}/{_count(settings.quotas.get('merit', 0))} suất): ", bold=True),
                   "; ".join(merits) or "không có đơn vị."]),
        Paragraph("(Có danh sách, biên bản kiểm phiếu và báo cáo thành tích của các đơn vị kèm theo.)", italic=True),
        Paragraph(f"Kính trình {cluster.organizer.name} xem xét, quyết định./."),
    ]
    return Document(
        issuer=issuer,
        number=issuer.number(None, "TTr"),
        place=issuer.place or BLANK,
        date=day,
        subject=f"Đề nghị khen thưởng các đơn vị thuộc {cluster.name} năm {year}",
        addressees=[cluster.organizer.name],
        body=body,
        signatures=[_cluster_signature(issuer)],
        recipients=Recipients(to=["Như trên", f"{_office(cluster_year)}", f"Các đơn vị thành viên {cluster.name}"],
                              archive=["VT"]),
        annex=[
            PageBreak(),
            Paragraph("DANH SÁCH CÁC ĐƠN VỊ ĐỀ NGHỊ KHEN THƯỞNG", align="center", first_line_indent=False, bold=True,
                      keep_with_next=True),
            Paragraph("(Kèm theo Tờ trình số ……… ngày ……… của đơn vị Cụm trưởng)", align="center", first_line_indent=False,
                      italic=True, keep_with_next=True),
            proposals_table(cluster_year),
        ],
    )


# --- the achievement report of a proposed unit ---------------------------------------------------------
def achievement_report_document(cluster_year: ClusterYear, unit: Unit) -> Document:
    """The unit's report for its proposal: its registration, its scores and rank; the
    superior body's confirmation block on the left, the head's signature on the right."""
    from thidua.cycle.awards import award_choices
    from thidua.cycle.models import Registration
    from thidua.scoring.documents_annex import format_points
    from thidua.scoring.selectors.ranking import ranking

    year = cluster_year.year
    conference, day = _conference_day(cluster_year)
    proposal = next((p for p in selectors.proposals_of(cluster_year) if p.unit_id == unit.pk), None)
    award = KIND_TEXT.get(proposal.kind, "khen thưởng") if proposal else "khen thưởng"
    registration = Registration.objects.filter(cluster_year=cluster_year, unit=unit).first()
    result = ranking(cluster_year)
    line = next((ln for ln in result.lines if ln.unit.pk == unit.pk), None)
    points = (f"Tổng điểm chấm chéo {format_points(line.total)}, xếp thứ {_count(line.rank)}/{_count(len(result.ranked))} "
              f"đơn vị của {cluster_year.cluster.name}." if line and line.rank else "Chưa có kết quả xếp hạng.")
    labels = dict(award_choices())
    registered = "; ".join(labels.get(t, str(t)) for t in registration.titles) if registration and registration.titles else BLANK
    body = [
        Heading("SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", label="I."),
        Paragraph(f"{unit.name}: chức năng, nhiệm vụ, cơ cấu tổ chức, đặc điểm tình hình năm {year}. ……"),
        Heading("THÀNH TÍCH ĐẠT ĐƯỢC", label="II."),
        Heading("Đăng ký thi đua", label="1.", level=2),
        Paragraph(f"Đơn vị đăng ký: {registered}".rstrip(".") + "."),
        *([Paragraph(f"Cam kết: {' '.join(registration.commitments.split())}")] if registration and registration.commitments.strip()
          else []),
        Heading("Kết quả chấm điểm, xếp hạng", label="2.", level=2),
        Paragraph(points),
        *([Paragraph(f"Được {cluster_year.cluster.name} suy tôn đề nghị tặng {award} với {_count(proposal.votes)} phiếu, "
                     f"đạt {_pct(proposal.percent)}%.")] if proposal else []),
        Heading("Kết quả thực hiện nhiệm vụ chính trị, chuyên môn", label="3.", level=2),
        Paragraph("……"),
        Heading("CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", label="III."),
        Paragraph("……/."),
    ]
    title = unit.head_title or "Giám đốc"
    return Document(
        issuer=issuer_for_unit(unit),
        number=DocumentNumber(None, "BC", unit_symbol(unit, cluster_year)),
        place=_unit_place(unit, day, conference.place or BLANK),
        date=day,
        type_title="BÁO CÁO THÀNH TÍCH",
        subject=f"Đề nghị tặng {award} năm {year}",
        body=body,
        signatures=[
            Signature(authority=["XÁC NHẬN CỦA CẤP TRÊN", "TRỰC TIẾP"], note="(Ký, đóng dấu)", position="left"),
            Signature(authority=[title.upper()], note="(Ký, đóng dấu)", signer=head_name(unit.pk), position="right"),
        ],
        issuer_signature=1,
    )


# --- the organizer's decision ------------------------------------------------------------------------


def decision_document(cluster_year: ClusterYear) -> Document:
    cluster, year = cluster_year.cluster, cluster_year.year
    organizer = cluster.organizer
    _conference, day = _conference_day(cluster_year)
    proposals = selectors.proposals_of(cluster_year)
    head = HEAD_OF.get(organizer.kind, "THỦ TRƯỞNG")
    body = [
        authority_title(f"{head} {organizer.name}"),
        *(legal_basis(line) for line in emulation_law_bases(day)),  # those in force on its date
        legal_basis(f"Căn cứ Quy chế tổ chức và hoạt động của {cluster.name};"),
        legal_basis(f"Xét đề nghị của {cluster.name} tại Tờ trình số …… ngày …… và của {_office(cluster_year)}."),
        decides_line(),
        *article(1, f"Tặng Cờ thi đua, Bằng khen cho các đơn vị thuộc {cluster.name} đã có thành tích xuất sắc trong phong trào "
                    f"thi đua năm {year} (có danh sách kèm theo)."),
        ListBlock([f"{KIND_TEXT[p.kind]}: {p.unit.name}" for p in proposals] or ["……"]),
        *article(2, "Quyết định này có hiệu lực kể từ ngày ký."),
        *article(3, f"Chánh Văn phòng, {organizer.office_name or 'Trưởng bộ phận thi đua - khen thưởng'}, thủ trưởng các đơn vị "
                    "có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."),
    ]
    issuer = document_issuer(cluster_year, day, doc_type="QĐ")  # the organizer (cycle.issuer.DOC_TYPES)
    return Document(
        issuer=issuer,
        number=issuer.number(None, "QĐ"),
        place=issuer.place or BLANK,
        date=day,
        subject=f"Về việc tặng Cờ thi đua, Bằng khen cho các đơn vị thuộc {cluster.name} năm {year}",
        body=body,
        signatures=[Signature(authority=issuer.authority(), note="", signer="")],
        recipients=Recipients(to=["Như Điều 3", f"Các đơn vị thành viên {cluster.name}"], archive=["VT", "TĐKT"]),
    )


# --- the registry the pages serve --------------------------------------------------------------------------
@dataclass(frozen=True)
class Kind:
    title: str
    build: Callable[..., Document]
    #: "delegate": built for one member unit (its delegate's authorisation); "proposal":
    #: for one proposed unit; None: for the year
    per_unit: str | None = None
    #: its type code in numbers, for the year's documents the cluster numbers (cycle.issuer.DOC_TYPES)
    code: str | None = None

    def filename(self, cluster_year: ClusterYear, unit: Unit | None = None):
        return docx_filename(self.title, cluster_year, *([unit.symbol or unit.name] if unit is not None else []))


DOCUMENTS: dict[str, Kind] = {
    # a unit's own documents: numbered in its own register (its văn thư), signed by its head
    "giay-uy-quyen": Kind("Giấy ủy quyền biểu quyết", authorisation_document, per_unit="delegate", code=AUTHORISATION_CODE),
    "thong-bao-ket-qua": Kind("Thông báo kết quả bình xét", results_notice_document, code="TB"),
    "to-trinh": Kind("Tờ trình đề nghị khen thưởng", submission_document, code="TTr"),
    "danh-sach": Kind("Danh sách đề nghị khen thưởng", list_document),  # annexed to the Tờ trình: no number of its own
    "bao-cao-thanh-tich": Kind("Báo cáo thành tích", achievement_report_document, per_unit="proposal", code="BC"),
    "quyet-dinh": Kind("Dự thảo quyết định khen thưởng", decision_document, code="QĐ"),
}


def unit_choices(cluster_year: ClusterYear, per_unit: str) -> list[Unit]:
    """The units a per-unit document may be made for: the members (authorisation), the
    proposed units (achievement report)."""
    if per_unit == "proposal":
        # the proposals' units only: not their polls, whose frozen columns hold every member
        proposals = Proposal.objects.filter(cluster_year=cluster_year).select_related("unit").order_by("kind", "rank")
        seen, units = set(), []
        for p in proposals:
            if p.unit_id not in seen:
                seen.add(p.unit_id)
                units.append(p.unit)
        return units
    return [m.unit for m in members_of(cluster_year)]

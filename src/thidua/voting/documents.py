"""The conference's documents as document models (thidua.documents.document), rendered to
.docx and HTML by the engine (Decree 30/2020 layout, documents-nd30.md):

- the vote-counting minutes of a poll (Biên bản kiểm phiếu): the counting committee,
  ballots issued / returned / valid / invalid, the votes and percentage of each candidate,
  the outcome, the digest of the published ballots and the audit trail's head hash at the
  close, the committee's signatures;
- the conference minutes (Biên bản Hội nghị): time, place, attendance (present / total),
  chair, secretary, guests, the content, every poll's result, the elected leaders, the
  closing sentence; THƯ KÝ left, CHỦ TỌA right;
- the invitation (Giấy mời, GM), issued by the leader unit.

The issuer is one body (cycle.issuer: the leader unit on behalf of the cluster) for the
header, the symbol, the "TM." line and the place — the issuer's seat, except the minutes,
dated where the meeting was held. Numbers come from the registry
(numbering.document_number_issue) when the leader unit issues them; until then the number
and the day are left blank for the clerk ("Số:      /GM-SNgV", "ngày … tháng … năm …")."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from thidua.core.http import FileName, export_name
from thidua.cycle.documents import draft_day  # an undated draft: its year's names and places
from thidua.cycle.issuer import document_issuer, leader_unit
from thidua.cycle.selectors import head_name
from thidua.documents.document import (
    Document,
    Heading,
    Issuer,
    ListBlock,
    Paragraph,
    Recipients,
    Run,
    Signature,
    Table,
)
from thidua.documents.places import place_name
from thidua.org.models import ClusterYear, Unit

from . import selectors, services
from .models import Conference, Poll

BLANK = "……"
METHOD_TEXT = {
    Poll.Method.APPROVAL: "mỗi phiếu chọn tối đa {k} đơn vị",
    Poll.Method.SINGLE: "mỗi phiếu chọn một đơn vị",
    Poll.Method.YES_NO: "mỗi phiếu đồng ý / không đồng ý / không ý kiến với từng đơn vị (đồng ý tối đa {k} đơn vị)",
}
BASE_TEXT = {"members": "tổng số đơn vị thành viên", "present": "số đơn vị có mặt", "valid": "số phiếu hợp lệ"}


def _two(n: int) -> str:
    """A count in words' place: "05", but "0" for none (never "00")."""
    return f"{n:02d}" if n else "0"


def _d(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else BLANK


def _pct(value) -> str:
    return f"{float(value):.2f}".replace(".", ",")


def _meeting_place(conference: Conference, day: dt.date) -> str:
    """Minutes are dated where the meeting was held: the host's province (else the
    leader's), not the issuer's seat."""
    unit = conference.host_unit or leader_unit(conference.cluster_year)
    if unit is not None and unit.province_id:
        return place_name(unit.province, day)
    return conference.place or BLANK


def _issuer_place(issuer: Issuer) -> str:
    return issuer.place or BLANK


def _office(cluster_year: ClusterYear) -> str:
    organizer = cluster_year.cluster.organizer
    return f"{organizer.office_name} - {organizer.name}" if organizer.office_name else organizer.name


def threshold_text(poll: Poll) -> str:
    comparison = "trên" if poll.threshold_strict else "từ"
    return f"đạt {comparison} {_pct(poll.threshold_percent).rstrip('0').rstrip(',')}% {BASE_TEXT[poll.threshold_base]}"


DEPUTY_LABELS = {1: "Cụm phó thứ nhất", 2: "Cụm phó thứ hai"}


def outcome_text(poll: Poll, names: dict[int, str]) -> str:
    """The result of one round in words. A deputy is named by its place along the whole
    election (a run-off after a first deputy elects the second), and a run-off's reason
    says what is still undecided, not that nobody reached the threshold when someone did."""
    runoff = poll.results.get("runoff")
    positions = selectors.elected_positions(poll) if poll.kind == Poll.Kind.DEPUTY else {}
    elected = [names.get(u, str(u)) for u in poll.elected]
    parts = []
    if poll.kind == Poll.Kind.DEPUTY and elected:
        parts.append("; ".join(f"{DEPUTY_LABELS.get(positions.get(u), 'Cụm phó')}: {names.get(u, str(u))}" for u in poll.elected))
    elif elected:
        verb = {"flag": "Đơn vị được suy tôn đề nghị tặng Cờ thi đua", "merit": "Đơn vị được đề nghị tặng Bằng khen",
                "leader": "Đơn vị trúng cử Cụm trưởng"}.get(poll.kind, "Đơn vị đạt tỷ lệ phiếu cần thiết")
        parts.append(f"{verb}: {', '.join(elected)}")
    else:
        parts.append("Không có đơn vị nào trúng")
    if runoff:
        tied = ", ".join(names.get(u, str(u)) for u in runoff["candidates"])
        no_winner = ("chưa thêm đơn vị nào đạt tỷ lệ phiếu cần thiết cho số suất còn lại" if poll.elected
                     else "chưa đơn vị nào đạt tỷ lệ phiếu cần thiết")
        reason = {"tie": "bằng phiếu ở suất cuối cùng", "order": "bằng phiếu, cần xác định thứ tự",
                  "no_winner": no_winner}[runoff["reason"]]
        seats_for = ""
        if poll.kind == Poll.Kind.DEPUTY:
            done = len(selectors.earlier_positions(poll)) + len(positions) if poll.parent_id else len(positions)
            labels = [DEPUTY_LABELS[n] for n in range(done + 1, done + int(runoff["seats"]) + 1) if n in DEPUTY_LABELS]
            seats_for = f" để bầu {' và '.join(labels)}" if labels else ""
        parts.append(f"Bỏ phiếu lại ({reason}){seats_for} giữa các đơn vị: {tied} cho {_two(runoff['seats'])} suất")
    return ". ".join(parts) + "."


def _result_table(poll: Poll) -> Table:
    lines = selectors.result_lines(poll)
    yes_no = poll.method == Poll.Method.YES_NO
    if yes_no:
        header = ["TT", "Đơn vị", "Đồng ý", "Không đồng ý", "Không ý kiến", "Tỷ lệ đồng ý (%)", "Kết quả"]
        rows = [[str(i), line.unit.name, str(line.votes), str(line.no or 0), str(line.abstain or 0), _pct(line.percent),
                 "Đạt" if line.passed else "Không đạt"] for i, line in enumerate(lines, 1)]
        return Table(header=header, rows=rows, widths_mm=[10, 52, 18, 22, 22, 22, 19],
                     align=["center", "left", "right", "right", "right", "right", "center"], size=12)
    header = ["TT", "Đơn vị", "Số phiếu", "Tỷ lệ (%)", "Kết quả"]
    rows = [[str(i), line.unit.name, str(line.votes), _pct(line.percent), "Đạt" if line.passed else "Không đạt"]
            for i, line in enumerate(lines, 1)]
    # 26 mm: "Không đạt" on one line at 14 pt (20.7 mm and the cell's padding); 82 mm still
    # holds "Sở Ngoại vụ thành phố Hồ Chí Minh"
    return Table(header=header, rows=rows, widths_mm=[11, 82, 22, 24, 26], align=["center", "left", "right", "right", "center"])


def _figures(poll: Poll) -> list[str]:
    r = poll.results
    items = [
        f"Số đơn vị thành viên: {_two(r.get('entitled', 0))}; số đơn vị có mặt khi mở biểu quyết: {_two(r.get('present', 0))}.",
        f"Số phiếu phát ra: {_two(r.get('issued', 0))}; số phiếu thu về: {_two(r.get('returned', 0))}.",
        f"Số phiếu hợp lệ: {_two(r.get('valid', 0))} (trong đó phiếu trắng: {_two(r.get('blank', 0))}); "
        f"số phiếu không hợp lệ: {_two(r.get('invalid', 0))}.",
    ]
    return items


# --- the vote-counting minutes -------------------------------------------------------------------------
def counting_minutes_document(poll: Poll) -> Document:
    cluster_year = poll.cluster_year
    cluster = cluster_year.cluster
    conference = services.conference_of(cluster_year)
    closed = timezone.localtime(poll.closed_at) if poll.closed_at else None
    day = closed.date() if closed else (conference.date or draft_day(cluster_year))
    names = {u.pk: u.name for u in selectors.candidate_units(poll)}
    committee = conference.counting_committee or []
    when = f"Vào hồi {closed:%H} giờ {closed:%M} ngày {closed:%d/%m/%Y}" if closed else f"Vào hồi {BLANK} giờ {BLANK} ngày {_d(day)}"
    where = f", tại {conference.place}" if conference.place else ""
    method = METHOD_TEXT[poll.method].format(k=poll.max_choices)
    how = "bỏ phiếu kín bằng phiếu điện tử trên ThiDua" if poll.mode == Poll.Mode.ELECTRONIC else "bỏ phiếu kín bằng phiếu giấy"
    body: list = [
        Paragraph(f"{when}{where}, tại Hội nghị tổng kết công tác thi đua, khen thưởng năm {cluster_year.year} của {cluster.name}."),
        Heading("BAN KIỂM PHIẾU", label="I."),
    ]
    if committee:
        body.append(ListBlock(list(committee)))
    else:
        body.append(Paragraph(f"Gồm: {BLANK}", first_line_indent=True))
    body += [
        Heading("NỘI DUNG BIỂU QUYẾT", label="II."),
        Paragraph([Run(poll.title, bold=True)]),
        Paragraph(
            f"Hình thức: {how}; "
            f"{method}; số suất: {_two(poll.seats)}. Đơn vị trúng khi số phiếu {threshold_text(poll)}; nếu nhiều đơn vị đạt hơn số suất, "
            "lấy theo số phiếu từ cao xuống thấp."
        ),
    ]
    if poll.parent_id:
        body.append(Paragraph(f"Đây là lần bỏ phiếu lại của biểu quyết “{poll.parent.title}”.", italic=True))
    body += [
        Heading("KẾT QUẢ KIỂM PHIẾU", label="III."),
        ListBlock(_figures(poll)),
        _result_table(poll),
        Paragraph([Run("Kết quả: ", bold=True), outcome_text(poll, names)]),
    ]
    if poll.mode == Poll.Mode.ELECTRONIC and poll.digest and poll.publish_receipts:
        body.append(Paragraph([
            "Danh sách phiếu (mã biên nhận và lựa chọn, xếp theo mã) được công bố trên ThiDua; mã kiểm tra SHA-256 của danh sách: ",
            Run(poll.digest, bold=True), ". Mỗi đại biểu tra được phiếu của mình theo mã biên nhận và kiểm lại kết quả từ danh sách.",
        ], align="left"))  # a 64-letter code cannot break: justified, its line's words stood far apart
    elif poll.mode == Poll.Mode.ELECTRONIC and poll.digest:
        body.append(Paragraph([
            "Danh sách phiếu (chỉ có lựa chọn, không kèm mã biên nhận) được công bố trên ThiDua; mã kiểm tra SHA-256 của danh sách: ",
            Run(poll.digest, bold=True),
            ". Số phiếu trong danh sách bằng số đơn vị đã bỏ phiếu; mọi người kiểm lại được kết quả từ danh sách.",
        ], align="left"))
    if poll.trail_head_at_close:
        # The trail's head at the close: a trail rewritten or cut afterwards no longer matches this paper.
        body.append(Paragraph(["Mã băm đầu chuỗi nhật ký khi đóng phiếu: ", Run(poll.trail_head_at_close, bold=True), "."],
                              align="left"))
    if poll.notes:
        body.append(Paragraph(f"Ghi chú: {poll.notes}", italic=True))
    body.append(Paragraph(
        f"Biên bản lập xong vào hồi {BLANK} giờ {BLANK} ngày {_d(day)}, đã được đọc lại trước Hội nghị; các thành viên "
        "Ban kiểm phiếu nhất trí ký tên./."
    ))
    # The committee's head signs on the right (the place of the one who answers for the
    # paper, like CHỦ TỌA in the conference minutes), the members left and below.
    head = committee[0] if committee else ""
    members = list(committee[1:6]) if committee else [""]
    head_sig = Signature(authority=["TRƯỞNG BAN KIỂM PHIẾU"], signer=_person(head), position="right")
    member_sigs = [Signature(authority=["THÀNH VIÊN"], signer=_person(line), position="left") for line in members]
    signatures = [member_sigs[0], head_sig, *member_sigs[1:]] if member_sigs else [head_sig]
    issuer = document_issuer(cluster_year, day, doc_type="BB", host=conference.host_unit)
    return Document(
        issuer=issuer,
        number=issuer.number(None, "BB"),
        # a closed poll's minutes are dated by the count, whether numbered or annexed
        place=_meeting_place(conference, day), date=day, dated=True if closed else None,
        type_title="BIÊN BẢN KIỂM PHIẾU", subject=poll.title,
        body=body, signatures=signatures, signature_columns=2 if len(signatures) > 2 else None,
        issuer_signature=signatures.index(head_sig),
    )


def _person(line: str) -> str:
    """The name in a committee line "Nguyễn Văn A, Phó Giám đốc Sở …"."""
    return line.split(",")[0].split("—")[0].split(" - ")[0].strip()


def _hour(conference: Conference) -> tuple[str, str]:
    """The opening hour as documents write it ("08", "00"), blank for the clerk when not set."""
    t = conference.starts_at
    return (f"{t.hour:02d}", f"{t.minute:02d}") if t else (BLANK, BLANK)


def _many_days(conference: Conference) -> bool:
    return bool(conference.date and conference.end_date and conference.end_date != conference.date)


def invitation_time(conference: Conference) -> str:
    """"08 giờ 00, ngày 19/12/2026", or "từ 08 giờ 00 ngày 18/12/2026 đến ngày 19/12/2026"
    for a conference of several days; the hour left blank when not set."""
    h, m = _hour(conference)
    if _many_days(conference):
        return f"từ {h} giờ {m} ngày {_d(conference.date)} đến ngày {_d(conference.end_date)}"
    return f"{h} giờ {m}, ngày {_d(conference.date)}"


def minutes_opening(conference: Conference) -> str:
    """"Vào hồi 08 giờ 00 ngày 19/12/2026", or "Từ ngày 18/12/2026 đến ngày 19/12/2026
    (khai mạc vào hồi 08 giờ 00 ngày 18/12/2026)"."""
    h, m = _hour(conference)
    if _many_days(conference):
        return (f"Từ ngày {_d(conference.date)} đến ngày {_d(conference.end_date)} "
                f"(khai mạc vào hồi {h} giờ {m} ngày {_d(conference.date)})")
    return f"Vào hồi {h} giờ {m} ngày {_d(conference.date)}"


def voting_sentence(cluster_year: ClusterYear) -> str:
    """How the members will vote, as the year's polls say: phones only when a poll is
    electronic, paper ballots when they are all on paper, and neither promised before any
    poll is prepared."""
    modes = {p.mode for p in selectors.polls_of(cluster_year)}
    one = ("Mỗi đơn vị thành viên có một phiếu biểu quyết, do người đứng đầu đơn vị hoặc người được ủy quyền (có giấy ủy quyền) "
           "thực hiện. Đề nghị các đơn vị đăng ký đại biểu trên ThiDua trước ngày Hội nghị")
    if not modes:
        return one + "; hình thức bỏ phiếu kín (phiếu điện tử trên ThiDua hoặc phiếu giấy) được thông báo tại Hội nghị."
    if modes == {Poll.Mode.PAPER}:
        return one + "; việc biểu quyết được thực hiện bằng phiếu kín (phiếu giấy) tại Hội nghị."
    if modes == {Poll.Mode.ELECTRONIC}:
        return one + "; đại biểu biểu quyết mang theo điện thoại có kết nối Internet để bỏ phiếu kín điện tử."
    return one + ("; Hội nghị bỏ phiếu kín bằng phiếu điện tử và phiếu giấy: đại biểu biểu quyết mang theo điện thoại có kết nối "
                  "Internet để bỏ phiếu điện tử.")


# --- the conference minutes -----------------------------------------------------------------------------
def elected_roles(cluster_year: ClusterYear) -> list[tuple[str, Unit]]:
    """Next year's leader and deputies as decided by this year's closed election polls:
    each election (a first round and its run-offs) gives its places along the chain, and
    the last decided election of a kind gives all of that kind's places — two elections
    are never mixed, so a unit cannot be listed as both deputies."""
    result: dict[str, Unit] = {}
    for poll in Poll.objects.filter(cluster_year=cluster_year, parent__isnull=True, kind__in=Poll.ELECTIONS).order_by("created_at", "pk"):
        positions, decided = services.chain_positions(poll)
        if not decided or not positions:
            continue
        units = Unit.objects.in_bulk(positions)
        if poll.kind == Poll.Kind.LEADER:
            result["Cụm trưởng"] = units[positions[0]]
        else:
            result.pop(DEPUTY_LABELS[1], None), result.pop(DEPUTY_LABELS[2], None)
            for n, unit_id in enumerate(positions[:2], 1):
                result[DEPUTY_LABELS[n]] = units[unit_id]
    order = ["Cụm trưởng", DEPUTY_LABELS[1], DEPUTY_LABELS[2]]
    return [(label, result[label]) for label in order if label in result]


#: Sentences other apps add to the minutes' content, each a callable(cluster_year) -> list of
#: sentences: the summary report the conference adopted (thidua.reports). Filled from
#: AppConfig.ready() (decision 0005: a hook, not an upward import).
MINUTES_CONTENT: list = []


def register_minutes_content(source) -> None:
    if source not in MINUTES_CONTENT:
        MINUTES_CONTENT.append(source)


def conference_minutes_document(cluster_year: ClusterYear) -> Document:
    cluster = cluster_year.cluster
    conference = services.conference_of(cluster_year)
    day = conference.end_date or conference.date or draft_day(cluster_year)
    attendance = selectors.attendance(cluster_year, conference)
    present = [row for row in attendance if row.checked_in_at]
    absent = [row for row in attendance if not row.checked_in_at]
    body: list = [
        Heading("THỜI GIAN, ĐỊA ĐIỂM", label="I."),
        Paragraph(f"{minutes_opening(conference)}, tại {conference.place or BLANK}, {cluster.name} tổ chức Hội nghị "
                  f"tổng kết công tác thi đua, khen thưởng năm {cluster_year.year}."
                  + (f" Đơn vị đăng cai: {conference.host_unit.name}." if conference.host_unit else "")),
        Heading("THÀNH PHẦN", label="II."),
    ]
    # the guests who attended (recorded on the conference page); invited ones left for the secretary to fill in
    guests = bool(conference.guests_present or conference.guests)
    if conference.guests_present:
        body += [Heading("Khách mời dự Hội nghị", label="1.", level=2), ListBlock(list(conference.guests_present))]
    elif conference.guests:
        body += [Heading("Khách mời dự Hội nghị", label="1.", level=2), Paragraph(BLANK)]
    body += [
        Heading("Các đơn vị thành viên", label="2." if guests else "1.", level=2),
        Paragraph(f"Có mặt {_two(len(present))}/{_two(len(attendance))} đơn vị thành viên:"),
        ListBlock([
            row.unit.name + (f" — {row.voting_delegate.full_name}"
                             + (f", {row.voting_delegate.position}" if row.voting_delegate.position else "") if row.voting_delegate else "")
            for row in present
        ] or ["(chưa có đơn vị điểm danh)"]),
    ]
    if absent:
        body.append(Paragraph("Vắng mặt: " + ", ".join(row.unit.name for row in absent) + "."))
    body.append(Paragraph(f"Chủ tọa: {conference.chair or BLANK}. Thư ký: {conference.secretary or BLANK}."))
    body.append(Heading("NỘI DUNG", label="III."))
    if conference.agenda:
        body.append(ListBlock(list(conference.agenda), style="number"))
    body += [Paragraph(" ".join(line.split())) for line in conference.content.splitlines() if line.strip()]
    body += [Paragraph(sentence) for source in MINUTES_CONTENT for sentence in source(cluster_year)]
    polls = [p for p in selectors.polls_of(cluster_year) if p.state == Poll.State.CLOSED]
    body.append(Heading("KẾT QUẢ BIỂU QUYẾT", label="IV."))
    if not polls:
        body.append(Paragraph("(Chưa có biểu quyết nào kết thúc.)", italic=True))
    for i, poll in enumerate(polls, 1):
        names = {u.pk: u.name for u in selectors.candidate_units(poll)}
        r = poll.results
        body += [
            Heading(poll.title, label=f"{i}.", level=2),
            Paragraph(f"Số phiếu phát ra {_two(r.get('issued', 0))}, thu về {_two(r.get('returned', 0))}, "
                      f"hợp lệ {_two(r.get('valid', 0))}, "
                      f"không hợp lệ {_two(r.get('invalid', 0))}. Đơn vị trúng khi số phiếu {threshold_text(poll)}."),
            _result_table(poll),
            Paragraph([Run("Kết quả: ", bold=True), outcome_text(poll, names)]),
        ]
        if poll.notes:
            body.append(Paragraph(f"Ghi chú: {poll.notes}", italic=True))
    roles = elected_roles(cluster_year)
    if roles:
        body += [
            Heading(f"ĐƠN VỊ CỤM TRƯỞNG, CỤM PHÓ NĂM {cluster_year.year + 1}", label="V."),
            ListBlock([f"{label}: {unit.name}" for label, unit in roles]),
        ]
    # "cùng ngày" only when the conference is one day long
    one_day = conference.date is not None and conference.end_date in (None, conference.date)
    ends = "cùng ngày" if one_day else f"ngày {_d(conference.end_date or conference.date)}"
    body.append(Paragraph(
        f"Hội nghị kết thúc vào hồi {BLANK} giờ {BLANK} {ends}. Biên bản đã được đọc lại cho các đại biểu dự Hội nghị cùng nghe "
        "và nhất trí thông qua./."
    ))
    issuer = document_issuer(cluster_year, day, doc_type="BB", host=conference.host_unit)
    return Document(
        issuer=issuer,
        number=conference.minutes.document_number if conference.minutes_id else issuer.number(None, "BB"),
        # the minutes of a conference that took place are dated by it, numbered or not
        place=_meeting_place(conference, day), date=day, dated=True if conference.date else None,
        subject=f"Hội nghị tổng kết công tác thi đua, khen thưởng năm {cluster_year.year} của {cluster.name}",
        body=body,
        signatures=[Signature(authority=["THƯ KÝ"], signer=conference.secretary.split(",")[0].strip(), position="left"),
                    Signature(authority=["CHỦ TỌA"], signer=conference.chair.split(",")[0].strip(), position="right")],
    )


# --- the invitation -----------------------------------------------------------------------------------------
def invitation_document(cluster_year: ClusterYear) -> Document:
    cluster = cluster_year.cluster
    conference = services.conference_of(cluster_year)
    leader = leader_unit(cluster_year)
    issued = conference.invitation
    # a draft is made out within its year, by the conference day: the names of that era
    day = issued.date if issued else min(filter(None, (draft_day(cluster_year), conference.date)))
    members = f"Lãnh đạo và cán bộ phụ trách công tác thi đua, khen thưởng các đơn vị thành viên {cluster.name}."
    if conference.guests:  # the guests first, then the members
        body: list = [Paragraph([Run("Kính mời:", bold=True)], first_line_indent=False, keep_with_next=True),
                      ListBlock([*(f"{g.rstrip(';.')};" for g in conference.guests), members])]
    else:
        body = [Paragraph([Run("Kính mời: ", bold=True), members], first_line_indent=False)]
    body += [
        Paragraph(f"Dự Hội nghị tổng kết công tác thi đua, khen thưởng năm {cluster_year.year} của {cluster.name}."),
        Paragraph([Run("Thời gian: ", bold=True), f"{invitation_time(conference)}."]),
        Paragraph([Run("Địa điểm: ", bold=True), f"{conference.place or BLANK}."]),
    ]
    if conference.agenda:
        body += [Paragraph([Run("Nội dung:", bold=True)]), ListBlock(list(conference.agenda))]
    body += [
        Paragraph(voting_sentence(cluster_year)),
        Paragraph("Rất mong các đồng chí tham dự đầy đủ, đúng thời gian./."),
    ]
    issuer = document_issuer(cluster_year, day, unit=leader, doc_type="GM")
    to = [*(g.rstrip(";.") for g in conference.guests), f"Các đơn vị thành viên {cluster.name}", f"{_office(cluster_year)} (b/c)"]
    return Document(
        issuer=issuer,
        number=issued.document_number if issued else issuer.number(None, "GM"),
        # the issuer's seat, not the host's; an unnumbered draft leaves the day blank
        place=_issuer_place(issuer), date=day,
        subject=f"Dự Hội nghị tổng kết công tác thi đua, khen thưởng năm {cluster_year.year} của {cluster.name}",
        body=body,
        signatures=[Signature(authority=issuer.authority(), signer=head_name(issuer.unit_id) if issuer.unit_id else "")],
        recipients=Recipients(to=to, archive=["VT"]),
    )


def docx_filename(what: str, cluster_year: ClusterYear, *more: str) -> FileName:
    """The document's download name (core.http.export_name): the cluster, the year, the
    document and, for a poll's, the poll's title — never a database id."""
    return export_name(cluster_year.cluster.name, cluster_year.year, what, *more, ext="docx")

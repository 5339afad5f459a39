"""The ranking annex (phụ lục kết quả chấm điểm, xếp hạng): the year's ranking as a
landscape table with a grouped header (the criteria groups under "Điểm theo nhóm tiêu
chí"; TT, Đơn vị, Tự chấm, Tổng điểm, Xếp hạng each over both header rows) and a bold
closing line with the cluster's average. A draft of the leader unit, unnumbered."""

from __future__ import annotations

from decimal import Decimal

from thidua.cycle.documents import docx_filename
from thidua.cycle.documents_more import UNKNOWN_PLACE, draft_day
from thidua.cycle.issuer import document_issuer
from thidua.cycle.numbered import numbered_of
from thidua.cycle.selectors import head_name
from thidua.documents.document import Document, Paragraph, Signature, Table
from thidua.org.models import ClusterYear

from .selectors.ranking import Ranking, ranking

TITLE = "Phụ lục kết quả chấm điểm, xếp hạng"


def format_points(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{value.quantize(Decimal('0.01'))}".replace(".", ",")


def ranking_table(result: Ranking) -> Table:
    groups = list(result.spec.groups) if result.spec is not None else []
    header = ["TT", "Đơn vị", *[g.code for g in groups], "Tự chấm", "Tổng điểm", "Xếp hạng"]
    header_groups: list[tuple[str, int]] = [("", 1), ("", 1)]
    if groups:
        header_groups.append(("Điểm theo nhóm tiêu chí", len(groups)) if len(groups) > 1 else ("", 1))
    header_groups += [("", 1), ("", 1), ("", 1)]
    rows = []
    for i, line in enumerate(result.lines, 1):
        rows.append([
            str(i), line.unit.name, *[format_points(line.groups.get(g.code)) for g in groups],
            format_points(line.self_total), format_points(line.total), f"{line.rank:02d}" if line.rank else "—",
        ])
    ranked = result.ranked
    spans = {}
    if ranked:
        def mean(values: list[Decimal]) -> str:
            return format_points(sum(values, Decimal(0)) / len(values)) if values else "—"

        spans[(len(rows), 0)] = 2
        rows.append([
            "Bình quân của Cụm", "", *[mean([ln.groups[g.code] for ln in ranked if g.code in ln.groups]) for g in groups],
            mean([ln.self_total for ln in ranked if ln.self_total is not None]), mean([ln.total for ln in ranked]), "",
        ])
    # 252 mm of text on a landscape page: the name takes what the numbers leave
    group_w = 17.0 if len(groups) > 4 else 22.0
    widths = [12.0, 252.0 - 12.0 - group_w * len(groups) - 20.0 * 3, *[group_w] * len(groups), 20.0, 20.0, 20.0]
    return Table(
        header=header, rows=rows, widths_mm=widths, size=12,
        align=["center", "left", *["right"] * (len(groups) + 2), "center"],
        groups=header_groups if len(groups) > 1 else None, spans=spans, total_rows=1 if ranked else 0,
    )


def ranking_annex_document(cluster_year: ClusterYear) -> Document:
    result = ranking(cluster_year)
    cluster = cluster_year.cluster
    day = draft_day(cluster_year)
    # the issuer of the report it is annexed to (cycle.issuer: the cluster's setting for "BC")
    issuer = document_issuer(cluster_year, day, doc_type="BC")
    groups = list(result.spec.groups) if result.spec is not None else []
    legend = "; ".join(f"{g.code}: {g.title} (tối đa {format_points(g.max_points)} điểm)" for g in groups)
    # annexed to the year-end report: its number and day once given (cycle.numbered), else left for the clerk
    report = numbered_of(cluster_year, "bao-cao-tong-ket")
    of_report = (f"Báo cáo số {report.document_number} ngày {report.date:%d/%m/%Y}" if report is not None
                 else "Báo cáo tổng kết công tác thi đua, khen thưởng")
    body = [
        Paragraph(f"(Kèm theo {of_report} của {issuer.name})", align="center", first_line_indent=False, italic=True),
        ranking_table(result),
    ]
    if legend:
        body.append(Paragraph(f"Ghi chú: {legend}.", size=12, first_line_indent=False, italic=True))
    return Document(
        issuer=issuer,
        number=issuer.number(None, "BC"),
        place=issuer.place or UNKNOWN_PLACE,
        date=day,
        type_title="PHỤ LỤC",
        subject=f"Kết quả chấm điểm, xếp hạng thi đua năm {cluster_year.year} của {cluster.name}",
        body=body,
        signatures=[Signature(authority=issuer.authority(), signer=head_name(issuer.unit_id) if issuer.unit_id else "")],
        landscape=True,
    )


def annex_filename(cluster_year: ClusterYear):
    return docx_filename(TITLE, cluster_year)

"""What the scoring pages hand out: the ranking as an .xlsx workbook, and the geometry of
the small SVG chart of a unit's totals over the years (drawn inline by the template: no
script, no CDN)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from thidua.core.xlsx import print_setup, workbook_bytes

from . import arithmetic
from .selectors import Ranking, YearTotal


def ranking_xlsx(ranking: Ranking) -> bytes:
    """One row per unit: rank, name, total, each group, the self-score and the difference,
    how many sheets made the total, the spread between scorers, and a tie flag."""
    cluster_year = ranking.cluster_year
    groups = list(ranking.spec.groups) if ranking.spec else []
    wb = Workbook()
    ws = wb.active
    ws.title = _("Xếp hạng")
    ws.append([_("Kết quả xếp hạng {cluster} năm {year}").format(cluster=cluster_year.cluster.name, year=cluster_year.year)])
    ws["A1"].font = Font(bold=True, size=13)
    headers = [_("Hạng"), _("Đơn vị"), _("Tổng điểm")]
    # A penalty group is shown negative, as on the ranking page (arithmetic.signed), and says so.
    penalty = _("Điểm trừ")
    headers += [
        f"{g.code}. {g.title} ({penalty})" if g.is_penalty and penalty.lower() not in g.title.lower() else f"{g.code}. {g.title}"
        for g in groups
    ]
    headers += [_("Điểm tự chấm"), _("Chênh lệch so với tự chấm"), _("Số phiếu chấm"), _("Độ lệch giữa các phiếu"), _("Ghi chú")]
    ws.append(headers)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.fill = PatternFill("solid", fgColor="F3E3E2")

    def number(value: Decimal | None):
        return None if value is None else float(arithmetic.display(value))

    for line in ranking.lines:
        note = _("Bằng điểm sau mọi tiêu chí phụ: Hội nghị quyết định") if line.tied else ""
        if line.rank is None:
            note = _("Chưa có phiếu chấm chéo đã nộp")
        ws.append(
            [line.rank, line.unit.name, number(line.total)]
            + [number(arithmetic.signed(line.groups.get(g.code), g.is_penalty)) for g in groups]
            + [number(line.self_total), number(line.self_difference), f"{line.scorers}/{line.expected_scorers}", number(line.spread), note]
        )
    for row in ws.iter_rows(min_row=3, min_col=3, max_col=3 + len(groups) + 4):
        for cell in row:
            if isinstance(cell.value, float):
                cell.number_format = "0.00"
    ws.column_dimensions["A"].width = 7
    ws.column_dimensions["B"].width = 42
    ws.freeze_panes = "C3"
    print_setup(ws, title=f"{cluster_year.cluster.name} — {_('năm')} {cluster_year.year}", header_rows=(2, 2))
    return workbook_bytes(wb)  # unit names and titles as text, never formulas


def totals_chart(totals: list[YearTotal], *, width: int = 480, height: int = 220) -> dict | None:
    """Points of a line chart of the totals (and self-scores) over the years, in SVG user
    units; None when there is nothing to draw."""
    if not totals:
        return None
    left, right, top, bottom = 40, 12, 22, 36
    pad = 32  # keeps the first and last points (and their labels) off the edges
    top_value = max([t.max_points for t in totals] + [t.total for t in totals] + [t.self_total or Decimal(0) for t in totals])
    top_value = top_value if top_value > 0 else Decimal(100)
    step_value = next(
        (Decimal(s) for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000) if -(-top_value // Decimal(s)) <= 5), Decimal(2000)
    )
    ticks = int(-(-top_value // step_value))
    top_value = step_value * ticks  # a round top, so that the grid reads 0, 25, 50…
    inner_w, inner_h = width - left - right, height - top - bottom
    step = (inner_w - 2 * pad) / max(len(totals) - 1, 1)

    def y(value: Decimal) -> float:
        return round(top + inner_h - float(max(value, Decimal(0)) / top_value) * inner_h, 1)

    points = []
    for i, t in enumerate(totals):
        x = round(left + (pad + i * step if len(totals) > 1 else inner_w / 2), 1)
        points.append({
            "x": x, "y": y(t.total), "label_y": round(y(t.total) - 10, 1),
            "self_y": y(t.self_total) if t.self_total is not None else None, "year": t.year,
            "label": arithmetic.format_points(t.total), "rank": t.rank, "of": t.of,
        })  # fmt: skip
    grid = [{"y": y(step_value * k), "label": arithmetic.format_points(step_value * k)} for k in range(ticks + 1)]
    return {
        "width": width, "height": height, "points": points, "grid": grid, "left": left, "right": width - right, "bottom": height - bottom,
        "line": " ".join(f"{p['x']},{p['y']}" for p in points),
        "self_line": " ".join(f"{p['x']},{p['self_y']}" for p in points if p["self_y"] is not None),
    }  # fmt: skip

"""The national award registry: one search (a selector a public portal can reuse) and its
.xlsx export. `search(user=None, …)` is the public view — awards not revoked; a signed-in
person (every one may see every unit) also sees revoked awards, marked."""

from __future__ import annotations

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from thidua.core.xlsx import print_setup, workbook_bytes
from thidua.cycle.awards import award_kinds_by_code
from thidua.org.text import fold

from .models import Award

MAX_EXPORT = 10_000


def search(user=None, *, organizer=None, year=None, kind=None, province=None, q=None) -> QuerySet[Award]:
    """Awards newest first, filtered by the organizer (an Organizer or its id), the year
    evaluated, the award code, the province (a Province or its id: the units of that
    province and of the provinces merged into it) and a text found in the unit's name or
    the decision's number."""
    qs = Award.objects.select_related("unit", "unit__province", "decision", "decision__organizer")
    if user is None or not getattr(user, "is_authenticated", False):
        qs = qs.filter(revoked=False)
    if organizer:
        qs = qs.filter(decision__organizer_id=getattr(organizer, "pk", organizer))
    if year:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(award=kind)
    if province:
        pid = getattr(province, "pk", province)
        qs = qs.filter(Q(unit__province_id=pid) | Q(unit__province__merged_into_id=pid))
    words = (q or "").split()[:8]
    if words:
        # typed without diacritics too ("ha tinh"): whole words of the unit's folded name
        qs = qs.annotate(_folded=Concat(Value(" "), "unit__search_name", Value(" ")))
    for word in words:
        qs = qs.filter(Q(unit__name__icontains=word) | Q(_folded__contains=f" {fold(word)} ")
                       | Q(unit__symbol__iexact=word) | Q(decision__number__icontains=word))  # fmt: skip
    return qs.order_by("-year", "decision__organizer__name", "award", "unit__name", "pk")


def registry_xlsx(awards, title: str) -> bytes:
    kinds = award_kinds_by_code()
    wb = Workbook()
    ws = wb.active
    ws.title = _("Sổ khen thưởng")
    ws.append([_("Năm"), _("Đơn vị"), _("Tỉnh, thành phố"), _("Danh hiệu, hình thức"), _("Số quyết định"), _("Ngày ký"),
               _("Cơ quan ra quyết định"), _("Tình trạng")])  # fmt: skip
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for a in awards[:MAX_EXPORT]:
        ws.append([
            a.year, a.unit.name, a.unit.province.name if a.unit.province_id else "",
            kinds[a.award].name if a.award in kinds else a.award, a.decision.number, a.decision.date.strftime("%d/%m/%Y"),
            a.decision.organizer.name,
            _("Đã hủy bỏ: {reason}").format(reason=a.revoked_reason) if a.revoked else (_("minh họa") if a.decision.illustrative else ""),
        ])  # fmt: skip
    for column, width in zip("ABCDEFGH", (7, 44, 22, 34, 20, 12, 28, 24), strict=True):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"
    print_setup(ws, title=title)
    return workbook_bytes(wb)

"""What several of the scoring services share: the text limits, the "evidence missing"
conflict, the membership check and the frozen criteria table a sheet is scored against."""

from __future__ import annotations

from django.utils.translation import gettext as _

from thidua.core.errors import Conflict, NotFound
from thidua.org.models import ClusterYear, Membership, Unit

# The shared helpers under the short names this module's services have always used.
from .. import selectors
from ..models import CriteriaTable


class EvidenceMissing(Conflict):
    """Some criteria that require evidence have none: the caller shows `criteria` and asks
    the person to confirm (then calls again with confirm_missing_evidence=True)."""

    def __init__(self, message, *, criteria: list):
        super().__init__(message, field="evidence")
        self.criteria = criteria


NOTE_MAX = 4000
QUERY_MAX = 4000
REASON_MAX = 1000


# --- helpers ------------------------------------------------------------------------------------
def _member(cluster_year: ClusterYear, unit: Unit) -> None:
    if not Membership.objects.filter(cluster_year=cluster_year, unit=unit).exists():
        raise NotFound(_("{unit} không phải là thành viên của cụm năm {year}.").format(unit=unit, year=cluster_year.year))


def _frozen_table(cluster_year: ClusterYear) -> CriteriaTable:
    table = selectors.table_for(cluster_year)
    if table is None or not table.is_frozen:
        raise Conflict(_("Bảng tiêu chí của năm {year} chưa được khóa: chưa thể chấm điểm.").format(year=cluster_year.year))
    return table

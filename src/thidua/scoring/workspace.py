"""The scoring app's sections of the year workspace (registered in ScoringConfig.ready):
the criteria table, self-assessment, cross-scoring and the ranking, each with a short
state. A fixed number of queries, whatever the number of members."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.cycle.phases import reached
from thidua.cycle.workspace import Section
from thidua.org.models import Membership, Phase

from .models import CriteriaTable, ScoreSheet
from .rules import can
from .selectors import assignment_map


def _url(name: str, cluster_year) -> str:
    return reverse(name, kwargs={"pk": cluster_year.cluster_id, "year": cluster_year.year})


def sections(user, cluster_year) -> list[Section]:
    if not can(user, "scoring.view_criteria", cluster_year):
        return []
    members = Membership.objects.filter(cluster_year=cluster_year).count()
    table = CriteriaTable.objects.filter(cluster_year=cluster_year).only("frozen_at").first()
    counts = {
        (kind, status): n
        for kind, status, n in ScoreSheet.objects.filter(cluster_year=cluster_year)
        .order_by()
        .values_list("kind", "status")
        .annotate(n=Count("pk"))
    }
    if table is None:
        table_status = _("Chưa lập")
    elif table.is_frozen:
        table_status = _("Đã khóa")
    else:
        table_status = _("Đang soạn")
    self_done = counts.get((ScoreSheet.Kind.SELF, ScoreSheet.Status.SUBMITTED), 0)
    cross_done = sum(n for (kind, status), n in counts.items() if kind != ScoreSheet.Kind.SELF and status == ScoreSheet.Status.SUBMITTED)
    result = [
        Section(_("Bảng tiêu chí chấm điểm"), _url("scoring_criteria", cluster_year),
                _("Nhóm tiêu chí, điểm tối đa, điểm thưởng và điểm trừ; nhập, xuất tệp Excel."), table_status, order=50),
    ]  # fmt: skip
    if reached(cluster_year, Phase.SELF_ASSESSMENT):
        result.append(
            Section(_("Tự chấm điểm"), _url("scoring_self_home", cluster_year),
                    _("Điểm tự chấm, giải trình và minh chứng của từng đơn vị."),
                    _("{n}/{total} đơn vị đã nộp").format(n=self_done, total=members), order=60)
        )  # fmt: skip
    if reached(cluster_year, Phase.CROSS_SCORING):
        expected = sum(len(scorers) for scorers in assignment_map(cluster_year).values())
        result.append(
            Section(_("Chấm chéo"), _url("scoring_cross_home", cluster_year), _("Phiếu chấm chéo và đề nghị giải trình."),
                    _("{n}/{total} phiếu đã nộp").format(n=cross_done, total=expected), order=70)
        )  # fmt: skip
    if reached(cluster_year, Phase.RANKING):
        result.append(
            Section(_("Kết quả xếp hạng"), _url("scoring_ranking", cluster_year), _("Tổng điểm, điểm từng nhóm, biểu đồ và tệp Excel."),
                    "", order=80)
        )  # fmt: skip
    return result

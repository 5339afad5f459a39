"""The dashboard tasks of the summary report (cycle.tasks, decision 0018), from its state,
in at most four queries whatever the number of units:

- the drafting unit: write the first draft once the leader assigned it (the leader itself,
  unassigned, from the ranking on), by the conference's deadline; answer the open
  comments (by the round's deadline);
- each member unit but the drafter, while a version is circulated and its deadline not
  passed: comment on it, until the unit has (reminded before `comments_until`);
- the leader unit at the conference: record the adoption."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.cycle import phases
from thidua.cycle.tasks import HEAD, OFFICER, Task, deadline_of, year_url
from thidua.org.models import ClusterYear, Membership, Phase, Role

from .models import Report, ReportComment, ReportVersion


def report_tasks(cluster_year: ClusterYear, unit_ids: list[int]) -> dict[int, list[Task]]:
    if not phases.phase_allows(cluster_year, "draft_report"):
        return {}
    report = Report.objects.filter(cluster_year=cluster_year).first()
    if report is None and not phases.reached(cluster_year, Phase.RANKING):
        return {}
    year, url = cluster_year.year, year_url("reports_report", cluster_year)
    common = {"url": url, "cluster_year_id": cluster_year.pk, "cluster_name": cluster_year.cluster.name, "year": year,
              "cluster_id": cluster_year.cluster_id, "phase": cluster_year.phase, "audience": (OFFICER, HEAD)}  # fmt: skip
    found: dict[int, list[Task]] = {}

    def add(unit_id, key, title, due=None):
        if unit_id in unit_ids:
            found.setdefault(unit_id, []).append(Task(key=key, title=title, unit_id=unit_id, due=due, **common))

    if report is None:  # nobody assigned: the leader drafts, once the ranking gives the year's results
        leader = Membership.objects.filter(cluster_year=cluster_year, role=Role.LEADER).values_list("unit_id", flat=True).first()
        add(leader, "report_draft", _("Soạn dự thảo Báo cáo tổng kết năm {year}").format(year=year),
            deadline_of(cluster_year, Phase.CONFERENCE))
        return found
    version = ReportVersion.objects.filter(report=report).order_by("-number").first()
    if version is None:
        add(report.drafter_id, "report_draft", _("Soạn dự thảo Báo cáo tổng kết năm {year}").format(year=year),
            deadline_of(cluster_year, Phase.CONFERENCE))
        return found
    if version.state == ReportVersion.State.ADOPTED:
        return found
    today = timezone.localdate()
    open_comments = ReportComment.objects.filter(report=report, state=ReportComment.State.OPEN).count()
    if open_comments:
        add(report.drafter_id, "report_answer",
            _("Xử lý {n} ý kiến góp ý dự thảo Báo cáo tổng kết năm {year}").format(n=open_comments, year=year), report.comments_until)
    if version.state == ReportVersion.State.CIRCULATED and (report.comments_until is None or today <= report.comments_until):
        done = set(ReportComment.objects.filter(version=version).values_list("unit_id", flat=True))
        for unit_id in unit_ids:
            if unit_id != report.drafter_id and unit_id not in done:
                add(unit_id, "report_comment",
                    _("Góp ý dự thảo Báo cáo tổng kết năm {year} (lần {n})").format(year=year, n=version.number), report.comments_until)
    if phases.phase_allows(cluster_year, "adopt_report"):
        leader = Membership.objects.filter(cluster_year=cluster_year, role=Role.LEADER).values_list("unit_id", flat=True).first()
        add(leader, "report_adopt", _("Ghi nhận hội nghị thông qua Báo cáo tổng kết năm {year}").format(year=year))
    return found


def comment_round_due_on(day) -> list[int]:
    """The years whose comment round ends on `day` (cycle.reminders: the round's deadline is
    the report's own, not one of the year's phase deadlines)."""
    return list(Report.objects.filter(comments_until=day).values_list("cluster_year_id", flat=True))

"""Reads of the reports app, for people who may see the year (the views and the API check
`cycle.view_year` through cycle.selectors.cluster_year_or_404 first: 404 outside scope).
Each read costs a fixed number of queries whatever the number of units and comments."""

from __future__ import annotations

from dataclasses import dataclass, field

from thidua.org.models import ClusterYear, Unit
from thidua.org.selectors import in_role_order

from .models import MidYearReview, Report, ReportComment, ReportVersion


@dataclass
class ReportView:
    report: Report | None
    versions: list[ReportVersion] = field(default_factory=list)
    comments: list[ReportComment] = field(default_factory=list)
    not_commented: list[Unit] = field(default_factory=list)

    @property
    def current(self) -> ReportVersion | None:
        return self.versions[-1] if self.versions else None

    @property
    def round(self) -> ReportVersion | None:
        """The latest circulated version: the round whose comments are counted."""
        return next((v for v in reversed(self.versions) if v.circulated_at is not None), None)

    def version(self, number) -> ReportVersion | None:
        return next((v for v in self.versions if str(v.number) == str(number)), None)


def report_view(cluster_year: ClusterYear) -> ReportView:
    report = Report.objects.select_related("drafter").filter(cluster_year=cluster_year).first()
    if report is None:
        return ReportView(None)
    versions = list(report.versions.order_by("number"))
    comments = list(ReportComment.objects.filter(report=report).select_related("unit", "author", "version").order_by("created_at", "pk"))
    view = ReportView(report, versions, comments)
    if view.round is not None:
        from thidua.org.models import Membership

        members = in_role_order(list(Membership.objects.filter(cluster_year=cluster_year).select_related("unit")))
        done = {c.unit_id for c in comments if c.version_id == view.round.pk}
        view.not_commented = [m.unit for m in members if m.unit_id not in done and m.unit_id != report.drafter_id]
    return view


def mid_year_review_of(cluster_year: ClusterYear) -> MidYearReview | None:
    return (
        MidYearReview.objects.select_related("host").prefetch_related("present", "amendments__created_by")
        .filter(cluster_year=cluster_year).first()
    )  # fmt: skip


def adopted_in_minutes(cluster_year: ClusterYear) -> list[str]:
    """The conference minutes' sentence on the summary report it adopted (voting.documents'
    hook), in the documents' language (Vietnamese, as every official document)."""
    version = (
        ReportVersion.objects.filter(report__cluster_year=cluster_year, state=ReportVersion.State.ADOPTED)
        .select_related("report__drafter").first()
    )  # fmt: skip
    if version is None:
        return []
    consulted = version.report.versions.filter(circulated_at__isnull=False).exists()
    return [
        f"Hội nghị đã thông qua Báo cáo tổng kết công tác thi đua, khen thưởng năm {cluster_year.year} của "
        f"{cluster_year.cluster.name} (dự thảo lần {version.number}, do {version.report.drafter.name} soạn thảo"
        + (", đã lấy ý kiến góp ý của các đơn vị thành viên)." if consulted else ").")
    ]

"""The dashboard's tasks of the proposal dossier (decision 0018: from state, in a fixed
number of queries): in the `proposals` phase the leader unit builds the dossier, then sends
it (again after a return); each proposed unit writes its achievement report and its head
confirms it; the organizer's officers review each submitted dossier."""

from __future__ import annotations

from django.utils.translation import gettext as _

from thidua.cycle.tasks import HEAD, OFFICER, Task, deadline_of
from thidua.org.models import ClusterYear, Membership, Phase, Role
from thidua.org.presenters import year_url

from .models import AchievementReport, Dossier


def _task(cluster_year: ClusterYear, unit_id: int, key: str, title: str, url: str, audience=(OFFICER, HEAD)) -> Task:
    return Task(key=key, title=title, due=deadline_of(cluster_year, Phase.PROPOSALS), url=url, cluster_year_id=cluster_year.pk,
                cluster_name=cluster_year.cluster.name, year=cluster_year.year, unit_id=unit_id, cluster_id=cluster_year.cluster_id,
                audience=audience, phase=cluster_year.phase)  # fmt: skip


def dossier_tasks(cluster_year: ClusterYear, unit_ids: list[int]) -> dict[int, list[Task]]:
    """At most three queries."""
    if cluster_year.phase != Phase.PROPOSALS:
        return {}
    found: dict[int, list[Task]] = {}
    dossier = Dossier.objects.filter(cluster_year=cluster_year).first()
    url = year_url("awards_dossier", cluster_year)
    leaders = Membership.objects.filter(cluster_year=cluster_year, unit_id__in=unit_ids, role=Role.LEADER).values_list("unit_id", flat=True)
    for leader in leaders:
        if dossier is None:
            title = _("Lập hồ sơ đề nghị khen thưởng năm {year} gửi cơ quan tổ chức").format(year=cluster_year.year)
            found.setdefault(leader, []).append(_task(cluster_year, leader, "dossier_build", title, url))
        elif dossier.state == Dossier.State.DRAFT:
            title = _("Hoàn thiện và gửi hồ sơ đề nghị khen thưởng năm {year}").format(year=cluster_year.year)
            found.setdefault(leader, []).append(_task(cluster_year, leader, "dossier_submit", title, url))
        elif dossier.state == Dossier.State.RETURNED:
            title = _("Bổ sung và gửi lại hồ sơ đề nghị khen thưởng năm {year} (bị trả lại: {reason})").format(
                year=cluster_year.year, reason=dossier.returned_reason)  # fmt: skip
            found.setdefault(leader, []).append(_task(cluster_year, leader, "dossier_resubmit", title, url))
    if dossier is None or not dossier.editable:
        return found
    for report in AchievementReport.objects.filter(dossier=dossier, unit_id__in=unit_ids).exclude(state=AchievementReport.State.CONFIRMED):
        report_url = year_url("awards_dossier", cluster_year) + f"bao-cao/{report.unit_id}/"
        if report.state == AchievementReport.State.MISSING:
            title = _("Viết báo cáo thành tích năm {year} cho hồ sơ đề nghị khen thưởng").format(year=cluster_year.year)
            found.setdefault(report.unit_id, []).append(_task(cluster_year, report.unit_id, "report_write", title, report_url, (OFFICER,)))
        else:
            title = _("Thủ trưởng xác nhận báo cáo thành tích năm {year}").format(year=cluster_year.year)
            found.setdefault(report.unit_id, []).append(_task(cluster_year, report.unit_id, "report_confirm", title, report_url, (HEAD,)))
    return found


def organizer_dossier_tasks(user) -> list[Task]:
    """The submitted dossiers of the officer's organizer, to return or accept. One query."""
    from .dossier_services import inbox_url

    rows = Dossier.objects.filter(state=Dossier.State.SUBMITTED, cluster_year__cluster__organizer_id=user.organizer_id)
    tasks = []
    for d in rows.select_related("cluster_year__cluster").order_by("cluster_year__year", "cluster_year__cluster__name"):
        cy = d.cluster_year
        title = _("{cluster} năm {year}: xem xét hồ sơ đề nghị khen thưởng (tiếp nhận hoặc trả lại)").format(
            cluster=cy.cluster.name, year=cy.year)  # fmt: skip
        tasks.append(Task(key="dossier_review", title=title, due=None, url=inbox_url(cy), cluster_year_id=cy.pk,
                          cluster_name=cy.cluster.name, year=cy.year, unit_id=0, cluster_id=cy.cluster_id, audience=(),
                          phase=cy.phase))  # fmt: skip
    return tasks

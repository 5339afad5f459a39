"""What the reports app tells people (notifications.services.notify), in the transaction of
the write: the drafting given to a unit, the draft circulated for comments, each comment
(to the drafter), each answer (to the commenting unit), the adoption."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import override

from thidua.notifications.models import Kind
from thidua.notifications.services import notify
from thidua.org.models import Membership, User
from thidua.org.presenters import year_url


def _staff(unit_ids, *, heads: bool = True) -> list[User]:
    roles = Q(is_unit_officer=True) | Q(is_unit_head=True) if heads else Q(is_unit_officer=True)
    return list(User.objects.filter(roles, unit_id__in=list(unit_ids), is_active=True).order_by("pk"))


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _send(cluster_year, people, actor, *, kind, title, body, key=None):
    notify(
        recipients=[u for u in people if u.pk != actor.pk],
        kind=kind,
        title=title,
        body=body,
        link=year_url("reports_report", cluster_year),
        cluster_year=cluster_year,
        organizer=cluster_year.cluster.organizer_id,
        dedupe_key=key,
    )


def tell_drafter_assigned(cluster_year, report, actor) -> None:
    with override("vi"):
        title = _("Được giao soạn dự thảo Báo cáo tổng kết năm {year}").format(year=cluster_year.year)
        body = _("{unit} được giao soạn dự thảo Báo cáo tổng kết của {cluster}.").format(
            unit=report.drafter.name, cluster=cluster_year.cluster.name)
    _send(cluster_year, _staff([report.drafter_id]), actor, kind=Kind.TASK_ASSIGNED, title=title, body=body)


def tell_circulated(cluster_year, report, version, actor) -> None:
    members = Membership.objects.filter(cluster_year=cluster_year).values_list("unit_id", flat=True)
    with override("vi"):
        title = _("Xin ý kiến dự thảo Báo cáo tổng kết năm {year} (lần {n})").format(year=cluster_year.year, n=version.number)
        body = _("{unit} đề nghị các đơn vị góp ý dự thảo trước ngày {day}.").format(
            unit=report.drafter.name, day=report.comments_until.strftime("%d/%m/%Y"))
    _send(cluster_year, _staff(members), actor, kind=Kind.TASK_ASSIGNED, title=title, body=body,
          key=f"report-circulated-{report.pk}-{version.number}")


def tell_commented(cluster_year, report, comment, actor) -> None:
    with override("vi"):
        title = _("{unit} góp ý dự thảo Báo cáo tổng kết năm {year}").format(unit=comment.unit.name, year=cluster_year.year)
        body = _short(comment.text)
    _send(cluster_year, _staff([report.drafter_id]), actor, kind=Kind.COMMENT, title=title, body=body)


def tell_answered(cluster_year, comment, actor) -> None:
    with override("vi"):
        verdict = comment.get_state_display().lower()
        title = _("Ý kiến góp ý của đơn vị vào Báo cáo tổng kết năm {year}: {verdict}").format(year=cluster_year.year, verdict=verdict)
        body = _short(comment.reply or comment.text)
    _send(cluster_year, _staff([comment.unit_id]), actor, kind=Kind.COMMENT, title=title, body=body)


def tell_adopted(cluster_year, report, version, actor) -> None:
    members = Membership.objects.filter(cluster_year=cluster_year).values_list("unit_id", flat=True)
    with override("vi"):
        title = _("Hội nghị đã thông qua Báo cáo tổng kết năm {year}").format(year=cluster_year.year)
        body = _("Báo cáo tổng kết của {cluster} được thông qua (lần {n}).").format(cluster=cluster_year.cluster.name, n=version.number)
    _send(cluster_year, _staff(members, heads=True), actor, kind=Kind.COMMENT, title=title, body=body)

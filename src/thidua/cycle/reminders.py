"""Deadline reminders: tell the officers and heads of the units that have an open task
whose deadline is N days away — a notification in the product and, as each person
prefers, an e-mail queued for the background worker (notifications.services.notify).
Idempotent per day: what was sent is recorded (ReminderSent, and the notification's
dedupe key per task and day), and a second run on the same day sends nothing again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from thidua.notifications.models import Kind
from thidua.notifications.services import notify
from thidua.org.models import ClusterYear, Phase, User

from .models import ReminderSent
from .tasks import Task, year_tasks

#: Deadlines other than the phases' (e.g. a summary report's comment round, thidua.reports):
#: each source maps a day to the ids of the years with a task falling due that day. Filled
#: from AppConfig.ready() (decision 0005: a hook, not an upward import).
DUE_DAY_SOURCES: list[Callable[[dt.date], Iterable[int]]] = []


def register_due_days(source: Callable[[dt.date], Iterable[int]]) -> None:
    if source not in DUE_DAY_SOURCES:
        DUE_DAY_SOURCES.append(source)


@dataclass
class ReminderReport:
    sent: int = 0
    skipped_already_sent: int = 0
    skipped_no_email: int = 0
    recipients: list[str] = field(default_factory=list)


def _recipients(unit_ids: set[int]) -> dict[int, list[User]]:
    by_unit: dict[int, list[User]] = {u: [] for u in unit_ids}
    users = User.objects.filter(unit_id__in=unit_ids, is_active=True).order_by("username")
    for user in users:
        if user.is_unit_officer or user.is_unit_head or user.is_delegate:
            by_unit[user.unit_id].append(user)
    return by_unit


def _wants(user: User, task: Task) -> bool:
    return task.reminds(user)  # the same rule as the tasks' own (cycle/tasks.py)


def _message(task: Task) -> tuple[str, str]:
    """The notification's title and text (the e-mail's subject is "[ThiDua] " + title)."""
    day = task.due.strftime("%d/%m/%Y")
    title = _("Nhắc việc: {task} — hạn {day}").format(task=task.title, day=day)
    body = _("{cluster} nhắc đơn vị của Anh/Chị: {task}, hạn chót ngày {day}.").format(cluster=task.cluster_name, task=task.title, day=day)
    return title, body


def send_deadline_reminders(*, today: dt.date, days: int = 3, base_url: str = "") -> ReminderReport:
    """Send the reminders due `today` for the deadlines `days` days later."""
    target = today + dt.timedelta(days=days)
    report = ReminderReport()
    base_url = base_url or getattr(settings, "THIDUA_BASE_URL", "")
    years = ClusterYear.objects.exclude(phase=Phase.CLOSED).select_related("cluster").order_by("pk")
    other_due = {pk for source in DUE_DAY_SOURCES for pk in source(target)}
    with override("vi"):
        for cluster_year in years:
            if target.isoformat() not in (cluster_year.deadlines or {}).values() and cluster_year.pk not in other_due:
                continue
            tasks = {u: [t for t in ts if t.due == target] for u, ts in year_tasks(cluster_year).items()}
            tasks = {u: ts for u, ts in tasks.items() if ts}
            if not tasks:
                continue
            people = _recipients(set(tasks))
            for unit_id, unit_tasks in tasks.items():
                for task in unit_tasks:
                    for user in people.get(unit_id, []):
                        if not _wants(user, task):
                            continue
                        try:
                            with transaction.atomic():
                                ReminderSent.objects.create(
                                    user=user, cluster_year=cluster_year, task=task.key, due=task.due, sent_on=today
                                )
                                title, body = _message(task)
                                told = notify(
                                    recipients=[user],
                                    kind=Kind.TASK_DUE,
                                    title=title,
                                    body=body,
                                    link=task.url,
                                    cluster_year=cluster_year,
                                    organizer=cluster_year.cluster.organizer_id,
                                    dedupe_key=f"task_due:{cluster_year.pk}:{unit_id}:{task.key}:{task.due.isoformat()}:{today.isoformat()}",
                                    base_url=base_url,
                                )
                        except IntegrityError:
                            report.skipped_already_sent += 1
                            continue
                        if not user.email:
                            report.skipped_no_email += 1  # told in the product only
                        elif told.emailed:
                            report.sent += 1
                            report.recipients.append(user.email)
    return report

"""What each member unit must do now in a cluster's year, and by when: the tasks shown
on the dashboard and e-mailed a few days before their deadline.

The cycle app knows only the year's own tasks (publish the launch, register, sign the
covenant, issue the conference plan). Every other app contributes its tasks from what each
unit has and has not done, through a provider registered in its AppConfig.ready()
(scoring: the sheets to send, the explanations asked of the unit; voting: the delegate to
confirm, the conference to prepare, check-in and the open ballots on the day):

    from thidua.cycle.tasks import Task, register_task_provider
    register_task_provider(my_provider)
    # my_provider(cluster_year, unit_ids) -> {unit_id: [Task, ...]}, in a fixed number of queries

A task is the unit's (its officers and heads see it) unless it names `people`: then it is
only theirs — the check-in and the ballots of the conference day belong to whoever may
cast the unit's vote (its head, or the delegate it named), a delegate included. The
dashboard and the deadline reminders (reminders.py) read the same tasks, so a unit that
has done a thing is neither shown it nor reminded of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from thidua.org.models import ClusterYear, Membership, Phase, Role
from thidua.org.presenters import year_url

from . import phases

OFFICER, HEAD = "officer", "head"
# Where a task stands in the list: the conference day's check-in and ballots come first
# (a delegate's phone shows them above everything), then the rest by deadline.
FIRST, NORMAL = 0, 100


@dataclass(frozen=True)
class Task:
    """One thing a unit must do. Unpacks as (text, due, url)."""

    key: str  # stable: "register", "sign_covenant"… (with the year, identifies a reminder)
    title: str  # "Đăng ký thi đua năm 2026"
    due: dt.date | None
    url: str
    cluster_year_id: int
    cluster_name: str
    year: int
    unit_id: int
    cluster_id: int = 0
    audience: tuple[str, ...] = (OFFICER, HEAD)  # who is e-mailed about it
    phase: str = ""
    extra: dict = field(default_factory=dict, compare=False)
    # Only these accounts (user ids), not every officer and head of the unit: whoever may
    # cast the unit's ballot. None: the unit's task.
    people: frozenset[int] | None = None
    order: int = NORMAL  # FIRST for the conference day; ties keep the provider's order

    @property
    def text(self) -> str:
        if self.due is None:
            return self.title
        return _("{task} trước {day}").format(task=self.title, day=self.due.strftime("%d/%m/%Y"))

    def overdue(self, today: dt.date) -> bool:
        return self.due is not None and self.due < today

    def days_left(self, today: dt.date) -> int | None:
        return None if self.due is None else (self.due - today).days

    def __iter__(self):
        return iter((self.text, self.due, self.url))

    @property
    def urgent(self) -> bool:
        return self.order < NORMAL

    def shown_to(self, user) -> bool:
        """On the dashboard: the unit's tasks to its officers and heads; a person's task
        (a check-in, a ballot) to that person only."""
        if self.people is not None:
            return user.pk in self.people
        return bool(user.is_unit_officer or user.is_unit_head)

    def reminds(self, user) -> bool:
        """E-mailed (deadline reminders) to this person: the task's people, else the
        roles of its audience (signing is the head's, registering the officer's)."""
        if self.people is not None:
            return user.pk in self.people
        return (OFFICER in self.audience and user.is_unit_officer) or (HEAD in self.audience and user.is_unit_head)


def sort_key(task: Task):
    """The conference day first, then the soonest deadline; ties keep the order in which
    the tasks were made — the order of the steps (details before the invitation), which
    sorting Vietnamese titles by code point would not."""
    return (task.order, task.due or dt.date.max, task.year)


Provider = Callable[[ClusterYear, list[int]], dict[int, list[Task]]]
_providers: list[Provider] = []


def register_task_provider(provider: Provider) -> None:
    """Add the tasks another app asks of the units (once, however often ready() runs)."""
    if provider not in _providers:
        _providers.append(provider)


def deadline_of(cluster_year: ClusterYear, phase: str) -> dt.date | None:
    raw = (cluster_year.deadlines or {}).get(phase)
    try:
        return dt.date.fromisoformat(str(raw)) if raw else None
    except ValueError:
        return None


def year_tasks(cluster_year: ClusterYear, unit_ids: Iterable[int] | None = None) -> dict[int, list[Task]]:
    """{unit_id: [open tasks]} for the member units of a year (or those of `unit_ids`),
    in a fixed number of queries whatever the number of units."""
    from .models import ConferencePlan, CovenantSignature, Launch, Registration

    memberships = {m.unit_id: m.role for m in Membership.objects.filter(cluster_year=cluster_year).only("unit_id", "role")}
    ids = [u for u in (memberships if unit_ids is None else unit_ids) if u in memberships]
    tasks: dict[int, list[Task]] = {u: [] for u in ids}
    phase, year = cluster_year.phase, cluster_year.year
    if not ids or phase == Phase.CLOSED:
        return tasks
    name = cluster_year.cluster.name

    def add(unit_id: int, key: str, title: str, due_phase: str, url_name: str, audience=(OFFICER, HEAD)) -> None:
        tasks[unit_id].append(Task(
            key=key, title=title, due=deadline_of(cluster_year, due_phase), url=year_url(url_name, cluster_year),
            cluster_year_id=cluster_year.pk, cluster_name=name, year=year, unit_id=unit_id, cluster_id=cluster_year.cluster_id,
            audience=audience, phase=phase,
        ))

    if phases.phase_allows(cluster_year, "publish_launch"):
        launch = Launch.objects.filter(cluster_year=cluster_year).only("published_at").first()
        if launch is None or not launch.is_published:
            for unit_id in ids:
                if memberships[unit_id] == Role.LEADER:
                    add(unit_id, "launch", _("Công bố nội dung phát động thi đua năm {year}").format(year=year), Phase.PREPARING,
                        "cycle_launch")
    if phases.phase_allows(cluster_year, "register"):
        registered = set(Registration.objects.filter(cluster_year=cluster_year, unit_id__in=ids).values_list("unit_id", flat=True))
        for unit_id in ids:
            if unit_id not in registered:
                add(unit_id, "register", _("Đăng ký thi đua năm {year}").format(year=year), Phase.LAUNCHED, "cycle_registrations",
                    audience=(OFFICER,))
    if phases.phase_allows(cluster_year, "sign_covenant"):
        signatures = CovenantSignature.objects.filter(covenant__cluster_year=cluster_year, unit_id__in=ids)
        signed = set(signatures.values_list("unit_id", flat=True))
        for unit_id in ids:
            if unit_id not in signed:
                add(unit_id, "sign_covenant", _("Ký giao ước thi đua năm {year}").format(year=year), Phase.COVENANT, "cycle_covenant",
                    audience=(HEAD,))
    leaders = [u for u in ids if memberships[u] == Role.LEADER]
    # the plan sets the conference's date and place and the reports' deadline: the leader
    # unit issues it before the conference, from the year's work on
    plan_due = leaders and phases.phase_allows(cluster_year, "issue_plan")
    if plan_due and not ConferencePlan.objects.filter(cluster_year=cluster_year).exists():
        for unit_id in leaders:
            add(unit_id, "issue_plan", _("Ban hành kế hoạch tổ chức hội nghị tổng kết năm {year}").format(year=year),
                phase, "cycle_plan")
    for provider in _providers:
        for unit_id, extra in (provider(cluster_year, ids) or {}).items():
            if unit_id in tasks:
                tasks[unit_id].extend(extra)
    for unit_id in tasks:
        tasks[unit_id].sort(key=sort_key)
    return tasks


def open_cluster_years_of_unit(unit_id: int) -> list[ClusterYear]:
    return [
        m.cluster_year
        for m in Membership.objects.filter(unit_id=unit_id).exclude(cluster_year__phase=Phase.CLOSED)
        .select_related("cluster_year__cluster").order_by("-year", "cluster_year__cluster__name")
    ]


def unit_tasks(user) -> list[Task]:
    """What the user must do now and by when, across the unit's open cluster-years: the
    conference day's check-in and ballots first, then the soonest deadline. The unit's
    tasks for its officers and heads; a person's own (a ballot) for that person, a
    delegate included."""
    if not (user and user.is_authenticated and user.unit_id and (user.is_unit_officer or user.is_unit_head or user.is_delegate)):
        return []
    found: list[Task] = []
    for cluster_year in open_cluster_years_of_unit(user.unit_id):
        found += [t for t in year_tasks(cluster_year, [user.unit_id]).get(user.unit_id, []) if t.shown_to(user)]
    return sorted(found, key=sort_key)


def organizer_tasks(user, today: dt.date | None = None) -> list[Task]:
    """What the organizer officer's clusters wait for from the organizer: a year to move
    on — its phase's deadline has passed (move it, or extend the deadline), its launch is
    published while it is still being prepared, or every member unit has signed the
    covenant. Three queries whatever the number of clusters. (`unit_id` is 0: the task is
    the organizer's.)"""
    if not (user and user.is_authenticated and user.is_organizer_officer and user.organizer_id):
        return []
    extra = [task for provider in _organizer_providers for task in provider(user)]
    from django.db.models import Count
    from django.utils import timezone

    from .models import CovenantSignature, Launch

    today = today or timezone.localdate()
    years = list(
        ClusterYear.objects.filter(cluster__organizer_id=user.organizer_id)
        .exclude(phase=Phase.CLOSED)
        .select_related("cluster")  # each year's number of members: its `member_count`
        .order_by("cluster__name", "year")
    )
    if not years:
        return sorted(extra, key=sort_key)
    ids = [y.pk for y in years if y.phase in (Phase.PREPARING, Phase.COVENANT)]
    published = set(
        Launch.objects.filter(cluster_year_id__in=ids, published_at__isnull=False).values_list("cluster_year_id", flat=True)
    ) if ids else set()  # fmt: skip
    signed = dict(
        CovenantSignature.objects.filter(covenant__cluster_year_id__in=ids).order_by()
        .values_list("covenant__cluster_year_id").annotate(n=Count("unit_id", distinct=True))
    ) if ids else {}  # fmt: skip
    found: list[Task] = []
    for cluster_year in years:
        following = phases.next_phase(cluster_year.phase)
        if following is None:
            continue
        due = deadline_of(cluster_year, cluster_year.phase)
        names = {"cluster": cluster_year.cluster.name, "year": cluster_year.year, "current": Phase(cluster_year.phase).label,
                 "next": Phase(following).label}  # fmt: skip
        if due is not None and due < today:
            title = _("{cluster} năm {year}: giai đoạn “{current}” đã hết hạn — chuyển sang “{next}” hoặc gia hạn").format(**names)
        elif cluster_year.phase == Phase.PREPARING and cluster_year.pk in published:
            title = _("{cluster} năm {year}: đã công bố nội dung phát động — chuyển sang giai đoạn “{next}”").format(**names)
        elif cluster_year.phase == Phase.COVENANT and 0 < cluster_year.member_count <= signed.get(cluster_year.pk, 0):
            title = _("{cluster} năm {year}: các đơn vị đã ký giao ước — chuyển sang giai đoạn “{next}”").format(**names)
        else:
            continue
        found.append(Task(
            key="move_phase", title=title, due=due, url=year_url("cluster_year_detail", cluster_year), cluster_year_id=cluster_year.pk,
            cluster_name=cluster_year.cluster.name, year=cluster_year.year, unit_id=0, cluster_id=cluster_year.cluster_id, audience=(),
            phase=cluster_year.phase,
        ))  # fmt: skip
    return sorted(found + extra, key=sort_key)


OrganizerProvider = Callable[..., list[Task]]
_organizer_providers: list[OrganizerProvider] = []


def register_organizer_task_provider(provider: OrganizerProvider) -> None:
    """Add what another app asks of an organizer officer (provider(user) -> [Task], in a
    fixed number of queries): awards the dossiers waiting for review."""
    if provider not in _organizer_providers:
        _organizer_providers.append(provider)

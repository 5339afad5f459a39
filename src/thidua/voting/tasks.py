"""What the conference asks of each member unit, from what it has and has not done.
Registered with thidua.cycle.tasks in VotingConfig.ready (`voting_tasks`):

- its voting delegate (voting.md: "the unit is told of any change made to its delegate"):
  a task for the head to confirm an officer's pending nomination, and a line for the head
  and officers to check who was named, by whom and when;
- the leader unit at the ranking phase: set the conference's date and place, issue the
  invitation, prepare the polls;
- the conference day (the phase allows voting), for whoever may cast the unit's ballot
  (its head, or the delegate it named — a person's task, `Task.people`): check in while the
  unit is not checked in, and "Bỏ phiếu ngay" for each open poll whose ballot awaits the
  unit (voting/eligibility.py: open, electronic, on the roll, not cast). Shown first; a
  closed poll or a ballot cast is no task. Only the unit's own voters see whether it has
  voted."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.cycle import phases
from thidua.cycle.tasks import FIRST, HEAD, OFFICER, Task, deadline_of, year_url
from thidua.org.models import ClusterYear, Membership, Phase, Role, User

from . import eligibility
from .models import CheckIn, Conference, Delegate, DelegateNomination, Participation, Poll


def _who(user) -> str:
    return (user.full_name or user.get_username()) if user is not None else "—"


def _common(cluster_year: ClusterYear, url: str, due=None) -> dict:
    return {
        "due": due,
        "url": url,
        "cluster_year_id": cluster_year.pk,
        "cluster_name": cluster_year.cluster.name,
        "year": cluster_year.year,
        "cluster_id": cluster_year.cluster_id,
        "phase": cluster_year.phase,
    }


def delegate_tasks(cluster_year: ClusterYear, unit_ids: list[int]) -> dict[int, list[Task]]:
    """{unit_id: [tasks]} in two queries whatever the number of units."""
    found: dict[int, list[Task]] = {}
    common = _common(cluster_year, year_url("voting_conference", cluster_year))
    delegates = Delegate.objects.filter(conference__cluster_year=cluster_year, unit_id__in=unit_ids, kind=Delegate.Kind.VOTING)
    for d in delegates.select_related("confirmed_by"):
        at = timezone.localtime(d.confirmed_at).strftime("%H:%M %d/%m/%Y") if d.confirmed_at else "—"
        title = _("Kiểm tra người biểu quyết đơn vị đã cử cho hội nghị tổng kết năm {year}: {name} (xác nhận bởi {who}, lúc {at})").format(
            year=cluster_year.year, name=d.full_name, who=_who(d.confirmed_by), at=at
        )
        found.setdefault(d.unit_id, []).append(
            Task(key="voting_delegate", title=title, unit_id=d.unit_id, audience=(OFFICER, HEAD), **common)
        )
    nominations = DelegateNomination.objects.filter(conference__cluster_year=cluster_year, unit_id__in=unit_ids)
    for n in nominations.select_related("proposed_by"):
        title = _("Xác nhận người biểu quyết do {who} đề nghị cho hội nghị tổng kết năm {year}: {name}").format(
            who=_who(n.proposed_by), year=cluster_year.year, name=n.full_name
        )
        found.setdefault(n.unit_id, []).append(Task(key="confirm_delegate", title=title, unit_id=n.unit_id, audience=(HEAD,), **common))
    return found


def preparation_tasks(cluster_year: ClusterYear, unit_ids: list[int]) -> dict[int, list[Task]]:
    """The leader unit at the ranking phase prepares the conference: its date and place,
    the invitation's number (once the date and place are set: the letter prints them), the
    polls. At most three queries."""
    if cluster_year.phase != Phase.RANKING:
        return {}
    leaders = list(
        Membership.objects.filter(cluster_year=cluster_year, unit_id__in=unit_ids, role=Role.LEADER).values_list("unit_id", flat=True)
    )
    if not leaders:
        return {}
    conference = Conference.objects.filter(cluster_year=cluster_year).only("date", "place", "invitation_id").first()
    year, due = cluster_year.year, deadline_of(cluster_year, Phase.RANKING)
    page = year_url("voting_conference", cluster_year)
    todo: list[tuple[str, str, str]] = []
    if conference is None or not (conference.date and conference.place):
        todo.append(("conference_details", _("Ấn định ngày, địa điểm hội nghị tổng kết năm {year}").format(year=year),
                     f"{page}?sua=1#edit-conference"))  # fmt: skip
    elif conference.invitation_id is None:
        todo.append(("conference_invitation", _("Cấp số giấy mời hội nghị tổng kết năm {year}").format(year=year),
                     year_url("voting_conference_documents", cluster_year)))  # fmt: skip
    if not Poll.objects.filter(cluster_year=cluster_year).exists():
        todo.append(("prepare_polls", _("Chuẩn bị nội dung biểu quyết tại hội nghị tổng kết năm {year}").format(year=year),
                     year_url("voting_polls", cluster_year)))  # fmt: skip
    return {
        unit_id: [Task(key=key, title=title, unit_id=unit_id, audience=(OFFICER, HEAD), **_common(cluster_year, url, due))
                  for key, title, url in todo]
        for unit_id in leaders
    }  # fmt: skip


def _live_voters(cluster_year: ClusterYear, unit_ids: list[int]) -> tuple[dict[int, list[int]], dict[int, set[int]]]:
    """({unit: who casts its ballot now — its named delegate, else its heads}, {unit: who
    may check it in — its heads and its named delegate}), in two queries (the rule of
    rules.py and selectors.electorate_of)."""
    named = dict(
        Delegate.objects.filter(
            conference__cluster_year=cluster_year, unit_id__in=unit_ids, kind=Delegate.Kind.VOTING, user__isnull=False
        ).values_list("unit_id", "user_id")
    )
    heads: dict[int, list[int]] = {}
    for unit_id, user_id in (
        User.objects.filter(unit_id__in=unit_ids, is_unit_head=True, is_active=True).order_by("pk").values_list("unit_id", "pk")
    ):
        heads.setdefault(unit_id, []).append(user_id)
    voters = {u: [named[u]] if u in named else heads.get(u, []) for u in unit_ids}
    checkers = {u: set(heads.get(u, [])) | ({named[u]} if u in named else set()) for u in unit_ids}
    return voters, checkers


def conference_day_tasks(cluster_year: ClusterYear, unit_ids: list[int]) -> dict[int, list[Task]]:
    """While the conference is open (the phase allows voting): check in, then each open
    poll's ballot, for the unit's own voters. At most five queries."""
    if not phases.phase_allows(cluster_year, "vote"):
        return {}
    year = cluster_year.year
    checked = set(CheckIn.objects.filter(conference__cluster_year=cluster_year, unit_id__in=unit_ids).values_list("unit_id", flat=True))
    polls = list(
        Poll.objects.filter(cluster_year=cluster_year, state=Poll.State.OPEN)
        .exclude(mode=Poll.Mode.PAPER)
        .only("pk", "title", "state", "mode", "roll", "electorate", "cluster_year_id")
        .order_by("created_at", "pk")
    )
    if not polls and checked.issuperset(unit_ids):
        return {}
    voters, checkers = _live_voters(cluster_year, unit_ids)
    voted = set(
        Participation.objects.filter(poll__in=polls, unit_id__in=unit_ids).values_list("poll_id", "unit_id") if polls else []
    )
    page = year_url("voting_conference", cluster_year)
    found: dict[int, list[Task]] = {}
    for unit_id in unit_ids:
        tasks = found.setdefault(unit_id, [])
        if unit_id not in checked and checkers[unit_id]:
            tasks.append(Task(
                key="checkin", title=_("Điểm danh tại hội nghị tổng kết năm {year}").format(year=year), unit_id=unit_id,
                audience=(HEAD,), people=frozenset(checkers[unit_id]), order=FIRST, **_common(cluster_year, f"{page}#my-turn"),
            ))  # fmt: skip
        for poll in polls:
            people = eligibility.voters_of(poll, unit_id, voters)
            if people and eligibility.ballot_awaits(poll, unit_id, (poll.pk, unit_id) in voted):
                tasks.append(Task(
                    key=f"vote:{poll.pk}", title=_("Bỏ phiếu ngay: {poll}").format(poll=poll.title), unit_id=unit_id,
                    audience=(HEAD,), people=frozenset(people), order=FIRST + 1,
                    **_common(cluster_year, reverse("voting_ballot", args=[poll.pk])),
                ))  # fmt: skip
    return {u: ts for u, ts in found.items() if ts}


def voting_tasks(cluster_year: ClusterYear, unit_ids: list[int]) -> dict[int, list[Task]]:
    """{unit_id: [tasks]} of the conference, in a fixed number of queries."""
    found: dict[int, list[Task]] = {}
    for provider in (conference_day_tasks, preparation_tasks, delegate_tasks):
        for unit_id, tasks in provider(cluster_year, unit_ids).items():
            found.setdefault(unit_id, []).extend(tasks)
    return found

"""What the scoring app tells people (notifications.services.notify), in the transaction
of the write that causes it: a query on a unit's scores and each reply in its thread
(giải trình), and the cross-scoring sheets assigned to a unit."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import override

from thidua.notifications.models import Kind
from thidua.notifications.services import notify
from thidua.org.models import ClusterYear, Unit, User
from thidua.org.presenters import year_url

from .models import ScoreQuery, ScoreQueryReply


def _staff(unit_ids, *, heads: bool) -> list[User]:
    roles = Q(is_unit_officer=True) | Q(is_unit_head=True) if heads else Q(is_unit_officer=True)
    return list(User.objects.filter(roles, unit_id__in=list(unit_ids), is_active=True).order_by("pk"))


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def tell_query_asked(cluster_year: ClusterYear, query: ScoreQuery, unit: Unit, scorer: Unit, actor) -> None:
    """The scored unit's officers and heads: a scorer asks them to explain a criterion."""
    with override("vi"):
        title = _("{scorer} đề nghị giải trình tiêu chí {code}").format(scorer=scorer.name, code=query.criterion.code)
        body = _("Đề nghị giải trình về bảng tự chấm điểm năm {year} của {unit}: {text}").format(
            year=cluster_year.year, unit=unit.name, text=_short(query.text)
        )
    notify(
        recipients=[u for u in _staff([unit.pk], heads=True) if u.pk != actor.pk],
        kind=Kind.SCORE_QUERY,
        title=title,
        body=body,
        link=year_url("scoring_self", cluster_year, unit.pk),
        cluster_year=cluster_year,
        organizer=cluster_year.cluster.organizer_id,
    )


def tell_query_replied(cluster_year: ClusterYear, query: ScoreQuery, reply: ScoreQueryReply, actor) -> None:
    """The other side of the thread: the scorer's officers (and whoever asked) when the unit
    answers; the unit's officers and heads when the scorer follows up."""
    sheet = query.sheet
    code = query.criterion.code
    with override("vi"):
        if reply.unit_id == sheet.unit_id:  # the unit answered
            people = _staff([query.scorer_id], heads=False)
            if query.asked_by_id and all(u.pk != query.asked_by_id for u in people):
                people += list(User.objects.filter(pk=query.asked_by_id, is_active=True))
            title = _("{unit} đã trả lời đề nghị giải trình tiêu chí {code}").format(unit=sheet.unit.name, code=code)
            link = year_url("scoring_cross", cluster_year, sheet.unit_id)
        else:  # the scorer followed up
            people = _staff([sheet.unit_id], heads=True)
            title = _("{scorer} hỏi thêm về tiêu chí {code}").format(scorer=query.scorer.name, code=code)
            link = year_url("scoring_self", cluster_year, sheet.unit_id)
        body = _short(reply.text)
    notify(
        recipients=[u for u in people if u.pk != actor.pk],
        kind=Kind.SCORE_QUERY,
        title=title,
        body=body,
        link=link,
        cluster_year=cluster_year,
        organizer=cluster_year.cluster.organizer_id,
    )


def tell_assignments(cluster_year: ClusterYear, before: list[tuple[int, int]], after: list[tuple[int, int]]) -> None:
    """Each scorer unit given new sheets to score (pairs it did not have before): its
    officers, once, with the units it now scores."""
    new = defaultdict(list)
    for scorer_id, unit_id in sorted(set(after) - set(before)):
        new[scorer_id].append(unit_id)
    if not new:
        return
    names = dict(Unit.objects.filter(pk__in={u for units in new.values() for u in units}).values_list("pk", "name"))
    people = defaultdict(list)
    for user in _staff(new, heads=False):
        people[user.unit_id].append(user)
    for scorer_id, unit_ids in new.items():
        with override("vi"):
            title = _("Được phân công chấm chéo năm {year}: {n} đơn vị").format(year=cluster_year.year, n=len(unit_ids))
            body = _("Đơn vị của Anh/Chị được phân công chấm chéo: {units}.").format(units="; ".join(names[u] for u in unit_ids))
        notify(
            recipients=people.get(scorer_id, []),
            kind=Kind.TASK_ASSIGNED,
            title=title,
            body=body,
            link=year_url("scoring_cross_home", cluster_year),
            cluster_year=cluster_year,
            organizer=cluster_year.cluster.organizer_id,
        )

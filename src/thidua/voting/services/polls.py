"""Polls: creating, editing and deleting a draft, opening it (which freezes its rules, its
roll, its candidates and its electorate), and the one-click run-off of a closed poll."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from thidua.core.audit import audit_record
from thidua.core.errors import Conflict
from thidua.core.permissions import require
from thidua.cycle import phases
from thidua.notifications.models import Kind
from thidua.notifications.services import notify
from thidua.org.models import ClusterYear, Role, Unit, User

from .. import sealing, selectors, tally
from ..models import Poll, PollCandidate
from ..validation import clean_poll
from .common import audit, locked_poll
from .conference import conference_locked

POLL_FIELDS = (
    "kind",
    "title",
    "notes",
    "method",
    "max_choices",
    "seats",
    "threshold",
    "mode",
    "candidates",
    "departure_reason",
    "publish_receipts",
)


def _write_poll(poll: Poll, clean: dict) -> None:
    for name in ("kind", "title", "notes", "method", "max_choices", "seats", "mode", "departure_reason", "publish_receipts"):
        setattr(poll, name, clean[name])
    poll.threshold_base = clean["threshold"]["base"]
    poll.threshold_percent = clean["threshold"]["percent"]
    poll.threshold_strict = clean["threshold"]["strict"]
    poll.save()
    poll.candidates.all().delete()
    PollCandidate.objects.bulk_create([PollCandidate(poll=poll, unit=u, order=i) for i, u in enumerate(clean["candidates"])])


def poll_snapshot(poll: Poll) -> dict:
    return {
        "kind": poll.kind,
        "title": poll.title,
        "method": poll.method,
        "max_choices": poll.max_choices,
        "seats": poll.seats,
        "threshold": {"base": poll.threshold_base, "percent": str(poll.threshold_percent), "strict": poll.threshold_strict},
        "mode": poll.mode,
        "candidates": list(poll.candidates.order_by("order", "pk").values_list("unit_id", flat=True)),
        "departure_reason": poll.departure_reason,
        "parent": poll.parent_id,
        "publish_receipts": poll.publish_receipts,
    }


@transaction.atomic
def poll_create(*, actor, cluster_year: ClusterYear, data: dict) -> Poll:
    """A new poll, in draft (the leader unit or the organizer; from the ranking phase).
    `data["candidates"]` are Units; missing method, choices, seats and threshold come from
    the year's rules."""
    require(actor, "voting.manage", cluster_year, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được tạo biểu quyết."))
    phases.require_phase(cluster_year, "prepare_polls")
    clean = clean_poll(cluster_year, data, None)
    poll = Poll(cluster_year=cluster_year, created_by=actor if actor.pk else None, parent=data.get("parent"))
    _write_poll(poll, clean)
    audit(actor, "poll.create", poll, cluster_year, after=poll_snapshot(poll))
    return poll


@transaction.atomic
def poll_update(*, actor, poll: Poll, data: dict) -> Poll:
    """Change a draft poll; once open its rules are frozen (a change means a new poll)."""
    cluster_year = poll.cluster_year
    require(actor, "voting.manage", cluster_year, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được sửa biểu quyết."))
    poll = locked_poll(poll)
    if poll.state != Poll.State.DRAFT:
        raise Conflict(_("Biểu quyết đã mở: câu hỏi, danh sách đề cử, cách bỏ phiếu và tỷ lệ không thay đổi được nữa."))
    phases.require_phase(cluster_year, "prepare_polls")
    before = poll_snapshot(poll)
    clean = clean_poll(cluster_year, data, poll)
    _write_poll(poll, clean)
    after = poll_snapshot(poll)
    if after != before:
        audit(actor, "poll.update", poll, cluster_year, before=before, after=after)
    return poll


@transaction.atomic
def poll_delete(*, actor, poll: Poll) -> None:
    """Remove a draft poll (nothing was voted)."""
    cluster_year = poll.cluster_year
    require(actor, "voting.manage", cluster_year)
    poll = locked_poll(poll)
    if poll.state != Poll.State.DRAFT or poll.runoffs.exists():
        raise Conflict(_("Chỉ xóa được biểu quyết đang chuẩn bị."))
    before = poll_snapshot(poll)
    pk = poll.pk
    poll.candidates.all().delete()
    poll.delete()
    audit_record(
        actor=actor,
        action="poll.delete",
        object_type="voting.poll",
        object_id=str(pk),
        object_label=before["title"],
        before=before,
        organizer_id=cluster_year.cluster.organizer_id,
        cluster_id=cluster_year.cluster_id,
    )


@transaction.atomic
def poll_open(*, actor, poll: Poll) -> Poll:
    """Open a draft poll at the conference: freezes its candidates, method, choices,
    threshold and seats (they are in the row and the draft can no longer change), the
    member units (base "members") and the voter roll — the units present now (base
    "present"; those who may vote), the candidates and who may cast each unit's ballot
    (its named voting delegate, else its heads: the delegates are frozen from now on).
    Needs the quorum."""
    cluster_year = poll.cluster_year
    require(actor, "voting.manage", cluster_year, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được mở biểu quyết."))
    conference_locked(cluster_year)  # a delegate change waits for the open, then sees the poll open (409)
    poll = locked_poll(poll)
    if poll.state != Poll.State.DRAFT:
        raise Conflict(_("Biểu quyết này đã được mở trước đó."))
    phases.require_phase(cluster_year, "vote")
    if poll.parent_id and Poll.objects.filter(pk=poll.parent_id).exclude(state=Poll.State.CLOSED).exists():
        raise Conflict(_("Vòng trước của biểu quyết này chưa kết thúc."))
    candidates = list(poll.candidates.select_related("unit").order_by("order", "pk"))
    members = selectors.member_ids(cluster_year)
    if not candidates:
        raise Conflict(_("Biểu quyết chưa có đơn vị được đề cử."))
    outsiders = [c.unit.name for c in candidates if c.unit_id not in members]
    if outsiders:
        raise Conflict(_("Không còn là thành viên của cụm: {names}.").format(names=", ".join(outsiders)))
    present = selectors.present_ids(cluster_year, members)
    required = selectors.quorum_required(cluster_year, len(members))
    if len(present) < required:
        raise Conflict(
            _("Chưa đủ số đơn vị có mặt để biểu quyết: {present}/{total} đơn vị, cần ít nhất {required}.").format(
                present=len(present), total=len(members), required=required
            )
        )
    if poll.is_election:
        gone = [c.unit.name for c in candidates if not c.unit.existed_in_year(cluster_year.year + 1)]
        if gone:
            raise Conflict(_("Đơn vị không còn tồn tại năm {year}: {names}.").format(year=cluster_year.year + 1, names=", ".join(gone)))
    if poll.kind == Poll.Kind.DEPUTY:
        roles = selectors.next_year_roles(cluster_year)
        leader = next((u for u, r in roles.items() if r == Role.LEADER), None)
        if leader is None:
            raise Conflict(_("Cần có kết quả bầu Cụm trưởng năm {year} trước khi bầu Cụm phó.").format(year=cluster_year.year + 1))
        if any(c.unit_id == leader for c in candidates):
            raise Conflict(_("Đơn vị Cụm trưởng năm {year} không thể đồng thời là Cụm phó.").format(year=cluster_year.year + 1))
    poll.member_ids = members
    poll.roll = present
    poll.candidate_ids = [c.unit_id for c in candidates]
    poll.electorate = selectors.electorate_of(cluster_year, members)
    poll.state = Poll.State.OPEN
    poll.opened_at = timezone.now()
    poll.seal_salt = sealing.new_salt()  # the poll's own key for its sealed ballots
    poll.save(update_fields=["member_ids", "roll", "candidate_ids", "electorate", "state", "opened_at", "seal_salt"])
    audit(actor, "poll.open", poll, cluster_year, after={**poll_snapshot(poll), "members": members, "roll": present})
    _tell_poll_opened(cluster_year, poll)
    return poll


def _tell_poll_opened(cluster_year: ClusterYear, poll: Poll) -> None:
    """The voters of the units on the roll (their named delegate, else their heads, as the
    poll froze them) are told the ballot is open, with the way to it. A paper poll is voted
    in the room: nobody is sent to a ballot page."""
    if poll.mode == Poll.Mode.PAPER:
        return
    roll = {str(unit_id) for unit_id in poll.roll}
    voter_ids = {v for unit_id, entry in poll.electorate.items() if unit_id in roll for v in entry["voters"]}
    with override("vi"):
        title = _("Phiếu bầu đang mở: {title}").format(title=poll.title)
        body = _(
            "Biểu quyết “{title}” tại hội nghị tổng kết năm {year} của {cluster} đang mở. Mời Anh/Chị bỏ phiếu thay mặt đơn vị."
        ).format(title=poll.title, year=cluster_year.year, cluster=cluster_year.cluster.name)
    notify(
        recipients=User.objects.filter(pk__in=voter_ids),
        kind=Kind.POLL_OPENED,
        title=title,
        body=body,
        link=reverse("voting_ballot", args=[poll.pk]),
        cluster_year=cluster_year,
        organizer=cluster_year.cluster.organizer_id,
    )


@transaction.atomic
def runoff_create(*, actor, poll: Poll) -> Poll:
    """One click: a new draft poll among the tied candidates (or, in an election with a
    seat left empty, the best remaining ones), for the seats left."""
    cluster_year = poll.cluster_year
    require(actor, "voting.manage", cluster_year, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được tạo biểu quyết."))
    poll = locked_poll(poll)
    if poll.state != Poll.State.CLOSED or not poll.runoff_needed:
        raise Conflict(_("Biểu quyết này không cần bỏ phiếu lại."))
    if poll.runoffs.exists():
        raise Conflict(_("Đã tạo vòng bỏ phiếu tiếp theo cho biểu quyết này."))
    phases.require_phase(cluster_year, "prepare_polls")
    runoff = poll.results["runoff"]
    seats = int(runoff["seats"])
    reason = runoff["reason"]
    if reason == tally.NO_WINNER:
        threshold = poll.threshold
    else:  # the tied candidates all reached the threshold: the most votes decide among them
        threshold = {"base": Poll.Base.VALID, "percent": Decimal(0), "strict": False}
    method = Poll.Method.SINGLE if (seats == 1 or reason == tally.ORDER) else Poll.Method.APPROVAL
    round_no = len(selectors.poll_chain(poll)) + 1
    units = Unit.objects.in_bulk(runoff["candidates"])
    explanation = {
        tally.TIE: _("Bằng phiếu ở suất cuối cùng."),
        tally.ORDER: _("Bằng phiếu: bỏ phiếu lại để xác định thứ tự."),
        tally.NO_WINNER: _("Chưa đơn vị nào đạt tỷ lệ phiếu cần thiết."),
    }[reason]
    if reason == tally.NO_WINNER and poll.elected:  # someone did reach it: only the seats left are undecided
        explanation = _("Chưa thêm đơn vị nào đạt tỷ lệ phiếu cần thiết cho số suất còn lại.")
    data = {
        "kind": poll.kind,
        "title": _("{title} — vòng {n}").format(title=poll.title.split(" — vòng ")[0], n=round_no)[:300],
        "notes": explanation,
        "method": method,
        "max_choices": 1 if method == Poll.Method.SINGLE else seats,
        "seats": seats,
        "threshold": threshold,
        "mode": poll.mode,
        "candidates": [units[u] for u in runoff["candidates"]],
        "parent": poll,
        "publish_receipts": poll.publish_receipts,
    }
    clean = clean_poll(cluster_year, data, None)
    child = Poll(cluster_year=cluster_year, created_by=actor if actor.pk else None, parent=poll)
    _write_poll(child, clean)
    audit(actor, "poll.runoff", child, cluster_year, after=poll_snapshot(child), reason=explanation)
    return child

"""Closing a poll: the sealed ballots opened and written in clear in receipt order
(docs/voting.md), counted, the threshold and seats applied, the results and the digest
stored with the audit trail's head; then the effects — a nomination's proposals, an
election's roles for next year (once no run-off is pending)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import chain_head, snapshot
from thidua.core.errors import Conflict
from thidua.core.permissions import require
from thidua.cycle import phases
from thidua.org.models import Membership, Role, Unit
from thidua.org.services import cluster_year_set_members

from .. import sealing, selectors, tally
from ..models import Ballot, PaperTally, Participation, Poll, Proposal, SealedBallot
from .common import audit, locked_poll


def _unseal(poll: Poll) -> None:
    """Open every sealed ballot of the poll (locked), check their number against the
    participation, write them in clear in receipt order in one statement, destroy the
    sealed copies. Every clear ballot row then carries the closing transaction's id and
    sits in receipt order — random with respect to the order of voting."""
    rows = list(SealedBallot.objects.filter(poll=poll).values_list("nonce", "ciphertext"))
    try:
        entries = sealing.unseal_all(poll_id=poll.pk, salt=poll.seal_salt, rows=rows)
    except sealing.SealBroken:
        raise Conflict(
            _(
                "Không mở được phiếu niêm phong: khóa niêm phong phiếu (BALLOT_SEALING_SECRET) đã thay đổi từ khi mở biểu "
                "quyết, hoặc dữ liệu phiếu bị sửa. Khôi phục khóa cũ rồi kết thúc lại; báo ngay cho cơ quan tổ chức."
            )
        ) from None
    clear = Ballot.objects.filter(poll=poll).count()  # ballots of a poll opened before sealing existed
    voted = Participation.objects.filter(poll=poll).count()
    if clear + len(entries) != voted:
        raise Conflict(
            _("Số phiếu ({ballots}) khác số đơn vị đã bỏ phiếu ({voted}): không thể kết thúc; báo ngay cho cơ quan tổ chức.").format(
                ballots=clear + len(entries), voted=voted
            )
        )
    entries.sort(key=lambda e: e["receipt"])
    receipts = [e["receipt"] for e in entries]
    if len(set(receipts)) != len(receipts) or Ballot.objects.filter(poll=poll, receipt__in=receipts).exists():
        raise Conflict(_("Hai phiếu trùng mã biên nhận: không thể kết thúc; báo ngay cho cơ quan tổ chức."))
    Ballot.objects.bulk_create([Ballot(poll=poll, receipt=e["receipt"], choices=e.get("choices", e.get("answers"))) for e in entries])
    SealedBallot.objects.filter(poll=poll).delete()


def _count(poll: Poll, candidate_ids: list[int]) -> tuple[tally.Count, list[dict], dict]:
    if poll.mode == Poll.Mode.PAPER:
        paper = PaperTally.objects.filter(poll=poll).first()
        if paper is None:
            raise Conflict(_("Chưa nhập kết quả kiểm phiếu giấy."))
        count = tally.Count(votes={}, ballots=paper.returned, invalid=paper.invalid)
        for unit_id in candidate_ids:
            value = paper.votes.get(str(unit_id), 0)
            if poll.method == Poll.Method.YES_NO:
                value = value or {}
                count.votes[unit_id] = value.get("yes", 0)
                count.no[unit_id], count.abstain[unit_id] = value.get("no", 0), value.get("abstain", 0)
            else:
                count.votes[unit_id] = int(value or 0)
        return count, [], {"issued": paper.issued, "returned": paper.returned}
    entries = selectors.published_ballots(poll)
    participations = Participation.objects.filter(poll=poll).count()
    if participations != len(entries):
        raise Conflict(
            _("Số phiếu ({ballots}) khác số đơn vị đã bỏ phiếu ({voted}): không thể kết thúc; báo ngay cho cơ quan tổ chức.").format(
                ballots=len(entries), voted=participations
            )
        )
    count = tally.count_entries(poll.method, candidate_ids, entries)
    return count, entries, {"issued": len(poll.roll), "returned": len(entries)}


def compute_outcome(poll: Poll, count: tally.Count, candidate_ids: list[int]) -> tally.Outcome:
    base = tally.base_count(poll.threshold_base, members=len(poll.member_ids), present=len(poll.roll), valid=count.valid)
    return tally.decide(
        candidates=candidate_ids,
        count=count,
        base=base,
        percent=poll.threshold_percent,
        strict=poll.threshold_strict,
        seats=poll.seats,
        election=poll.is_election,
        ordered=poll.kind == Poll.Kind.DEPUTY,
    )


@transaction.atomic
def poll_close(*, actor, poll: Poll) -> Poll:
    """Close an open poll: count, apply the threshold and the seats, store the results,
    who is elected, the canonical ballot list's digest; then its effects — a nomination's
    proposals, an election's roles for next year (once no run-off is pending)."""
    cluster_year = poll.cluster_year
    require(actor, "voting.manage", cluster_year, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được kết thúc biểu quyết."))
    poll = locked_poll(poll)  # waits for the casts in flight (they hold the row in share mode)
    if poll.state != Poll.State.OPEN:
        raise Conflict(_("Chỉ kết thúc được biểu quyết đang mở."))
    phases.require_phase(cluster_year, "vote")
    candidate_ids = list(poll.candidates.order_by("order", "pk").values_list("unit_id", flat=True))
    if poll.mode == Poll.Mode.ELECTRONIC:
        _unseal(poll)
    count, entries, paper = _count(poll, candidate_ids)
    outcome = compute_outcome(poll, count, candidate_ids)
    poll.results = {
        **outcome.as_json(),
        "ballots_cast": count.ballots,
        "valid": count.valid,
        "blank": count.blank,
        "invalid": count.invalid,
        "issued": paper["issued"],
        "returned": paper["returned"],
        "entitled": len(poll.member_ids),
        "present": len(poll.roll),
        "base_kind": poll.threshold_base,
    }
    poll.elected = outcome.elected
    poll.digest = tally.digest(entries) if poll.mode == Poll.Mode.ELECTRONIC else ""
    poll.state = Poll.State.CLOSED
    poll.closed_at = timezone.now()
    poll.save(update_fields=["results", "elected", "digest", "state", "closed_at"])
    audit(
        actor,
        "poll.close",
        poll,
        cluster_year,
        after={
            "elected": poll.elected,
            "digest": poll.digest,
            "votes": {str(r.candidate): r.votes for r in outcome.rows},
            "ballots_cast": count.ballots,
            "runoff": outcome.runoff,
        },
    )
    # The trail's head right after the close's event, printed in the minutes beside the
    # digest: a trail rewritten or cut later no longer matches the signed paper.
    poll.trail_head_at_close = chain_head(organizer_id=cluster_year.cluster.organizer_id, cluster_id=cluster_year.cluster_id)
    poll.save(update_fields=["trail_head_at_close"])
    if poll.is_nomination:
        _store_proposals(actor, poll, outcome)
    elif poll.is_election:
        _apply_election(actor, poll)
    return poll


def _store_proposals(actor, poll: Poll, outcome: tally.Outcome) -> None:
    cluster_year = poll.cluster_year
    rows = {r.candidate: r for r in outcome.rows}
    start = Proposal.objects.filter(cluster_year=cluster_year, kind=poll.kind).count()
    for i, unit_id in enumerate(poll.elected, start=start + 1):
        proposal, _created = Proposal.objects.update_or_create(
            cluster_year=cluster_year,
            kind=poll.kind,
            unit_id=unit_id,
            defaults={"poll": poll, "votes": rows[unit_id].votes, "percent": rows[unit_id].percent, "rank": i},
        )
        audit(actor, "proposal.create", proposal, cluster_year, after=snapshot(proposal), reason=_reason(poll))


def _reason(poll: Poll) -> str:
    return _("Kết quả biểu quyết “{title}” (biểu quyết số {id}) tại Hội nghị tổng kết năm {year}").format(
        title=poll.title, id=poll.pk, year=poll.cluster_year.year
    )


def _apply_election(actor, poll: Poll) -> None:
    positions, decided = selectors.chain_positions(poll)
    if not decided or not positions:
        return
    cluster_year = poll.cluster_year
    next_year = cluster_year.year + 1
    roles = selectors.next_year_roles(cluster_year)
    if not roles:
        roles = {
            m.unit_id: Role.MEMBER
            for m in Membership.objects.filter(cluster_year=cluster_year).select_related("unit")
            if m.unit.existed_in_year(next_year)
        }
    seats = selectors.poll_chain(poll)[0].seats
    if poll.kind == Poll.Kind.LEADER:
        leader = positions[0]
        previous = roles.get(leader)
        roles = {u: (Role.MEMBER if r == Role.LEADER else r) for u, r in roles.items()}
        roles[leader] = Role.LEADER
        if previous == Role.DEPUTY1:
            deputy2 = next((u for u, r in roles.items() if r == Role.DEPUTY2), None)
            if deputy2 is not None:
                roles[deputy2] = Role.DEPUTY1
    else:
        deputies = positions[:seats]
        if any(roles.get(u) == Role.LEADER for u in deputies):
            raise Conflict(_("Đơn vị Cụm trưởng năm {year} không thể đồng thời là Cụm phó.").format(year=next_year))
        roles = {u: (Role.MEMBER if r in (Role.DEPUTY1, Role.DEPUTY2) else r) for u, r in roles.items()}
        for unit_id, role in zip(deputies, (Role.DEPUTY1, Role.DEPUTY2), strict=False):
            roles[unit_id] = role
    units = Unit.objects.in_bulk(list(roles))
    members = sorted(((units[u], r) for u, r in roles.items()), key=lambda item: item[0].pk)
    cluster_year_set_members(
        actor=actor, cluster=cluster_year.cluster, year=next_year, members=members, reason=_reason(poll), check_permission=False
    )

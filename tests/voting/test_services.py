"""The services of the conference and the vote: check-in and quorum, polls from draft to
closed, casting rules, verification (digest, recount), threshold bases, run-offs, paper
mode, and what a closed poll changes (proposals, next year's leader and deputies)."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

import pytest

from tests.factories import UserFactory
from tests.scoring.helpers import SMALL_TABLE
from thidua.core.errors import Conflict, Forbidden, InvalidInput
from thidua.core.models import AuditEvent
from thidua.cycle.phase_service import cluster_year_set_phase
from thidua.cycle.services import year_settings_get
from thidua.org.models import ClusterYear, Membership, Phase, Role
from thidua.scoring.services import criteria_table_replace
from thidua.voting import delegates, selectors, services
from thidua.voting.models import Ballot, CheckIn, Delegate, Participation, Poll, Proposal, SealedBallot

from .conftest import build_electorate, rank_units

pytestmark = pytest.mark.django_db


def approve(e, poll, votes: dict[int, list[int]]):
    """votes: {voter index: [candidate indexes]} -> receipts."""
    return [e.cast(poll, i, choices=[e.units[c].pk for c in cs]) for i, cs in votes.items()]


# --- conference, check-in, quorum --------------------------------------------------------------------
def test_checkin_by_the_secretariat_or_by_the_delegate_with_the_code():
    e = build_electorate(9)
    cy = e.cluster_year
    assert services.checkin(actor=e.officers[1], cluster_year=cy, unit=e.units[5]) is True  # deputy unit's officer
    assert services.checkin(actor=e.officers[1], cluster_year=cy, unit=e.units[5]) is False  # twice: harmless
    code = services.conference_of(cy).checkin_code
    with pytest.raises(InvalidInput):
        services.checkin(actor=e.heads[3], cluster_year=cy, unit=e.units[3], code="000000" if code != "000000" else "111111")
    with pytest.raises(Forbidden):
        services.checkin(actor=e.heads[3], cluster_year=cy, unit=e.units[4], code=code)
    with pytest.raises(Forbidden):
        services.checkin(actor=e.officers[3], cluster_year=cy, unit=e.units[3])  # a member's officer is not its delegate
    assert services.checkin(actor=e.heads[3], cluster_year=cy, unit=e.units[3], code=code)
    q = selectors.quorum(cy)
    assert (q.present, q.total, q.required, q.met) == (2, 9, 6, False)
    e.check_in(e.units[:6])
    assert selectors.quorum(cy).met
    assert CheckIn.objects.count() == 6


def test_checkin_needs_the_conference_phase():
    e = build_electorate(3, phase=Phase.RANKING)
    with pytest.raises(Conflict):
        services.checkin(actor=e.organizer_officer, cluster_year=e.cluster_year, unit=e.units[0])


def test_conference_details_and_delegates():
    e = build_electorate(3)
    cy = e.cluster_year
    import datetime as dt

    conference = services.conference_update(actor=e.leader_officer, cluster_year=cy, data={
        "date": dt.date(2026, 12, 20), "place": "Thanh Hóa", "host_unit": e.units[0], "guests": ["Đại diện Bộ"],
        "agenda": ["Tổng kết", "Bình xét"],
    })
    assert conference.guests == ["Đại diện Bộ"] and conference.host_unit == e.units[0]
    with pytest.raises(Forbidden):
        services.conference_update(actor=e.officers[2], cluster_year=cy, data={"place": "X"})
    deputy = UserFactory(username="pho_gd", unit=e.units[2], is_delegate=True)
    with pytest.raises(InvalidInput) as err:
        delegates.delegate_set(actor=e.officers[2], cluster_year=cy, unit=e.units[2], full_name="Trần Văn B", user=deputy)
    assert "authorisation" in err.value.errors
    # The officer proposes; the head confirms.
    delegates.delegate_set(actor=e.officers[2], cluster_year=cy, unit=e.units[2], full_name="Trần Văn B", user=deputy,
                           authorisation="Giấy ủy quyền số 12/GUQ ngày 18/12/2026 của Giám đốc")
    delegates.delegate_confirm(actor=e.heads[2], cluster_year=cy, unit=e.units[2])
    with pytest.raises(Forbidden):
        delegates.delegate_set(actor=e.officers[2], cluster_year=cy, unit=e.units[1], full_name="Ai đó", authorisation="x")
    # The named delegate votes for the unit; its head no longer may.
    e.check_in()
    poll = e.poll(candidates=e.units[:2], method="single", max_choices=1, seats=1)
    with pytest.raises(Forbidden):
        e.cast(poll, 2, choices=[e.units[0].pk])
    services.ballot_cast(actor=deputy, poll=poll, choices=[e.units[0].pk])
    assert Delegate.objects.get(unit=e.units[2]).authorisation.startswith("Giấy ủy quyền")


# --- creating and opening ---------------------------------------------------------------------------
def test_poll_defaults_come_from_the_years_rules(electorate):
    e = electorate
    settings = year_settings_get(e.cluster_year)
    settings.quotas = {"flag": 2, "merit": 1}
    settings.save()
    poll = e.poll(kind="flag", title="Cờ thi đua", open_it=False)
    assert (poll.method, poll.max_choices, poll.seats) == ("approval", 2, 2)
    assert (poll.threshold_base, poll.threshold_percent, poll.threshold_strict) == ("members", Decimal("70.00"), False)
    merit = e.poll(kind="merit", title="Bằng khen", open_it=False)
    assert (merit.max_choices, merit.threshold_percent, merit.threshold_strict) == (1, Decimal("50.00"), True)
    leader = e.poll(kind="leader", title="Cụm trưởng", open_it=False)
    assert (leader.method, leader.seats) == ("single", 1)


def test_candidates_must_be_members_and_rules_sane(electorate):
    e = electorate
    outsider = build_electorate(1, number="8").units[0]
    with pytest.raises(InvalidInput) as err:
        e.poll(candidates=[e.units[0], outsider], open_it=False)
    assert "candidates" in err.value.errors
    with pytest.raises(InvalidInput) as err:
        e.poll(candidates=e.units[:3], method="single", max_choices=2, open_it=False)
    assert "max_choices" in err.value.errors
    with pytest.raises(InvalidInput):
        e.poll(kind="leader", candidates=e.units[:3], seats=2, open_it=False)
    with pytest.raises(InvalidInput) as err:
        e.poll(candidates=e.units[:3], threshold={"base": "everyone", "percent": 170}, open_it=False)
    assert "threshold" in err.value.errors
    with pytest.raises(Forbidden):
        services.poll_create(actor=e.heads[4], cluster_year=e.cluster_year, data={"kind": "other", "title": "x",
                                                                                  "candidates": e.units[:2]})


def test_a_list_departing_from_the_ranking_needs_a_reason(electorate):
    e = electorate
    rank_units(e, e.units)  # a real ranking, from submitted cross sheets: units[0] first
    assert [u.pk for u in selectors.ranking_proposal(e.cluster_year, 3)] == [u.pk for u in e.units[:3]]
    e.poll(kind="flag", title="Cờ", candidates=e.units[:3], open_it=False)  # the top three: no reason needed
    with pytest.raises(InvalidInput) as err:
        e.poll(kind="flag", title="Cờ", candidates=[e.units[0], e.units[4]], open_it=False)
    assert "departure_reason" in err.value.errors
    e.poll(kind="flag", title="Cờ", candidates=[e.units[0], e.units[4]], departure_reason="Đơn vị 2 bị kỷ luật", open_it=False)


def test_a_year_without_a_ranking_proposes_nothing_and_asks_no_reason():
    """No criteria table, then a table but no submitted cross sheet: scoring's ranking has
    no ranked unit, so the nomination starts empty and any list is accepted as it is."""
    e = build_electorate(4)
    e.check_in()
    assert selectors.ranking_order(e.cluster_year) == [] and selectors.ranking_proposal(e.cluster_year, 3) == []
    assert not services.departs_from_ranking(e.cluster_year, [e.units[3].pk])
    ClusterYear.objects.filter(pk=e.cluster_year.pk).update(phase=Phase.PREPARING)
    criteria_table_replace(actor=e.organizer_officer, cluster_year=e.cluster_year, data=SMALL_TABLE)
    ClusterYear.objects.filter(pk=e.cluster_year.pk).update(phase=Phase.CONFERENCE)
    assert selectors.ranking_order(e.cluster_year) == []
    poll = e.poll(kind="flag", title="Cờ", candidates=[e.units[3]], open_it=False)
    assert poll.departure_reason == ""


def test_an_error_of_the_ranking_is_not_hidden(electorate, monkeypatch):
    """Only "no ranking yet" (no ranked unit) means an empty ranking; a failure of the
    ranking itself reaches the caller instead of silently proposing nobody."""

    def broken(cluster_year):
        raise ValueError("broken criteria table")

    monkeypatch.setattr(selectors.chains, "ranking", broken)  # where ranking_order looks it up
    with pytest.raises(ValueError, match="broken criteria table"):
        selectors.ranking_proposal(electorate.cluster_year, 3)


def test_opening_needs_the_quorum_and_the_conference_phase_and_freezes_the_rules():
    e = build_electorate(9)
    poll = e.poll(candidates=e.units[:3], open_it=False)
    e.check_in(e.units[:5])
    with pytest.raises(Conflict, match="5/9"):
        services.poll_open(actor=e.leader_officer, poll=poll)
    e.check_in(e.units[5:6])
    poll = services.poll_open(actor=e.leader_officer, poll=poll)
    assert poll.roll == sorted(u.pk for u in e.units[:6]) and len(poll.member_ids) == 9
    with pytest.raises(Conflict):
        services.poll_update(actor=e.leader_officer, poll=poll, data={"title": "Khác"})
    with pytest.raises(Conflict):
        services.poll_open(actor=e.leader_officer, poll=poll)
    # A unit that arrives after the opening is not on this poll's roll.
    e.check_in(e.units[6:7])
    with pytest.raises(Conflict, match="danh sách bỏ phiếu"):
        e.cast(poll, 6, choices=[e.units[0].pk])
    assert selectors.turnout(poll).as_json() == {"voted": 0, "entitled": 9, "present": 6}
    other = build_electorate(3, number="9", phase=Phase.RANKING)
    draft = other.poll(candidates=other.units[:2], open_it=False)
    with pytest.raises(Conflict):
        services.poll_open(actor=other.leader_officer, poll=draft)


def test_the_year_cannot_leave_the_conference_while_a_poll_is_open(electorate):
    e = electorate
    poll = e.poll()
    with pytest.raises(Conflict, match="đang mở"):
        cluster_year_set_phase(actor=e.organizer_officer, cluster_year=e.cluster_year, phase=Phase.PROPOSALS)
    e.cast(poll, 0, answers={})
    e.close(poll)
    cluster_year_set_phase(actor=e.organizer_officer, cluster_year=e.cluster_year, phase=Phase.PROPOSALS)


# --- casting --------------------------------------------------------------------------------------------
def test_casting_rules(electorate):
    e = electorate
    poll = e.poll(candidates=e.units[:4], method="approval", max_choices=2, seats=2)
    with pytest.raises(InvalidInput, match="tối đa 2"):
        e.cast(poll, 0, choices=[e.units[0].pk, e.units[1].pk, e.units[2].pk])
    with pytest.raises(InvalidInput, match="không có trong danh sách"):
        e.cast(poll, 0, choices=[e.units[7].pk])
    with pytest.raises(InvalidInput):
        e.cast(poll, 0, choices=[e.units[0].pk, e.units[0].pk])
    receipt = e.cast(poll, 0, choices=[e.units[1].pk])
    assert len(receipt) == 8 and receipt.isalnum()
    with pytest.raises(Conflict, match="Đơn vị của bạn đã bỏ phiếu"):
        e.cast(poll, 0, choices=[e.units[2].pk])
    with pytest.raises(Forbidden):  # an officer is neither the head nor a delegate
        services.ballot_cast(actor=e.officers[3], poll=poll, choices=[])
    with pytest.raises(Forbidden):  # an organizer officer has no unit to vote for
        services.ballot_cast(actor=e.organizer_officer, poll=poll, choices=[])
    assert Participation.objects.filter(poll=poll).count() == SealedBallot.objects.filter(poll=poll).count() == 1
    assert not Ballot.objects.filter(poll=poll).exists()  # nothing in clear while the poll is open
    e.close(poll)
    assert list(Ballot.objects.filter(poll=poll).values_list("receipt", "choices")) == [(receipt, [e.units[1].pk])]
    assert not SealedBallot.objects.filter(poll=poll).exists()
    with pytest.raises(Conflict, match="đã kết thúc"):
        e.cast(poll, 1, choices=[])


def test_yes_no_answers_default_to_abstain_and_count_yes(electorate):
    e = electorate
    a, b = e.units[:2]
    poll = e.poll(candidates=[a, b], method="yes_no", max_choices=2, seats=2,
                  threshold={"base": "valid", "percent": 50, "strict": True})
    with pytest.raises(InvalidInput):
        e.cast(poll, 0, answers={str(a.pk): "maybe"})
    for i in range(6):
        e.cast(poll, i, answers={str(a.pk): "yes", str(b.pk): "no" if i < 4 else "yes"})
    e.cast(poll, 6, answers={})
    poll = e.close(poll)
    rows = {r["candidate"]: r for r in poll.results["rows"]}
    assert (rows[a.pk]["votes"], rows[a.pk]["no"], rows[a.pk]["abstain"]) == (6, 0, 1)
    assert (rows[b.pk]["votes"], rows[b.pk]["no"], rows[b.pk]["abstain"]) == (2, 4, 1)
    assert poll.results["blank"] == 1 and poll.results["valid"] == 7
    assert poll.elected == [a.pk]
    ballots = selectors.ballots_of(poll)
    assert all(set(b) == {"receipt", "answers"} for b in ballots)


# --- closing, verification -------------------------------------------------------------------------------
def test_results_hidden_until_close_then_digest_and_recount_match(electorate):
    e = electorate
    cands = e.units[:4]
    poll = e.poll(kind="flag", title="Cờ thi đua", candidates=cands, method="approval", max_choices=2, seats=2,
                  threshold={"base": "members", "percent": 70, "strict": False})
    receipts = approve(e, poll, {0: [0, 1], 1: [0, 1], 2: [0, 1], 3: [0, 1], 4: [0, 1], 5: [0, 1], 6: [0, 2], 7: [1, 3], 8: [2],
                                 9: []})
    poll = selectors.poll_for(e.heads[0], poll.pk)
    assert selectors.result_lines(poll) == [] and selectors.ballots_of(poll) == []
    assert selectors.turnout(poll).as_json() == {"voted": 10, "entitled": 10, "present": 10}
    services.poll_close(actor=e.leader_officer, poll=poll)
    poll = selectors.poll_for(e.heads[0], poll.pk)
    published = selectors.ballots_of(poll)
    # Independent recomputation of the digest from the published list (voting.md §4).
    text = json.dumps(published, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == poll.digest
    assert [b["receipt"] for b in published] == sorted(receipts)
    # A recount from the list gives the published result.
    recount = {c.pk: sum(c.pk in b["choices"] for b in published) for c in cands}
    assert recount == {r["candidate"]: r["votes"] for r in poll.results["rows"]}
    assert recount == {cands[0].pk: 7, cands[1].pk: 7, cands[2].pk: 2, cands[3].pk: 1}
    assert poll.elected == [cands[0].pk, cands[1].pk]
    assert [line.passed for line in selectors.result_lines(poll)] == [True, True, False, False]
    assert poll.results["blank"] == 1 and poll.results["ballots_cast"] == 10
    assert selectors.receipt_lookup(poll, receipts[9].lower()) == {"receipt": receipts[9], "choices": []}
    assert selectors.receipt_lookup(poll, "NOPE") is None
    proposals = list(Proposal.objects.filter(cluster_year=e.cluster_year).order_by("rank"))
    assert [(p.kind, p.unit_id, p.votes, p.percent) for p in proposals] == [
        ("flag", cands[0].pk, 7, Decimal("70.00")), ("flag", cands[1].pk, 7, Decimal("70.00"))]
    close_event = AuditEvent.objects.get(action="poll.close", object_id=str(poll.pk))
    assert close_event.after["digest"] == poll.digest


def test_close_refuses_when_ballots_and_participations_differ(electorate):
    e = electorate
    poll = e.poll(candidates=e.units[:2], method="single", max_choices=1, seats=1)
    e.cast(poll, 0, choices=[e.units[0].pk])
    Ballot.objects.create(poll=poll, receipt="FORGED22", choices=[e.units[1].pk])
    with pytest.raises(Conflict, match="khác số đơn vị đã bỏ phiếu"):
        e.close(poll)
    assert Poll.objects.get(pk=poll.pk).state == "open"


@pytest.mark.parametrize(
    ("base", "strict", "elected"),
    [
        ("members", False, False),  # 6 of 10 members = 60 %
        ("present", False, False),  # 6 of 9 present = 66.7 %
        ("valid", False, True),  # 6 of 8 valid = 75 %
        ("valid", True, True),
    ],
)
def test_threshold_base_members_present_valid(base, strict, elected):
    e = build_electorate(10)
    e.check_in(e.units[:9])
    a, b = e.units[:2]
    poll = e.poll(kind="other", candidates=[a, b], method="single", max_choices=1, seats=1,
                  threshold={"base": base, "percent": 70, "strict": strict})
    for i in range(6):
        e.cast(poll, i, choices=[a.pk])
    for i in range(6, 8):
        e.cast(poll, i, choices=[b.pk])
    poll = e.close(poll)
    row = next(r for r in poll.results["rows"] if r["candidate"] == a.pk)
    assert row["passed"] is elected
    assert row["percent"] == {"members": 60.0, "present": 66.67, "valid": 75.0}[base]
    assert (poll.elected == [a.pk]) is elected


@pytest.mark.parametrize(("strict", "elected"), [(False, True), (True, False)])
def test_exactly_seventy_percent_of_members(strict, elected, electorate):
    e = electorate
    poll = e.poll(kind="flag", title="Cờ", candidates=e.units[:2], method="approval", max_choices=1, seats=1,
                  threshold={"base": "members", "percent": 70, "strict": strict})
    approve(e, poll, {i: [0] for i in range(7)} | {7: [1], 8: [1], 9: [1]})
    poll = e.close(poll)
    assert (poll.elected == [e.units[0].pk]) is elected
    assert poll.results["rows"][0]["percent"] == 70.0


# --- run-offs ------------------------------------------------------------------------------------------
def test_a_tie_at_the_last_seat_gives_a_runoff_in_one_click(electorate):
    e = electorate
    cands = e.units[:4]
    poll = e.poll(kind="merit", title="Bằng khen", candidates=cands, method="approval", max_choices=2, seats=2,
                  threshold={"base": "members", "percent": 50, "strict": True})
    approve(e, poll, {0: [0, 1], 1: [0, 1], 2: [0, 1], 3: [0, 2], 4: [0, 2], 5: [0, 2], 6: [0, 1], 7: [1, 2], 8: [1, 2], 9: [2, 3]})
    poll = e.close(poll)  # A 7, B 6, C 6, D 1 of 10 (> 50 %: 6 passes)
    assert poll.elected == [cands[0].pk]
    assert poll.results["runoff"] == {"candidates": [cands[1].pk, cands[2].pk], "seats": 1, "reason": "tie"}
    runoff = services.runoff_create(actor=e.leader_officer, poll=poll)
    with pytest.raises(Conflict):
        services.runoff_create(actor=e.leader_officer, poll=poll)
    assert runoff.parent == poll and runoff.state == "draft" and runoff.kind == "merit"
    assert [c.unit_id for c in runoff.candidates.all()] == [cands[1].pk, cands[2].pk]
    assert (runoff.method, runoff.max_choices, runoff.seats) == ("single", 1, 1)
    assert (runoff.threshold_base, runoff.threshold_percent) == ("valid", Decimal("0.00"))
    runoff = services.poll_open(actor=e.leader_officer, poll=runoff)
    approve(e, runoff, {i: [1 if i < 4 else 2] for i in range(10)})  # C wins 6–4
    runoff = e.close(runoff)
    assert runoff.elected == [cands[2].pk] and not runoff.runoff_needed
    assert [(p.unit_id, p.rank) for p in Proposal.objects.filter(kind="merit").order_by("rank")] == [(cands[0].pk, 1), (cands[2].pk, 2)]


def test_closing_an_election_sets_next_years_leader_and_deputies(electorate):
    e = electorate
    cy = e.cluster_year
    leader_poll = e.poll(kind="leader", title="Bầu Cụm trưởng năm 2027", candidates=e.units[2:4], method="single", max_choices=1,
                         seats=1, threshold={"base": "members", "percent": 50, "strict": True})
    deputy_poll = e.poll(kind="deputy", title="Bầu Cụm phó năm 2027", candidates=e.units[4:7], method="approval", max_choices=2,
                         seats=2, threshold={"base": "members", "percent": 50, "strict": True}, open_it=False)
    with pytest.raises(Conflict, match="Cụm trưởng"):  # deputies after the leader
        services.poll_open(actor=e.leader_officer, poll=deputy_poll)
    approve(e, leader_poll, {i: [2 if i < 8 else 3] for i in range(10)})
    e.close(leader_poll)
    next_year = ClusterYear.objects.get(cluster=cy.cluster, year=2027)
    roles = dict(next_year.memberships.values_list("unit_id", "role"))
    assert roles[e.units[2].pk] == Role.LEADER
    assert set(roles) == {u.pk for u in e.units} and list(roles.values()).count(Role.LEADER) == 1
    event = AuditEvent.objects.filter(action="cluster_year.set_members", object_id=str(next_year.pk)).latest("id")
    assert f"biểu quyết số {leader_poll.pk}" in event.reason
    deputy_poll = services.poll_open(actor=e.leader_officer, poll=deputy_poll)
    approve(e, deputy_poll, {i: ([5, 6] if i < 7 else [4, 6]) for i in range(10)})  # units 6: 10, 5: 7, 4: 3
    e.close(deputy_poll)
    roles = dict(Membership.objects.filter(cluster_year=next_year).values_list("unit_id", "role"))
    assert roles[e.units[6].pk] == Role.DEPUTY1 and roles[e.units[5].pk] == Role.DEPUTY2
    assert roles[e.units[2].pk] == Role.LEADER


def test_an_election_with_no_winner_then_a_runoff(electorate):
    e = electorate
    a, b, c = e.units[2:5]
    poll = e.poll(kind="leader", title="Bầu Cụm trưởng", candidates=[a, b, c], method="single", max_choices=1, seats=1,
                  threshold={"base": "members", "percent": 50, "strict": True})
    approve(e, poll, {i: [2 if i < 4 else (3 if i < 7 else 4)] for i in range(10)})  # 4, 3, 3
    poll = e.close(poll)
    assert poll.elected == [] and poll.results["runoff"]["reason"] == "no_winner"
    assert not ClusterYear.objects.filter(cluster=e.cluster, year=2027).exists()
    runoff = services.poll_open(actor=e.leader_officer, poll=services.runoff_create(actor=e.leader_officer, poll=poll))
    assert runoff.threshold_percent == Decimal("50.00")  # the same rule: nobody has reached it yet
    approve(e, runoff, {i: [3 if i < 6 else 2] for i in range(10)})
    e.close(runoff)
    roles = dict(ClusterYear.objects.get(cluster=e.cluster, year=2027).memberships.values_list("unit_id", "role"))
    assert roles[b.pk] == Role.LEADER


def test_equal_deputies_are_ordered_by_a_runoff(electorate):
    e = electorate
    services.cluster_year_set_members(actor=e.organizer_officer, cluster=e.cluster, year=2027,
                                      members=[(u, Role.LEADER if i == 0 else Role.MEMBER) for i, u in enumerate(e.units)])
    a, b, c = e.units[3:6]
    poll = e.poll(kind="deputy", title="Bầu Cụm phó", candidates=[a, b, c], method="approval", max_choices=2, seats=2,
                  threshold={"base": "members", "percent": 50, "strict": True})
    approve(e, poll, {i: [3, 4] if i < 8 else [5] for i in range(10)})
    poll = e.close(poll)
    assert poll.results["runoff"] == {"candidates": [a.pk, b.pk], "seats": 2, "reason": "order"}
    runoff = services.poll_open(actor=e.leader_officer, poll=services.runoff_create(actor=e.leader_officer, poll=poll))
    approve(e, runoff, {i: [4] if i < 6 else [3] for i in range(10)})
    runoff = e.close(runoff)
    assert runoff.elected == [b.pk, a.pk]
    roles = dict(ClusterYear.objects.get(cluster=e.cluster, year=2027).memberships.values_list("unit_id", "role"))
    assert (roles[b.pk], roles[a.pk]) == (Role.DEPUTY1, Role.DEPUTY2)


# --- paper ---------------------------------------------------------------------------------------------
def test_paper_mode_checks_the_arithmetic_and_applies_the_same_rules(electorate):
    e = electorate
    a, b, c = e.units[:3]
    poll = e.poll(kind="flag", title="Cờ (phiếu giấy)", mode="paper", candidates=[a, b, c], method="approval", max_choices=2,
                  seats=2, threshold={"base": "members", "percent": 70, "strict": False})
    with pytest.raises(Conflict, match="phiếu giấy"):
        e.cast(poll, 0, choices=[a.pk])

    def save(**figures):
        base = {"issued": 10, "returned": 10, "valid": 9, "invalid": 1, "votes": {str(a.pk): 8, str(b.pk): 7, str(c.pk): 3}}
        return services.paper_tally_save(actor=e.leader_officer, poll=poll, figures=base | figures)

    with pytest.raises(InvalidInput) as err:
        save(returned=11)
    assert "returned" in err.value.errors
    with pytest.raises(InvalidInput) as err:
        save(valid=8)  # 8 + 1 != 10
    assert "valid" in err.value.errors
    with pytest.raises(InvalidInput) as err:
        save(votes={str(a.pk): 10, str(b.pk): 1})
    assert "votes" in err.value.errors  # a candidate above the valid ballots
    with pytest.raises(InvalidInput) as err:
        save(votes={str(a.pk): 9, str(b.pk): 9, str(c.pk): 9})  # 27 > 9 × 2
    assert "votes" in err.value.errors
    with pytest.raises(InvalidInput) as err:
        save(issued=11, returned=10)
    assert "issued" in err.value.errors
    with pytest.raises(Conflict, match="Chưa nhập"):
        e.close(poll)
    save()
    poll = e.close(poll)
    assert poll.elected == [a.pk, b.pk] and poll.digest == ""
    assert (poll.results["issued"], poll.results["returned"], poll.results["valid"], poll.results["invalid"]) == (10, 10, 9, 1)
    assert selectors.ballots_of(poll) == []


def test_turnout_of_a_paper_poll_is_the_ballots_returned(electorate):
    e = electorate
    poll = e.poll(mode="paper", candidates=e.units[:2], method="single", max_choices=1, seats=1)
    services.paper_tally_save(actor=e.leader_officer, poll=poll, figures={
        "issued": 10, "returned": 9, "valid": 9, "invalid": 0, "votes": {str(e.units[0].pk): 5, str(e.units[1].pk): 4}})
    assert selectors.turnout(selectors.poll_for(e.organizer_officer, poll.pk)).voted == 9
    assert selectors.turnout(Poll.objects.get(pk=poll.pk)).voted == 9


def test_a_draft_can_be_deleted_but_not_an_open_poll(electorate):
    e = electorate
    draft = e.poll(open_it=False)
    services.poll_delete(actor=e.leader_officer, poll=draft)
    assert not Poll.objects.filter(pk=draft.pk).exists()
    poll = e.poll()
    with pytest.raises(Conflict):
        services.poll_delete(actor=e.leader_officer, poll=poll)

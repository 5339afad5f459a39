"""The vote's aftermath: the result of each round, the effects (next year's leader and
deputies) and the conference minutes agree, whatever path the election took — one round,
a first deputy in round 1 and the second through a run-off, a tie in a run-off, nobody
reaching the threshold."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.voting.helpers import text_of
from thidua.org.models import ClusterYear, Role
from thidua.voting import documents, selectors, services

pytestmark = pytest.mark.django_db


def approve(e, poll, votes: dict[int, list]):
    for i, units in votes.items():
        e.cast(poll, i, choices=[u.pk for u in units])


def next_roles(e) -> dict[int, str]:
    cy = ClusterYear.objects.filter(cluster=e.cluster, year=e.cluster_year.year + 1).first()
    return dict(cy.memberships.values_list("unit_id", "role")) if cy else {}


def deputies_of(e) -> dict[int, str]:
    return {u: r for u, r in next_roles(e).items() if r in (Role.DEPUTY1, Role.DEPUTY2)}


def section_v(e) -> list[str]:
    text = text_of(documents.conference_minutes_document(e.cluster_year))
    if "ĐƠN VỊ CỤM TRƯỞNG, CỤM PHÓ" not in text:
        return []
    after = text.split("ĐƠN VỊ CỤM TRƯỞNG, CỤM PHÓ")[1].splitlines()[1:]
    lines = [line.removeprefix("-\u00a0") for line in after]
    return lines[: next((i for i, x in enumerate(lines) if not x.startswith("Cụm")), len(lines))]


def page(client, user, poll) -> str:
    client.force_login(user)
    return client.get(reverse("voting_poll", args=[poll.pk])).content.decode()


@pytest.fixture
def e(electorate):
    # next year already has its leader (units[0]): the deputy polls may open
    services.cluster_year_set_members(actor=electorate.organizer_officer, cluster=electorate.cluster, year=2027,
                                      members=[(u, Role.LEADER if i == 0 else Role.MEMBER) for i, u in enumerate(electorate.units)])
    return electorate


def deputy_poll(e, candidates, percent=50, strict=True):
    return e.poll(kind="deputy", title="Bầu Cụm phó năm 2027", candidates=candidates, method="approval", max_choices=2, seats=2,
                  threshold={"base": "members", "percent": percent, "strict": strict})


def test_both_deputies_in_one_round(e, client):
    a, b, c = e.units[3:6]
    poll = deputy_poll(e, [a, b, c])
    approve(e, poll, {i: [a, b] if i < 7 else [a, c] for i in range(10)})  # a 10, b 7, c 3
    poll = e.close(poll)
    names = {u.pk: u.name for u in (a, b, c)}
    assert documents.outcome_text(poll, names) == f"Cụm phó thứ nhất: {a.name}; Cụm phó thứ hai: {b.name}."
    assert deputies_of(e) == {a.pk: Role.DEPUTY1, b.pk: Role.DEPUTY2}
    assert section_v(e) == [f"Cụm phó thứ nhất: {a.name}", f"Cụm phó thứ hai: {b.name}"]


def test_first_deputy_in_round_one_and_the_second_through_a_runoff(e, client):
    a, b, c = e.units[3:6]
    poll = deputy_poll(e, [a, b, c])
    approve(e, poll, {i: ([a, b] if i < 4 else [a, c] if i < 7 else [a]) for i in range(8)})  # a 8, b 4, c 3 of 10 (> 50 %)
    poll = e.close(poll)
    assert poll.elected == [a.pk] and poll.results["runoff"]["reason"] == "no_winner"
    names = {u.pk: u.name for u in (a, b, c)}
    first = documents.outcome_text(poll, names)
    assert first.startswith(f"Cụm phó thứ nhất: {a.name}.")
    assert "chưa đơn vị nào đạt" not in first.lower()  # a did reach it
    assert "Cụm phó thứ hai" in first  # what the run-off is for
    # round 1 alone decides nothing yet about the second seat
    assert deputies_of(e) == {}

    runoff = services.poll_open(actor=e.leader_officer, poll=services.runoff_create(actor=e.leader_officer, poll=poll))
    assert "chưa đơn vị nào đạt" not in runoff.notes.lower()
    approve(e, runoff, {i: [b] if i < 7 else [c] for i in range(10)})
    runoff = e.close(runoff)
    assert runoff.elected == [b.pk]
    second = documents.outcome_text(runoff, names)
    assert second == f"Cụm phó thứ hai: {b.name}."
    line = next(x for x in selectors.result_lines(runoff) if x.unit.pk == b.pk)
    assert line.elected_position == 2
    html = page(client, e.leader_officer, runoff)
    assert "Cụm phó thứ hai" in html and "Cụm phó thứ nhất" not in html

    assert deputies_of(e) == {a.pk: Role.DEPUTY1, b.pk: Role.DEPUTY2}
    assert section_v(e) == [f"Cụm phó thứ nhất: {a.name}", f"Cụm phó thứ hai: {b.name}"]
    minutes = text_of(documents.conference_minutes_document(e.cluster_year))
    assert minutes.count(f"Cụm phó thứ nhất: {a.name}") == 2  # round 1's result and section V
    assert f"Cụm phó thứ nhất: {b.name}" not in minutes
    assert f"Cụm phó thứ hai: {a.name}" not in minutes


def test_a_tie_in_the_runoff_goes_to_a_third_round(e, client):
    a, b, c = e.units[3:6]
    poll = deputy_poll(e, [a, b, c], percent=40, strict=False)
    approve(e, poll, {i: ([a, b] if i < 5 else [a, c]) for i in range(8)} | {8: [b], 9: [c]})  # a 8, b 6, c 4
    poll = e.close(poll)
    assert poll.elected == [a.pk, b.pk] and not poll.runoff_needed  # no tie: control

    other = e.units[6:9]
    services.cluster_year_set_members(actor=e.organizer_officer, cluster=e.cluster, year=2027,
                                      members=[(u, Role.LEADER if i == 0 else Role.MEMBER) for i, u in enumerate(e.units)])
    x, y, z = other
    poll = e.poll(kind="deputy", title="Bầu Cụm phó năm 2027 (lại)", candidates=[x, y, z], method="approval", max_choices=2,
                  seats=2, threshold={"base": "members", "percent": 40, "strict": False})
    approve(e, poll, {i: ([x, y] if i < 5 else [x, z]) for i in range(10)})  # x 10, y 5, z 5: tie at the last seat
    poll = e.close(poll)
    assert poll.elected == [x.pk] and poll.results["runoff"]["reason"] == "tie"
    r2 = services.poll_open(actor=e.leader_officer, poll=services.runoff_create(actor=e.leader_officer, poll=poll))
    approve(e, r2, {i: [y] if i < 5 else [z] for i in range(10)})  # 5–5 again
    r2 = e.close(r2)
    assert r2.elected == [] and r2.results["runoff"]["reason"] == "tie"
    names = {u.pk: u.name for u in other}
    assert documents.outcome_text(r2, names).startswith("Không có đơn vị nào trúng")
    r3 = services.poll_open(actor=e.leader_officer, poll=services.runoff_create(actor=e.leader_officer, poll=r2))
    approve(e, r3, {i: [z] if i < 6 else [y] for i in range(10)})
    r3 = e.close(r3)
    assert documents.outcome_text(r3, names) == f"Cụm phó thứ hai: {z.name}."
    assert deputies_of(e) == {x.pk: Role.DEPUTY1, z.pk: Role.DEPUTY2}
    assert "Cụm phó thứ nhất" not in page(client, e.leader_officer, r3)
    # the minutes name the last decided election's deputies, each unit once
    assert section_v(e) == [f"Cụm phó thứ nhất: {x.name}", f"Cụm phó thứ hai: {z.name}"]


def test_nobody_reaching_the_threshold(e):
    a = e.units[3]
    poll = e.poll(kind="leader", title="Bầu Cụm trưởng năm 2028", candidates=[a], method="single", max_choices=1, seats=1,
                  threshold={"base": "members", "percent": 50, "strict": True})
    before = next_roles(e)
    approve(e, poll, {i: [a] for i in range(4)})  # 4 of 10
    poll = e.close(poll)
    assert poll.elected == [] and not poll.runoff_needed
    assert documents.outcome_text(poll, {a.pk: a.name}) == "Không có đơn vị nào trúng."
    assert next_roles(e) == before
    assert section_v(e) == []  # nothing was elected: no list of elected units

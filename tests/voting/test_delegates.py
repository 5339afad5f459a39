"""Who may vote for a unit (voting.md): only the unit names its voting delegate — its head,
or its officer with the head confirming — never the secretariat or the organizer; the
delegates are frozen while a poll is open; the unit is told of every change (e-mail and
dashboard). Through the services, the pages and the API."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory
from thidua.core.errors import Conflict, Forbidden, InvalidInput
from thidua.core.models import AuditEvent
from thidua.cycle.tasks import unit_tasks
from thidua.notifications.models import Notification
from thidua.org.services import user_create
from thidua.voting import delegates, services
from thidua.voting.models import Delegate, DelegateNomination, Participation

from .conftest import build_electorate

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


def delegates_api(e, unit=None) -> str:
    base = f"{V1}/clusters/{e.cluster.pk}/years/{e.cluster_year.year}/conference/delegates/"
    return base if unit is None else f"{base}{unit.pk}/"


def delegate_page(e) -> str:
    return reverse("voting_delegate", args=[e.cluster.pk, e.cluster_year.year])


def form(unit, user, **extra) -> dict:
    return {"unit": unit.pk, "kind": "voting", "user": user.pk, "full_name": user.full_name, "position": "", **extra}


@pytest.fixture
def e():
    e = build_electorate(4)
    e.check_in()
    return e


# --- the findings -----------------------------------------------------------------------------------------
def test_an_organizer_officer_cannot_make_an_account_vote_for_another_unit(e, client_for, api_for):
    """The probe: an organizer officer created an account in unit 3, named it the unit's
    voting delegate during the conference and cast the unit's ballot; the real head was
    then refused. Now naming is refused everywhere and an account the unit did not name
    votes for nothing."""
    victim = e.units[3]
    puppet = user_create(
        actor=e.organizer_officer, username="bu_nhin", password="Mat-khau-dai-2026!", full_name="Bù Nhìn", unit=victim, roles=["delegate"]
    )
    with pytest.raises(Forbidden):
        delegates.delegate_set(
            actor=e.organizer_officer,
            cluster_year=e.cluster_year,
            unit=victim,
            user=puppet,
            full_name="Bù Nhìn",
            authorisation="Giấy ủy quyền giả",
        )
    page = client_for(e.organizer_officer).post(delegate_page(e), form(victim, puppet, authorisation="Giấy ủy quyền giả"))
    assert page.status_code == 403
    api = api_for(e.organizer_officer).put(delegates_api(e, victim), {"user": puppet.pk, "authorisation": "x"}, format="json")
    assert api.status_code == 403 and "detail" in api.json()
    assert not Delegate.objects.filter(unit=victim).exists()
    poll = e.poll(candidates=e.units[:2], method="single", max_choices=1, seats=1)
    with pytest.raises(Forbidden):  # an account its unit did not name is not a voter
        services.ballot_cast(actor=puppet, poll=poll, choices=[e.units[0].pk])
    assert api_for(puppet).post(f"{V1}/polls/{poll.pk}/ballots/", {"choices": [e.units[0].pk]}, format="json").status_code == 403
    services.ballot_cast(actor=e.head_of(victim), poll=poll, choices=[e.units[1].pk])  # the real head votes
    assert Participation.objects.get(poll=poll, unit=victim).delegate == e.head_of(victim)


def test_the_leader_unit_cannot_replace_another_units_delegate_while_a_poll_is_open(e, client_for, api_for):
    """The probe: the leader unit's officer (a competitor) replaced another unit's
    delegate while a poll was open. Now: 403 for another unit, and 409 for anyone once a
    poll is open."""
    member = e.units[2]
    stranger = UserFactory(username="nguoi_la", unit=member, is_delegate=True)
    poll = e.poll(candidates=e.units[:2], method="single", max_choices=1, seats=1)
    for actor in (e.leader_officer, e.heads[0], e.officers[1]):  # the leader unit and the deputy unit: the secretariat
        response = client_for(actor).post(delegate_page(e), form(member, stranger, authorisation="GUQ 1"))
        assert response.status_code == 403, actor
        response = api_for(actor).put(delegates_api(e, member), {"user": stranger.pk, "authorisation": "GUQ 1"}, format="json")
        assert response.status_code == 403, actor
    assert not Delegate.objects.filter(unit=member).exists()
    # even the unit itself waits until no poll is open
    response = client_for(e.head_of(member)).post(delegate_page(e), form(member, stranger, authorisation="GUQ 1"))
    assert response.status_code == 409
    assert "Danh sách đại biểu đã chốt khi biểu quyết đầu tiên được mở." in response.content.decode()
    response = api_for(e.head_of(member)).put(delegates_api(e, member), {"user": stranger.pk, "authorisation": "GUQ 1"}, format="json")
    assert response.status_code == 409 and poll.title in response.json()["detail"]
    assert not Delegate.objects.filter(unit=member).exists()
    e.close(poll)
    response = api_for(e.head_of(member)).put(delegates_api(e, member), {"user": stranger.pk, "authorisation": "GUQ 1"}, format="json")
    assert response.status_code == 200, response.content


# --- the unit names its own: the head directly, the officer with the head's confirmation --------------------
def test_the_head_names_the_voting_delegate_at_once_with_the_authorisation_recorded(e, api_for, django_capture_on_commit_callbacks):
    unit, head = e.units[2], e.heads[2]
    deputy = UserFactory(username="pho_gd", full_name="Trần Văn Bình", unit=unit, is_delegate=True)
    with django_capture_on_commit_callbacks(execute=True):
        r = api_for(head).put(
            delegates_api(e, unit),
            {"user": deputy.pk, "authorisation": "Giấy ủy quyền số 12/GUQ-SNV ngày 10/12/2026", "position": "Phó Giám đốc"},
            format="json",
        )
    assert r.status_code == 200, r.content
    data = r.json()
    assert {k: data[k] for k in ("unit", "kind", "user", "full_name", "authorisation", "state", "named_by", "confirmed_by")} == {
        "unit": unit.pk,
        "kind": "voting",
        "user": deputy.pk,
        "full_name": "Trần Văn Bình",
        "authorisation": "Giấy ủy quyền số 12/GUQ-SNV ngày 10/12/2026",
        "state": "confirmed",
        "named_by": head.pk,
        "confirmed_by": head.pk,
    }
    assert data["confirmed_at"]
    listed = api_for(e.organizer_officer).get(delegates_api(e)).json()  # the organizer sees, never names
    assert [(d["unit"], d["kind"], d["user"]) for d in listed] == [(unit.pk, "voting", deputy.pk)]
    # the unit is told: its head and officer, each by their own e-mail and a notification
    assert sorted(m.to[0] for m in mail.outbox) == sorted([head.email, e.officers[2].email])
    assert all("Trần Văn Bình" in m.body and "Giấy ủy quyền số 12/GUQ-SNV" in m.body for m in mail.outbox)
    assert sorted(Notification.objects.filter(kind="delegate_changed").values_list("recipient_id", flat=True)) == sorted(
        [head.pk, e.officers[2].pk]
    )
    assert AuditEvent.objects.filter(action="conference.delegate").count() == 1
    # the named delegate now votes for the unit, and only they
    poll = e.poll(candidates=e.units[:2], method="single", max_choices=1, seats=1)
    with pytest.raises(Forbidden):
        services.ballot_cast(actor=head, poll=poll, choices=[e.units[0].pk])
    services.ballot_cast(actor=deputy, poll=poll, choices=[e.units[0].pk])


def test_an_officers_nomination_waits_for_the_head(e, api_for, client_for, django_capture_on_commit_callbacks):
    unit, head, officer = e.units[3], e.heads[3], e.officers[3]
    deputy = UserFactory(username="pho_gd3", full_name="Lê Thị Cúc", unit=unit, is_delegate=True)
    with django_capture_on_commit_callbacks(execute=True):
        r = api_for(officer).put(delegates_api(e, unit), {"user": deputy.pk, "authorisation": "GUQ số 7"}, format="json")
    assert r.status_code == 202, r.content
    assert r.json()["state"] == "pending" and r.json()["proposed_by"] == officer.pk
    assert all("Lê Thị Cúc" in m.subject + m.body for m in mail.outbox) and head.email in [m.to[0] for m in mail.outbox]
    told = len(mail.outbox)
    # not a delegate yet: not listed, votes for nothing; the head still votes
    assert api_for(e.heads[0]).get(delegates_api(e)).json() == []
    detail = api_for(officer).get(delegates_api(e, unit)).json()
    assert detail["voting"] is None and detail["pending"]["user"] == deputy.pk
    assert not services.can(deputy, "voting.vote", e.cluster_year)
    # the head sees it on the dashboard and confirms it
    assert any("Xác nhận người biểu quyết" in t.title and "Lê Thị Cúc" in t.title for t in unit_tasks(head))
    page = client_for(head).get(reverse("voting_conference", args=[e.cluster.pk, e.cluster_year.year])).content.decode()
    assert 'id="delegate-nomination"' in page and "Lê Thị Cúc" in page
    assert api_for(officer).put(delegates_api(e, unit), {"confirm": True}, format="json").status_code == 403  # not the officer
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(head).post(reverse("voting_delegate_confirm", args=[e.cluster.pk, e.cluster_year.year]))
    assert response.status_code == 302
    delegate = Delegate.objects.get(unit=unit, kind="voting")
    assert (delegate.user, delegate.named_by, delegate.confirmed_by, delegate.authorisation) == (deputy, officer, head, "GUQ số 7")
    assert delegate.confirmed_at is not None and not DelegateNomination.objects.exists()
    assert len(mail.outbox) == 2 * told and "Lê Thị Cúc" in mail.outbox[-1].body
    # the unit's dashboard shows who votes for it, confirmed by whom
    line = next(t for t in unit_tasks(officer) if t.key == "voting_delegate")
    assert "Lê Thị Cúc" in line.title and head.full_name in line.title
    assert services.can(deputy, "voting.vote", e.cluster_year)
    r = api_for(head).put(delegates_api(e, unit), {"confirm": True}, format="json")  # nothing left to confirm
    assert r.status_code == 409 and "detail" in r.json()


def test_the_delegate_must_be_an_account_of_that_unit(e, api_for):
    unit, head = e.units[2], e.heads[2]
    elsewhere = UserFactory(username="don_vi_khac", unit=e.units[1], is_delegate=True)
    r = api_for(head).put(delegates_api(e, unit), {"user": elsewhere.pk, "authorisation": "GUQ"}, format="json")
    assert r.status_code == 400 and "user" in r.json()
    r = api_for(head).put(delegates_api(e, unit), {"authorisation": "GUQ"}, format="json")
    assert r.status_code == 400 and "user" in r.json()
    with pytest.raises(InvalidInput) as err:
        delegates.delegate_set(actor=head, cluster_year=e.cluster_year, unit=unit, user=elsewhere, full_name="X", authorisation="GUQ")
    assert "user" in err.value.errors
    assert not Delegate.objects.exists()


def test_a_unit_cannot_name_another_units_delegate_nor_observer(e, api_for):
    other = e.units[1]
    for actor in (e.heads[2], e.officers[2]):
        with pytest.raises(Forbidden):
            delegates.delegate_set(actor=actor, cluster_year=e.cluster_year, unit=other, kind="observer", full_name="Ai đó")
        r = api_for(actor).put(delegates_api(e, other), {"user": e.heads[1].pk}, format="json")
        assert r.status_code == 403
    # its own observer: the officer adds it directly
    observer = delegates.delegate_set(
        actor=e.officers[2], cluster_year=e.cluster_year, unit=e.units[2], kind="observer", full_name="Phạm Văn Dự"
    )
    assert observer.kind == "observer" and observer.named_by == e.officers[2]


def test_observers_freeze_too_and_nothing_is_written(e):
    e.poll(candidates=e.units[:2], method="single", max_choices=1, seats=1)
    with pytest.raises(Conflict):
        delegates.delegate_set(actor=e.officers[2], cluster_year=e.cluster_year, unit=e.units[2], kind="observer", full_name="Dự họp")
    assert not Delegate.objects.exists()


def test_api_answers_404_for_a_unit_that_is_not_a_member_and_for_outsiders(e, api_for):
    other = build_electorate(2, number="9")
    assert api_for(e.heads[0]).get(delegates_api(e, other.units[0])).status_code == 404
    assert api_for(other.heads[0]).get(delegates_api(e)).status_code == 404
    assert api_for(other.heads[0]).put(delegates_api(e, other.units[0]), {"user": other.heads[0].pk}, format="json").status_code == 404

"""Opening, closing and deleting a poll and numbering the conference's documents ask first
(thidua.core.confirm): without `confirmed=1` nothing changes and the page says what will
happen; with it, the act happens."""

from __future__ import annotations

import pytest
from django.urls import reverse

from thidua.voting.models import Conference, Poll

pytestmark = pytest.mark.django_db


def test_opening_a_poll_asks_first(electorate, client_for):
    e = electorate
    poll = e.poll(open_it=False, title="Suy tôn Cờ thi đua")
    client = client_for(e.leader_officer)
    page = client.get(reverse("voting_poll", args=[poll.pk])).content.decode()
    assert 'data-confirm="Biểu quyết được mở cho 10/10 đơn vị đang có mặt' in page
    response = client.post(reverse("voting_poll_open", args=[poll.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "Mở biểu quyết “Suy tôn Cờ thi đua”?" in html and "được khóa lại" in html
    assert Poll.objects.get(pk=poll.pk).state == Poll.State.DRAFT
    assert client.post(reverse("voting_poll_open", args=[poll.pk]), {"confirmed": "1"}).status_code == 302
    assert Poll.objects.get(pk=poll.pk).state == Poll.State.OPEN


def test_closing_a_poll_asks_first_and_says_the_turnout(electorate, client_for):
    e = electorate
    poll = e.poll(method="single", max_choices=1, seats=1)
    e.cast(poll, 0, choices=[e.units[0].pk])
    client = client_for(e.leader_officer)
    html = client.post(reverse("voting_poll_close", args=[poll.pk])).content.decode()
    assert "Biểu quyết kết thúc với 1/10 đơn vị có mặt đã bỏ phiếu" in html and "không mở lại được" in html
    assert Poll.objects.get(pk=poll.pk).state == Poll.State.OPEN
    assert client.post(reverse("voting_poll_close", args=[poll.pk]), {"confirmed": "1"}).status_code == 302
    assert Poll.objects.get(pk=poll.pk).state == Poll.State.CLOSED


def test_deleting_a_draft_asks_first(electorate, client_for):
    e = electorate
    poll = e.poll(open_it=False)
    client = client_for(e.leader_officer)
    assert "Xóa biểu quyết" in client.post(reverse("voting_poll_delete", args=[poll.pk])).content.decode()
    assert Poll.objects.filter(pk=poll.pk).exists()
    assert client.post(reverse("voting_poll_delete", args=[poll.pk]), {"confirmed": "1"}).status_code == 302
    assert not Poll.objects.filter(pk=poll.pk).exists()


def test_a_stranger_gets_no_confirmation(electorate, client_for):
    e = electorate
    poll = e.poll(open_it=False)
    response = client_for(e.heads[3]).post(reverse("voting_poll_open", args=[poll.pk]))
    assert response.status_code == 403 and Poll.objects.get(pk=poll.pk).state == Poll.State.DRAFT


def test_numbering_the_invitation_asks_first(electorate, client_for):
    e = electorate
    client = client_for(e.leader_officer)
    address = reverse("voting_conference_number", args=[e.cluster_year.cluster_id, e.cluster_year.year])
    html = client.post(address, {"kind": "invitation"}).content.decode()
    assert "Cấp số cho giấy mời năm 2026?" in html and 'name="kind" value="invitation"' in html
    assert Conference.objects.get(cluster_year=e.cluster_year).invitation_id is None
    assert client.post(address, {"kind": "invitation", "confirmed": "1"}).status_code == 302
    assert Conference.objects.get(cluster_year=e.cluster_year).invitation_id is not None

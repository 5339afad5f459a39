"""The invitation's and the minutes' sentences follow the data (issue 10): guests invited
by the leader unit are named in the invitation and its recipients, those present in the
minutes; phones are asked for only when a poll is electronic; a conference of several
days is never "cùng ngày" nor "ngày 19/12 đến ngày 19/12"; the hour when known."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from thidua.documents.html import render_html
from thidua.voting import documents, services
from thidua.voting.models import Conference, Poll

pytestmark = pytest.mark.django_db
GUESTS = ["Đồng chí Nguyễn Minh Vũ, Thứ trưởng Bộ Ngoại giao", "Lãnh đạo UBND tỉnh Thanh Hóa"]


def text(document) -> str:
    return " ".join(render_html(document).split())


def set_conference(world, **fields):
    Conference.objects.filter(cluster_year=world.cluster_year).update(**fields)


def poll(world, mode):
    return Poll.objects.create(cluster_year=world.cluster_year, kind="other", title=f"Biểu quyết {mode}", method="approval",
                               max_choices=1, seats=1, threshold_base="valid", threshold_percent=Decimal(0), mode=mode)


def test_guests_are_invited_and_listed_in_the_recipients(world):
    set_conference(world, guests=GUESTS, date=dt.date(2026, 12, 19), starts_at=dt.time(8, 0))
    document = documents.invitation_document(world.cluster_year)
    html = text(document)
    assert "Kính mời:" in html and "Đồng chí Nguyễn Minh Vũ, Thứ trưởng Bộ Ngoại giao;" in html
    assert document.recipients.to[:2] == GUESTS
    assert "08 giờ 00, ngày 19/12/2026" in html


def test_minutes_list_the_guests_present_not_everyone_invited(world):
    set_conference(world, guests=GUESTS, guests_present=GUESTS[:1], date=dt.date(2026, 12, 19))
    html = text(documents.conference_minutes_document(world.cluster_year))
    assert "Khách mời dự Hội nghị" in html and GUESTS[0] in html and GUESTS[1] not in html


def test_phones_only_when_a_poll_is_electronic(world):
    assert "điện thoại" not in text(documents.invitation_document(world.cluster_year))  # no poll yet: nothing promised
    poll(world, Poll.Mode.PAPER)
    html = text(documents.invitation_document(world.cluster_year))
    assert "điện thoại" not in html and "phiếu kín (phiếu giấy)" in html
    poll(world, Poll.Mode.ELECTRONIC)
    assert "điện thoại có kết nối Internet" in text(documents.invitation_document(world.cluster_year))


def test_a_conference_of_two_days(world):
    set_conference(world, date=dt.date(2026, 12, 18), end_date=dt.date(2026, 12, 19), starts_at=dt.time(7, 30))
    invitation = text(documents.invitation_document(world.cluster_year))
    assert "từ 07 giờ 30 ngày 18/12/2026 đến ngày 19/12/2026" in invitation
    minutes = text(documents.conference_minutes_document(world.cluster_year))
    assert "Từ ngày 18/12/2026 đến ngày 19/12/2026 (khai mạc vào hồi 07 giờ 30 ngày 18/12/2026)" in minutes
    assert "cùng ngày" not in minutes and "kết thúc vào hồi …… giờ …… ngày 19/12/2026" in minutes


def test_one_day_without_an_hour_leaves_it_blank(world):
    set_conference(world, date=dt.date(2026, 12, 19), end_date=dt.date(2026, 12, 19))
    invitation = text(documents.invitation_document(world.cluster_year))
    assert "…… giờ ……, ngày 19/12/2026" in invitation and "đến ngày 19/12/2026" not in invitation
    minutes = text(documents.conference_minutes_document(world.cluster_year))
    assert "Vào hồi …… giờ …… ngày 19/12/2026" in minutes and "cùng ngày" in minutes


def test_the_leader_enters_guests_and_a_bad_hour_saves_nothing(world, client_for):
    from thidua.org.models import ClusterYear

    ClusterYear.objects.filter(pk=world.cluster_year.pk).update(phase="conference")
    url = reverse("voting_conference", args=[world.cluster.pk, 2026])
    client = client_for(world.leader_officer)
    assert client.post(url, {"guests": "\n".join(GUESTS), "guests_present": GUESTS[0], "starts_at": "08:00"}).status_code == 302
    conference = services.conference_of(world.cluster_year)
    assert (conference.guests, conference.guests_present, conference.starts_at) == (GUESTS, GUESTS[:1], dt.time(8, 0))
    assert client.post(url, {"guests": "Khách khác", "starts_at": "25:99"}).status_code == 400
    assert services.conference_of(world.cluster_year).guests == GUESTS
    assert client_for(world.member_officer).post(url, {"guests": "Khách khác"}).status_code == 403
    assert services.conference_of(world.cluster_year).guests == GUESTS

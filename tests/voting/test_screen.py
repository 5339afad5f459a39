"""The room screen is for the projector: its own bare page — no navigation bar, no
signed-in name, no footer — with large type and a "Toàn màn hình" button (the Fullscreen
API, which the Permissions-Policy must leave to the page)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_room_screen_has_no_chrome(electorate, client_for):
    e = electorate
    officer = e.leader_officer
    officer.full_name = "Trần Thị Thư Ký"
    officer.save(update_fields=["full_name"])
    poll = e.poll(title="Suy tôn Cờ thi đua")
    response = client_for(officer).get(reverse("voting_screen", args=[poll.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "Suy tôn Cờ thi đua" in html and 'id="screen-status"' in html
    assert "navbar" not in html and "Trần Thị Thư Ký" not in html and officer.username not in html
    assert "Đăng xuất" not in html and "<footer" not in html and "Bỏ qua thanh điều hướng" not in html
    assert 'id="td-fullscreen"' in html and "Toàn màn hình" in html and "voting/screen.js" in html
    assert "td-screen-full" in html and "voting/voting.css" in html
    policy = response["Permissions-Policy"]
    assert "camera=()" in policy and "fullscreen" not in policy  # not blocked: the page may ask for it (default: self)


def test_other_pages_keep_the_navigation(electorate, client_for):
    e = electorate
    poll = e.poll()
    html = client_for(e.leader_officer).get(reverse("voting_poll", args=[poll.pk])).content.decode()
    assert "navbar" in html and "td-yearnav" in html

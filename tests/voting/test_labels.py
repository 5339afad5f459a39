"""The poll page in the reader's language: the winning rule built from translated parts
(not the minutes' Vietnamese sentence), percentages written the Vietnamese way."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from thidua.voting.models import Poll
from thidua.voting.presenters import threshold_label

pytestmark = pytest.mark.django_db


def test_the_threshold_follows_the_language():
    poll = Poll(threshold_base="members", threshold_percent=Decimal("66.67"), threshold_strict=True)
    with translation.override("vi"):
        assert threshold_label(poll) == "đạt trên 66,67% tổng số đơn vị thành viên"
    with translation.override("en"):
        assert "all member units" in threshold_label(poll)  # the base's English label, not the Vietnamese sentence
        assert "tổng số đơn vị" not in threshold_label(poll)


def test_the_page_shows_seats_with_a_plural(electorate, client):
    e = electorate
    poll = e.poll(kind="other", title="Quy chế", method="yes_no", open_it=False)
    client.force_login(e.leader_officer)
    html = client.get(f"/bieu-quyet/{poll.pk}/").content.decode()
    assert "1 suất" in html and "trúng khi đạt" in html

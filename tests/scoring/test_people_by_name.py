"""People by their full name on the pages (the API keeps user names, as its contract says):
who submitted a sheet, who reopened it."""

from __future__ import annotations

import pytest

from tests.scoring.test_pages import html, url
from thidua.scoring import services

from .helpers import FULL, open_self_assessment, submit_self

pytestmark = pytest.mark.django_db


def test_who_submitted_and_who_reopened_are_named(world, client_for):
    open_self_assessment(world)
    sheet = submit_self(world, world.member_unit, FULL)
    page = html(client_for(world.member_officer).get(url("scoring_self", world, world.member_unit.pk)))
    assert f"({world.member_officer.full_name})" in page and f"({world.member_officer.username})" not in page
    services.sheet_reopen(actor=world.leader_officer, sheet=sheet, reason="Thiếu văn bản")
    page = html(client_for(world.member_officer).get(url("scoring_self", world, world.member_unit.pk)))
    assert f"{world.leader_officer.full_name}: Thiếu văn bản" in page
    assert f"{world.leader_officer.username}: Thiếu văn bản" not in page

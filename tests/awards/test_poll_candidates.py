"""On voting's poll preparation, each candidate of a nomination poll shows its score and
rank, its eligibility for the poll's award (without the vote itself) and a warning when it
did not register for that award — contributed by awards through voting.candidate_panels."""

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.awards.models import DisciplineRecord
from thidua.cycle.models import Registration
from thidua.voting.models import Poll, PollCandidate

from .helpers import rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(world):
    poll = Poll.objects.create(cluster_year=world.cluster_year, kind="flag", title="Suy tôn Cờ thi đua năm 2026", method="approval")
    for i, unit in enumerate((world.member_unit, world.deputy_unit)):
        PollCandidate.objects.create(poll=poll, unit=unit, order=i)
    return poll


def test_each_candidate_shows_its_checks_and_a_registration_warning(world, draft, client_for):
    Registration.objects.create(
        cluster_year=world.cluster_year, unit=world.member_unit, titles=["flag_ministry"], submitted_at=timezone.now()
    )
    Registration.objects.create(
        cluster_year=world.cluster_year, unit=world.deputy_unit, titles=["merit_minister"], submitted_at=timezone.now()
    )
    rate(world.member_unit, {2026: "excellent"})
    DisciplineRecord.objects.create(unit=world.deputy_unit, year=2026, subject="collective", note="Cảnh cáo")
    html = client_for(world.leader_officer).get(reverse("voting_poll", args=[draft.pk])).content.decode()
    panel = html.split('id="cand-elig-heading"')[1]
    member, deputy = panel.split(world.deputy_unit.name)[0], panel.split(world.deputy_unit.name)[1]
    assert world.member_unit.name in member and "chưa xếp hạng" in member
    assert "Đơn vị không đăng ký" not in member and "Được cụm thi đua bình xét" not in panel  # the vote is this poll
    assert "Đơn vị không đăng ký Cờ thi đua cấp Bộ, ngành, tỉnh" in deputy and "Kỷ luật năm 2026" in deputy
    assert "Chưa đạt điều kiện" in deputy


def test_not_shown_to_members_nor_for_elections(world, draft, client_for):
    assert "cand-elig-heading" not in client_for(world.member_officer).get(reverse("voting_poll", args=[draft.pk])).content.decode()
    draft.kind = "leader"
    draft.save()
    assert "cand-elig-heading" not in client_for(world.leader_officer).get(reverse("voting_poll", args=[draft.pk])).content.decode()

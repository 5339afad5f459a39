"""The dossier explains each proposal's eligibility as the decision form does: every rule's
result — passed ones too — with what was found and its article, for the members and the
organizer alike."""

import pytest
from django.urls import reverse

from .dossier_helpers import built
from .helpers import rate

pytestmark = pytest.mark.django_db


def test_each_proposal_shows_every_check_with_its_article(world, client_for):
    rate(world.member_unit, {2026: "excellent"})
    built(world)
    url = reverse("awards_dossier", args=[world.cluster.pk, 2026])
    for user in (world.member_officer, world.organizer_officer):
        html = client_for(user).get(url).content.decode()
        section = html.split('id="eligibility-h"')[1]
        member = section.split(world.deputy_unit.name)[0]
        assert world.member_unit.name in member and "Cờ thi đua cấp Bộ, ngành, tỉnh" in member
        assert "HTXSNV năm 2026" in member  # a passed rule, with what was found
        assert "Căn cứ: Điều 26 Luật Thi đua, khen thưởng số 06/2022/QH15" in member  # and its article
        assert "Chưa có đăng ký thi đua năm 2026" in member  # an unknown one, never passed

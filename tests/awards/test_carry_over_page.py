"""The lineage policy is the organizer's to set in the product: on a successor's page the
award panel says which policy its consecutive-year checks follow (restart by default) and
lets an officer of the organizer carry a predecessor's years over, with a reason, or go
back to the default; eligibility then says which applied. Others see the policy only."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import UnitFactory
from thidua.awards import eligibility
from thidua.awards.models import LineageCarryOver
from thidua.core.models import AuditEvent
from thidua.org.models import UnitLineage

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged(world):
    old = UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Bình", valid_to=dt.date(2025, 6, 30), managed_by=world.organizer)
    UnitLineage.objects.create(predecessor=old, successor=world.member_unit)
    return old


def test_the_organizer_carries_a_predecessor_over_with_a_reason_then_restarts(world, merged, client_for):
    client = client_for(world.organizer_officer)
    page = reverse("unit_detail", args=[world.member_unit.pk])
    url = reverse("awards_carry_over", args=[world.member_unit.pk])
    html = client.get(page).content.decode()
    assert "tính lại từ đầu" in html and url in html
    without_reason = client.post(url, {"predecessor": merged.pk, "action": "carry", "reason": " "})
    assert without_reason.status_code == 302 and not LineageCarryOver.objects.exists()
    assert "Cần nêu lý do kế thừa thành tích." in client.get(page).content.decode()
    done = client.post(url, {"predecessor": merged.pk, "action": "carry", "reason": "Hợp nhất nguyên trạng"})
    assert done.status_code == 302 and done.url == page
    assert LineageCarryOver.objects.get().reason == "Hợp nhất nguyên trạng"
    assert "Hợp nhất nguyên trạng" in client.get(page).content.decode()
    assert eligibility.check(world.member_unit, "merit_minister", 2025).policy == "carry_over"
    back = client.post(url, {"predecessor": merged.pk, "action": "restart"})
    assert back.status_code == 302 and not LineageCarryOver.objects.exists()
    assert eligibility.check(world.member_unit, "merit_minister", 2025).policy == "restart"
    assert list(AuditEvent.objects.filter(action__startswith="lineage_carry_over").values_list("action", flat=True).order_by("pk")) == [
        "lineage_carry_over.set", "lineage_carry_over.remove"]  # fmt: skip


def test_others_see_the_policy_but_may_not_change_it(world, merged, client_for):
    url = reverse("awards_carry_over", args=[world.member_unit.pk])
    for user in (world.member_officer, world.member_head, world.leader_officer, world.other_organizer_officer):
        html = client_for(user).get(reverse("unit_detail", args=[world.member_unit.pk])).content.decode()
        assert "tính lại từ đầu" in html and url not in html, user
        response = client_for(user).post(url, {"predecessor": merged.pk, "action": "carry", "reason": "x"})
        assert response.status_code == 403, user
    assert not LineageCarryOver.objects.exists()


def test_a_unit_that_is_not_a_predecessor_is_refused(world, merged, client_for):
    client = client_for(world.organizer_officer)
    url = reverse("awards_carry_over", args=[world.member_unit.pk])
    client.post(url, {"predecessor": world.deputy_unit.pk, "action": "carry", "reason": "x"})
    assert not LineageCarryOver.objects.exists()
    assert client.post(url, {"predecessor": "abc", "action": "carry", "reason": "x"}).status_code == 400

"""Helpers of the cycle tests: put the `world`'s 2026 year (leader Thanh Hóa, deputy Nghệ
An, member Hà Tĩnh) in a phase, with a published launch and a covenant."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from thidua.cycle.models import Covenant, Launch
from thidua.org.models import ClusterYear

ITEMS = [
    "thực hiện tốt các chủ trương của Đảng, chính sách, pháp luật của Nhà nước",
    "thực hiện tốt các nhiệm vụ chuyên môn",
    "xây dựng đơn vị vững mạnh, cơ quan văn hóa",
    "thực hiện tốt các nhiệm vụ về thi đua, khen thưởng",
]


def set_phase(world, phase: str) -> ClusterYear:
    ClusterYear.objects.filter(pk=world.cluster_year.pk).update(phase=phase)
    world.cluster_year.refresh_from_db()
    return world.cluster_year


def published_launch(world, *, items=None) -> Launch:
    return Launch.objects.create(
        cluster_year=world.cluster_year, title="Phong trào thi đua năm 2026", goals="Hoàn thành xuất sắc nhiệm vụ",
        items=items or list(ITEMS), published_at=timezone.now(), published_by=world.leader_officer,
    )


def covenant_phase(world, text: str = "Các đơn vị cam kết thi đua.\n1. Thi đua thực hiện tốt nhiệm vụ.") -> Covenant:
    published_launch(world)
    set_phase(world, "covenant")
    return Covenant.objects.create(cluster_year=world.cluster_year, text=text)


def set_deadlines(world, **deadlines: dt.date) -> None:
    ClusterYear.objects.filter(pk=world.cluster_year.pk).update(deadlines={k: v.isoformat() for k, v in deadlines.items()})
    world.cluster_year.refresh_from_db()


@pytest.fixture
def count_queries():
    def run(fn) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = fn()
        assert response.status_code == 200, response.content[:1000]
        return len(ctx.captured_queries)

    return run

"""The organizer officer's dashboard says which years wait for the organizer to move
them on (cycle.tasks.organizer_tasks): a phase past its deadline, a launch published while
the year is still being prepared, a covenant every member signed. Nothing else, nothing
of another organizer's clusters, and in the same queries whatever the number of clusters."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import ClusterFactory, ClusterYearFactory
from thidua.cycle.models import CovenantSignature
from thidua.cycle.tasks import organizer_tasks
from thidua.org.models import Phase

from .conftest import covenant_phase, published_launch, set_deadlines, set_phase

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 10)


def titles(user, today=TODAY) -> list[str]:
    return [t.title for t in organizer_tasks(user, today)]


def test_nothing_while_the_year_is_under_way(world):
    set_phase(world, Phase.LAUNCHED)
    set_deadlines(world, launched=dt.date(2026, 3, 31))
    assert titles(world.organizer_officer) == []


def test_a_published_launch_waits_for_the_launched_phase(world):
    published_launch(world)
    (task,) = organizer_tasks(world.organizer_officer, TODAY)
    assert task.title == "Cụm thi đua số 1 năm 2026: đã công bố nội dung phát động — chuyển sang giai đoạn “Phát động”"
    assert task.url == f"/cum/{world.cluster.pk}/nam/2026/"
    assert titles(world.other_organizer_officer) == []  # another organizer's clusters: nothing


def test_a_phase_past_its_deadline_waits_to_be_moved_or_extended(world):
    covenant_phase(world)
    set_deadlines(world, covenant=dt.date(2026, 3, 9))
    assert titles(world.organizer_officer) == [
        "Cụm thi đua số 1 năm 2026: giai đoạn “Ký giao ước” đã hết hạn — chuyển sang “Triển khai thực hiện” hoặc gia hạn"
    ]
    assert titles(world.organizer_officer, dt.date(2026, 3, 9)) == []  # the deadline day itself is still in time


def test_a_covenant_signed_by_every_member(world):
    covenant = covenant_phase(world)
    for unit, head in ((world.leader_unit, world.leader_head), (world.deputy_unit, world.leader_head)):
        CovenantSignature.objects.create(covenant=covenant, unit=unit, signed_by=head, signed_at=timezone.now())
    assert titles(world.organizer_officer) == []
    CovenantSignature.objects.create(covenant=covenant, unit=world.member_unit, signed_by=world.member_head, signed_at=timezone.now())
    assert titles(world.organizer_officer) == [
        "Cụm thi đua số 1 năm 2026: các đơn vị đã ký giao ước — chuyển sang giai đoạn “Triển khai thực hiện”"
    ]


def test_closed_years_and_people_who_are_not_organizer_officers_have_none(world):
    set_deadlines(world, preparing=dt.date(2025, 12, 1))
    assert len(titles(world.organizer_officer)) == 1
    for user in (world.leader_officer, world.member_head, world.admin):
        assert organizer_tasks(user, TODAY) == []
    set_phase(world, Phase.CLOSED)
    assert titles(world.organizer_officer) == []


def test_the_dashboard_shows_them_only_to_the_organizer(world):
    published_launch(world)
    client = Client()
    client.force_login(world.organizer_officer)
    html = client.get("/").content.decode()
    assert "Việc cơ quan tổ chức cần làm" in html and "đã công bố nội dung phát động" in html
    client.force_login(world.other_organizer_officer)
    assert "Việc cơ quan tổ chức cần làm" not in client.get("/").content.decode()


def test_the_same_queries_whatever_the_number_of_clusters(world, django_assert_num_queries):
    published_launch(world)
    # three for the years, one for the dossiers waiting for review (awards' provider)
    with django_assert_num_queries(4):
        assert len(organizer_tasks(world.organizer_officer, TODAY)) == 1
    for i in range(10):
        ClusterYearFactory(cluster=ClusterFactory(organizer=world.organizer, number=str(20 + i), name=f"Khối thi đua số {20 + i}"),
                           phase=Phase.PREPARING, deadlines={"preparing": "2026-01-01"})  # fmt: skip
    # three for the years, one for the dossiers waiting for review (awards' provider)
    with django_assert_num_queries(4):
        assert len(organizer_tasks(world.organizer_officer, TODAY)) == 11

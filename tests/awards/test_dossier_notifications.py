"""Each move of the dossier tells the right people with its own kind: a submission (and a
resubmission) the organizer's officers and the members' officers and heads; a return, an
acceptance and the decision the members' officers and heads. Never the mover, never a
delegate without an officer's role, another cluster's units or another organizer."""

import datetime as dt

import pytest

from thidua.awards import dossier_services as svc
from thidua.awards.services import decision_record
from thidua.core.errors import Conflict, Forbidden
from thidua.notifications.models import EMAIL_DEFAULTS, Kind, Notification

from .dossier_helpers import confirmed, deputy_head, report_of

pytestmark = pytest.mark.django_db


def told(kind) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def members_staff(w, but=()) -> set[str]:
    names = {"leader_officer", "leader_head", "deputy_officer", "deputy_head", "member_officer", "member_head"}
    return names - set(but)


def nobody_outside(w):
    outsiders = [w.outside_officer, w.other_organizer_officer, w.admin, w.member_delegate]
    assert not Notification.objects.filter(recipient__in=outsiders).exists()


def test_every_move_tells_its_people_with_its_own_kind(world):
    confirmed(world)
    deputy_head(world)
    Notification.objects.all().delete()  # what the build and the reports told: tested elsewhere

    svc.dossier_submit(actor=world.leader_officer, cluster_year=world.cluster_year)
    assert told(Kind.DOSSIER_SUBMITTED) == members_staff(world, but={"leader_officer"}) | {"org_a"}
    to_org = Notification.objects.get(kind=Kind.DOSSIER_SUBMITTED, recipient=world.organizer_officer)
    assert "chờ xem xét" in to_org.title and to_org.link.startswith("/") and str(world.organizer.pk) in to_org.link

    svc.dossier_return(actor=world.organizer_officer, cluster_year=world.cluster_year, reason="Thiếu xác nhận của UBND tỉnh")
    assert told(Kind.DOSSIER_RETURNED) == members_staff(world)
    assert set(Notification.objects.filter(kind=Kind.DOSSIER_RETURNED).values_list("body", flat=True)) == {"Thiếu xác nhận của UBND tỉnh"}

    report = report_of(world, world.member_unit)
    svc.report_write(actor=world.member_officer, report=report, sections=report.sections)
    svc.report_confirm(actor=world.member_head, report=report_of(world, world.member_unit))
    Notification.objects.filter(kind=Kind.DOSSIER_SUBMITTED).delete()
    svc.dossier_submit(actor=world.leader_head, cluster_year=world.cluster_year)  # the resubmission
    assert told(Kind.DOSSIER_SUBMITTED) == members_staff(world, but={"leader_head"}) | {"org_a"}

    svc.dossier_accept(actor=world.organizer_officer, cluster_year=world.cluster_year)
    assert told(Kind.DOSSIER_ACCEPTED) == members_staff(world)

    decision_record(actor=world.organizer_officer, organizer=world.organizer, number="7/QĐ-BA", date=dt.date(2027, 1, 10),
                    signer="Thứ trưởng", year=2026, awards=[(world.member_unit, "flag_ministry")], override_reason="x")  # fmt: skip
    assert told(Kind.DOSSIER_DECIDED) == members_staff(world)
    decided = Notification.objects.filter(kind=Kind.DOSSIER_DECIDED).first()
    assert "7/QĐ-BA" in decided.body and "10/01/2027" in decided.body
    nobody_outside(world)
    # no dossier move goes out as a generic task any more
    assert not Notification.objects.filter(kind=Kind.TASK_ASSIGNED, title__contains="hồ sơ đề nghị khen thưởng").exclude(
        title__startswith="Viết báo cáo"
    ).exists()


def test_a_refused_move_tells_nobody(world):
    confirmed(world)
    Notification.objects.all().delete()
    with pytest.raises(Conflict):  # not submitted: nothing to accept
        svc.dossier_accept(actor=world.organizer_officer, cluster_year=world.cluster_year)
    with pytest.raises(Forbidden):  # not the organizer
        svc.dossier_return(actor=world.other_organizer_officer, cluster_year=world.cluster_year, reason="x")
    assert not Notification.objects.exists()


def test_the_dossier_kinds_are_named_in_vietnamese_and_mailed_by_default():
    for kind, label in [(Kind.DOSSIER_SUBMITTED, "Hồ sơ đề nghị khen thưởng được gửi"),
                        (Kind.DOSSIER_ACCEPTED, "Hồ sơ đề nghị khen thưởng được tiếp nhận"),
                        (Kind.DOSSIER_DECIDED, "Có quyết định khen thưởng"), (Kind.DOSSIER_RETURNED, "Hồ sơ bị trả lại")]:  # fmt: skip
        assert str(kind.label) == label and EMAIL_DEFAULTS[kind] is True

"""The demo's dossier steps, shared by the 2017 loop (demo.py) and Cụm thi đua số 3's 2025
year (demo_2025.py): the leader builds the dossier from the closed polls, each proposed
unit's officer completes its prefilled report and its head confirms it, the leader submits."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from thidua.org.models import ClusterYear, Membership, Role, Unit, User

from . import dossier_services as svc
from .models import AchievementReport, Dossier, DossierEvent
from .reports import BLANK

VN = ZoneInfo("Asia/Ho_Chi_Minh")
#: the hour of each move on the day the demo dates a dossier
CLOCK = {"build": (11, 0), "submit": (14, 0), "accept": (15, 30), "decide": (16, 0)}

DEMO_TEXT = (
    "(Nội dung minh họa của bản demo.) Năm {year}, đơn vị đã hoàn thành các nhiệm vụ đối ngoại được giao: "
    "tổ chức, phục vụ các đoàn khách quốc tế, triển khai các thỏa thuận hợp tác quốc tế của tỉnh, công tác lãnh sự, "
    "người Việt Nam ở nước ngoài và thông tin đối ngoại; tích cực tham gia các hoạt động của Cụm thi đua."
)


def first_user(unit: Unit, **flags) -> User | None:
    return User.objects.filter(unit=unit, is_active=True, **flags).order_by("username").first()


def leader_officer(cluster_year: ClusterYear) -> User | None:
    leader = Membership.objects.filter(cluster_year=cluster_year, role=Role.LEADER).select_related("unit").first()
    return first_user(leader.unit, is_unit_officer=True) if leader else None


def build_and_submit(cluster_year: ClusterYear, leader: User, on=None) -> Dossier:
    dossier = svc.dossier_build(actor=leader, cluster_year=cluster_year)
    for report in AchievementReport.objects.filter(dossier=dossier).select_related("unit"):
        officer, head = first_user(report.unit, is_unit_officer=True), first_user(report.unit, is_unit_head=True)
        sections = [dict(s) for s in report.sections]
        for s in sections:
            if s["text"].strip() in ("", BLANK):  # the part the unit writes itself
                s["text"] = DEMO_TEXT.format(year=cluster_year.year)
        svc.report_write(actor=officer, report=report, sections=sections)
        svc.report_confirm(actor=head, report=report)
    return svc.dossier_submit(actor=leader, cluster_year=cluster_year, on=on)


def replay_clock(cluster_year: ClusterYear, day: dt.date) -> None:
    """The dossier's moves and its reports dated on `day` (illustrative), not on the day the
    demo loads: a 2017 or 2025 dossier is not submitted in the year the demo is loaded."""
    key = {"build": "build", "rebuild": "build", "submit": "submit", "resubmit": "submit", "accept": "accept", "decide": "decide"}
    for event in DossierEvent.objects.filter(dossier__cluster_year=cluster_year):
        hour, minute = CLOCK[key.get(event.action, "decide")]
        DossierEvent.objects.filter(pk=event.pk).update(at=dt.datetime.combine(day, dt.time(hour, minute), tzinfo=VN))
    at = dt.datetime.combine(day, dt.time(*CLOCK["submit"]), tzinfo=VN)
    Dossier.objects.filter(cluster_year=cluster_year).update(submitted_at=at, built_at=at - dt.timedelta(hours=3))
    AchievementReport.objects.filter(dossier__cluster_year=cluster_year).update(
        written_at=dt.datetime.combine(day, dt.time(12, 0), tzinfo=VN), confirmed_at=dt.datetime.combine(day, dt.time(13, 0), tzinfo=VN)
    )

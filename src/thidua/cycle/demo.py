"""The demo of the emulation year, on top of the organisation demo (org/demo.py): Cụm thi
đua số 3's 2023 launch (its four contents, from the seed article) and covenant, signed by
all nine members on 16/12/2022 at the 2022 conference; and an illustrative 2025 year
(launched, signed, partly registered). The signers are the invented demo accounts
(<province>.lanhdao), never the officials named in the news. Idempotent."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import yaml
from django.db import transaction

from thidua.core.audit import audit_record
from thidua.org.demo import DATA_FILE
from thidua.org.models import Cluster, ClusterYear, Membership, Organizer, Role, User

from .models import Covenant, CovenantSignature, Launch, Registration
from .selectors import members_of
from .services import covenant_text_from_launch, year_settings_get

VN = ZoneInfo("Asia/Ho_Chi_Minh")
REASON = "Dữ liệu mẫu (demo)"
ILLUSTRATIVE_2025 = [
    "thực hiện tốt các chủ trương của Đảng, chính sách, pháp luật của Nhà nước",
    "hoàn thành xuất sắc nhiệm vụ chuyên môn về đối ngoại địa phương",
    "thực hiện tốt việc sắp xếp tổ chức bộ máy sau hợp nhất, xây dựng đơn vị vững mạnh",
    "thực hiện tốt các nhiệm vụ về thi đua, khen thưởng",
]


def _head(unit_id: int) -> User | None:
    return User.objects.filter(unit_id=unit_id, is_unit_head=True).order_by("username").first()


def _officer(unit_id: int) -> User | None:
    return User.objects.filter(unit_id=unit_id, is_unit_officer=True).order_by("username").first()


def _record(actor, action: str, obj, cluster_year: ClusterYear, after: dict) -> None:
    audit_record(actor=actor, action=action, obj=obj, after=after, reason=REASON,
                 organizer_id=cluster_year.cluster.organizer_id, cluster_id=cluster_year.cluster_id)


def _launch(cluster_year: ClusterYear, *, title: str, goals: str, items: list[str], published: dt.datetime) -> Launch:
    launch = Launch.objects.filter(cluster_year=cluster_year).first()
    if launch is None:
        leader = next((m for m in members_of(cluster_year) if m.role == Role.LEADER), None)
        publisher = _head(leader.unit_id) if leader else None
        launch = Launch.objects.create(cluster_year=cluster_year, title=title, goals=goals, items=items,
                                       published_at=published, published_by=publisher)
        _record(publisher, "launch.publish", launch, cluster_year, {"title": title, "items": items})
    return launch


def _covenant(cluster_year: ClusterYear, launch: Launch, signed: dt.datetime) -> Covenant:
    covenant = Covenant.objects.filter(cluster_year=cluster_year).first()
    if covenant is None:
        covenant = Covenant.objects.create(cluster_year=cluster_year, text=covenant_text_from_launch(cluster_year, launch))
        _record(None, "covenant.build", covenant, cluster_year, {"text": covenant.text})
    if covenant.frozen_at is None:
        done = set(covenant.signatures.values_list("unit_id", flat=True))
        for i, membership in enumerate(members_of(cluster_year)):
            head = _head(membership.unit_id)
            if membership.unit_id in done or head is None:
                continue
            signature = CovenantSignature.objects.create(
                covenant=covenant, unit=membership.unit, signed_by=head, signed_at=signed + dt.timedelta(minutes=2 * i)
            )
            _record(head, "covenant.sign", signature, cluster_year, {"unit": membership.unit_id, "signed_at": signature.signed_at})
        members = set(Membership.objects.filter(cluster_year=cluster_year).values_list("unit_id", flat=True))
        if members <= set(covenant.signatures.values_list("unit_id", flat=True)):
            covenant.frozen_at = covenant.signatures.order_by("-signed_at").first().signed_at
            covenant.save(update_fields=["frozen_at"])
            _record(None, "covenant.freeze", covenant, cluster_year, {"frozen_at": covenant.frozen_at})
    return covenant


@transaction.atomic
def load_cycle_demo() -> list[str]:
    """Returns what was loaded, one line each."""
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    organizer = Organizer.objects.filter(symbol=data["organizer"]["symbol"]).first()
    cluster = Cluster.objects.filter(organizer=organizer, number="3").first() if organizer else None
    if cluster is None:
        return ["Cụm thi đua số 3 chưa có: chạy `manage.py load_demo` trước."]
    done = []
    y2023 = ClusterYear.objects.select_related("cluster__organizer").filter(cluster=cluster, year=2023).first()
    spec = next(c for c in data["clusters"] if str(c["number"]) == "3")["years"][2023]
    if y2023 is not None:
        conference = dt.datetime(2022, 12, 16, 9, 0, tzinfo=VN)
        launch = _launch(
            y2023, title="Phong trào thi đua năm 2023 của Cụm thi đua số 3", goals="", items=list(spec["launch_contents"]),
            published=conference,
        )
        _covenant(y2023, launch, conference + dt.timedelta(hours=2))
        year_settings_get(y2023)
        done.append("2023: phát động (4 nội dung) và giao ước thi đua, 9/9 đơn vị đã ký ngày 16/12/2022")
    y2025 = ClusterYear.objects.select_related("cluster__organizer").filter(cluster=cluster, year=2025).first()
    if y2025 is not None:
        launch = _launch(
            y2025, title="Phong trào thi đua năm 2025 của Cụm thi đua số 3",
            goals="(Minh họa) Thi đua hoàn thành xuất sắc nhiệm vụ đối ngoại địa phương trong năm sắp xếp, hợp nhất tổ chức bộ máy.",
            items=ILLUSTRATIVE_2025, published=dt.datetime(2024, 12, 20, 9, 0, tzinfo=VN),
        )
        _covenant(y2025, launch, dt.datetime(2024, 12, 20, 11, 0, tzinfo=VN))
        year_settings_get(y2025)
        if not y2025.deadlines:
            y2025.deadlines = {"launched": "2025-01-31", "covenant": "2025-02-28", "self_assessment": "2025-12-05",
                               "cross_scoring": "2025-12-15", "conference": "2025-12-26"}
            y2025.save(update_fields=["deadlines"])
        for i, membership in enumerate(members_of(y2025)):
            if i % 3 == 2 or Registration.objects.filter(cluster_year=y2025, unit=membership.unit).exists():
                continue  # some units have not registered (illustrative)
            officer = _officer(membership.unit_id)
            registration = Registration.objects.create(
                cluster_year=y2025, unit=membership.unit, titles=["labour_excellent", "flag_ministry"] if i < 2 else ["labour_excellent"],
                commitments="(Minh họa) Hoàn thành xuất sắc các nhiệm vụ được giao; không có cá nhân vi phạm kỷ luật.",
                submitted_by=officer, submitted_at=dt.datetime(2025, 1, 15 + i, 10, 0, tzinfo=VN),
            )
            _record(officer, "registration.submit", registration, y2025, {"unit": membership.unit_id, "titles": registration.titles})
        done.append("2025 (minh họa): phát động, giao ước đã ký đủ, một số đơn vị đã đăng ký thi đua")
    return done

"""The demo of the conference and the vote: Cụm thi đua số II's 2017 year-end conference
(30/11–01/12/2017 in Thái Nguyên), replayed through real polls — check-in of the ten
members, secret ballots cast by each unit's demo head account, closing, results.

Facts (org/data/demo-clusters.yaml, from the seed article): the Ministry's Emulation Flag
for Yên Bái and Bắc Giang, Certificates of Merit for Hòa Bình and Bắc Ninh, Thái Nguyên
elected leader for 2018 with Phú Thọ and Bắc Ninh as deputies. The VOTE COUNTS ARE
ILLUSTRATIVE (the sources give only the outcome) and every poll says so in its title and
notes. The people are the invented demo accounts. The replay ends in the 2018 roles the
organisation demo already sets from the facts, so it changes none of them.

Idempotent: a 2017 year that already has polls is left alone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import yaml
from django.db import transaction

from thidua.org.demo import DATA_FILE
from thidua.org.models import Cluster, ClusterYear, Membership, Organizer, Phase, Role, Unit, User

from . import delegates, services
from .models import CheckIn, Poll

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOTE = ("Số phiếu trong bản demo là MINH HỌA (tư liệu chỉ cho biết kết quả); đơn vị được suy tôn, được bầu là theo tư liệu "
        "của Cụm thi đua số II năm 2017.")
TAG = " (số phiếu minh họa)"


# (kind, title, method, max_choices, seats, threshold, candidates, one ballot per member unit in member order)
POLLS = [
    ("flag", "Suy tôn đơn vị đề nghị Bộ Ngoại giao tặng Cờ thi đua năm 2017", "approval", 2, 2,
     {"base": "members", "percent": 70, "strict": False}, ["Yên Bái", "Bắc Giang", "Hòa Bình", "Bắc Ninh"],
     [["Yên Bái", "Bắc Giang"]] * 7 + [["Yên Bái", "Hòa Bình"], ["Bắc Giang", "Hòa Bình"], ["Yên Bái", "Bắc Ninh"]]),
    ("merit", "Đề nghị Bộ trưởng Bộ Ngoại giao tặng Bằng khen năm 2017", "approval", 2, 2,
     {"base": "members", "percent": 50, "strict": True}, ["Hòa Bình", "Bắc Ninh", "Vĩnh Phúc", "Tuyên Quang"],
     [["Hòa Bình", "Bắc Ninh"]] * 6 + [["Hòa Bình", "Vĩnh Phúc"], ["Hòa Bình", "Tuyên Quang"], ["Bắc Ninh", "Vĩnh Phúc"],
                                       ["Vĩnh Phúc", "Tuyên Quang"]]),
    ("leader", "Bầu đơn vị Cụm trưởng năm 2018", "single", 1, 1,
     {"base": "members", "percent": 50, "strict": True}, ["Thái Nguyên", "Phú Thọ"],
     [["Thái Nguyên"]] * 8 + [["Phú Thọ"]] * 2),
    ("deputy", "Bầu đơn vị Cụm phó năm 2018", "approval", 2, 2,
     {"base": "members", "percent": 50, "strict": True}, ["Phú Thọ", "Bắc Ninh", "Hà Nội"],
     [["Phú Thọ", "Bắc Ninh"]] * 7 + [["Phú Thọ", "Hà Nội"]] * 2 + [["Hà Nội"]]),
]
# the ranking's first two were proposed for the Flag, so the Certificates' list starts lower
DEPARTURES = {"merit": "Hai đơn vị xếp đầu (Yên Bái, Bắc Giang) đã được suy tôn đề nghị tặng Cờ thi đua nên không đề nghị Bằng khen."}
AGENDA = [
    "Báo cáo tổng kết công tác thi đua, khen thưởng năm 2017 của Cụm thi đua số II",
    "Các đơn vị thảo luận, góp ý dự thảo báo cáo; trao đổi kinh nghiệm",
    "Bình xét, suy tôn bằng phiếu kín các đơn vị đề nghị tặng Cờ thi đua, Bằng khen",
    "Bầu đơn vị Cụm trưởng, Cụm phó năm 2018",
]


def _by_province(cluster_year: ClusterYear) -> dict[str, Unit]:
    members = Membership.objects.filter(cluster_year=cluster_year).select_related("unit__province")
    return {m.unit.province.short_name if m.unit.province else m.unit.name: m.unit for m in members}


def _presenting_province(text: str, units: dict[str, Unit]) -> str:
    """The province whose unit presented the report, from the seed's sentence."""
    return next(name for name in units if name in text)


def _first(unit: Unit, **flags) -> User | None:
    return User.objects.filter(unit=unit, is_active=True, **flags).order_by("username").first()


@transaction.atomic
def replay_cluster_ii_2017() -> list[str]:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    organizer = Organizer.objects.filter(symbol=data["organizer"]["symbol"]).first()
    cluster = Cluster.objects.filter(organizer=organizer, number="II").first() if organizer else None
    cluster_year = ClusterYear.objects.filter(cluster=cluster, year=2017).select_related("cluster__organizer").first() if cluster else None
    if cluster_year is None:
        return ["Chưa có Cụm thi đua số II năm 2017: chạy `load_demo` trước."]
    if Poll.objects.filter(cluster_year=cluster_year).exists():
        return ["Hội nghị tổng kết 2017 của Cụm thi đua số II đã có trong dữ liệu mẫu."]
    facts = next(c for c in data["clusters"] if str(c["number"]) == "II")["years"][2017]["conference"]
    units = _by_province(cluster_year)
    leader_unit = Membership.objects.get(cluster_year=cluster_year, role=Role.LEADER).unit
    secretariat = _first(leader_unit, is_unit_officer=True)
    order = [m.unit for m in Membership.objects.filter(cluster_year=cluster_year).select_related("unit").order_by("unit__name")]
    heads = {u.pk: _first(u, is_unit_head=True) for u in order}
    if secretariat is None or any(h is None for h in heads.values()):
        return ["Thiếu tài khoản demo của các đơn vị Cụm thi đua số II: chạy `load_demo` trước."]
    old_phase = cluster_year.phase
    ClusterYear.objects.filter(pk=cluster_year.pk).update(phase=Phase.CONFERENCE)  # the replay happens at the conference
    cluster_year.phase = Phase.CONFERENCE
    host = units["Thái Nguyên"]
    host_officer = _first(host, is_unit_officer=True)
    start, end = facts["dates"]
    presenter = units[_presenting_province(facts["report_presented_by"], units)]
    # One person heads a unit in a year. The seed names the deputy unit's director, who
    # presented the report: he is Phú Thọ's head in every 2017 document (delegate, counting
    # committee, content) — never a demo account's name (the account only casts the ballot).
    # The other units' 2017 heads are unknown: the demo accounts' names stand for them.
    seed_heads = {presenter.pk: facts["report_presented_by"].split(",")[0].strip()}

    def head_in_2017(unit: Unit) -> str:
        return seed_heads.get(unit.pk) or heads[unit.pk].full_name

    committee = [
        f"{head_in_2017(units[n])}, {units[n].head_title} {units[n].name}" + ("" if units[n].pk in seed_heads else " (demo)")
        for n in ("Phú Thọ", "Vĩnh Phúc", "Hòa Bình")
    ]
    services.conference_update(actor=secretariat, cluster_year=cluster_year, data={
        "date": start, "end_date": end, "place": f"Thành phố Thái Nguyên, tỉnh {facts['place']}", "host_unit": host,
        "guests": facts["guests"], "guests_present": facts["guests"], "agenda": AGENDA,
        "chair": f"{heads[leader_unit.pk].full_name}, {leader_unit.head_title} {leader_unit.name} (Cụm trưởng năm 2017; demo)",
        "secretary": f"{host_officer.full_name if host_officer else ''}, {host.name} (demo)",
        "counting_committee": committee,
        "content": (
            f"Đồng chí {head_in_2017(presenter)}, {presenter.head_title} {presenter.name} – đơn vị Cụm phó – trình bày dự thảo "
            "Báo cáo tổng kết công tác thi đua, khen thưởng năm 2017 của Cụm.\n"
            "Các đơn vị thành viên thảo luận, góp ý vào dự thảo Báo cáo; đề xuất lập kênh thông tin chung để các đơn vị trao đổi "
            "kinh nghiệm, cách làm hay.\n"
            "Hội nghị bình xét, suy tôn và bầu bằng phiếu kín điện tử trên ThiDua (bản demo phát lại; số phiếu minh họa)."
        ),
    })
    for unit in order:
        # the replay casts each unit's ballot through its demo head account, in the name of its 2017 head
        delegates.delegate_set(actor=heads[unit.pk], cluster_year=cluster_year, unit=unit, user=heads[unit.pk],
                               full_name=head_in_2017(unit), position=unit.head_title)
        services.checkin(actor=secretariat, cluster_year=cluster_year, unit=unit)
    # the replay's clock for check-in: the morning of the conference's first day, two minutes apart
    day1 = dt.datetime.combine(start, dt.time(7, 30), tzinfo=VN)
    for i, unit in enumerate(order):
        CheckIn.objects.filter(conference__cluster_year=cluster_year, unit=unit).update(at=day1 + dt.timedelta(minutes=2 * i))
    lines = []
    day2 = dt.datetime.combine(end, dt.time(9, 0), tzinfo=VN)
    for i, (kind, title, method, k, seats, threshold, names, ballots) in enumerate(POLLS):
        poll = services.poll_create(actor=secretariat, cluster_year=cluster_year, data={
            "kind": kind, "title": title + TAG, "method": method, "max_choices": k, "seats": seats, "threshold": threshold,
            "candidates": [units[n] for n in names], "notes": NOTE, "departure_reason": DEPARTURES.get(kind, ""),
        })
        poll = services.poll_open(actor=secretariat, poll=poll)
        for unit, choice in zip(order, ballots, strict=True):
            services.ballot_cast(actor=heads[unit.pk], poll=poll, choices=[units[n].pk for n in choice])
        poll = services.poll_close(actor=secretariat, poll=poll)
        # the replay's clock: the votes of the second day, 20 minutes apart
        Poll.objects.filter(pk=poll.pk).update(opened_at=day2 + dt.timedelta(minutes=20 * i),
                                               closed_at=day2 + dt.timedelta(minutes=20 * i + 10))
        elected = ", ".join(Unit.objects.get(pk=u).name for u in poll.elected)
        lines.append(f"  {title}: {elected}")
    ClusterYear.objects.filter(pk=cluster_year.pk).update(phase=old_phase)
    return ["Hội nghị tổng kết 2017 của Cụm thi đua số II (phát lại, số phiếu minh họa):", *lines]

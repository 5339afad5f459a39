"""The demo's Cụm thi đua số 3 2025 year after the ranking (scoring's demo leaves it
there): the year-end conference with the flag and merit polls (VOTES ILLUSTRATIVE, said in
each poll's title and notes), the `proposals` phase, the dossier built, its reports written
(illustrative texts) and confirmed, then submitted — left awaiting the Ministry in its
inbox. The proposed units' 2024–2025 ratings are entered as illustrative data, so that
their checks can be read. All through the services (phases, polls, ballots, dossier).

Idempotent: a year that already has a dossier, or is not at the ranking, is left alone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from thidua.cycle.phase_service import cluster_year_set_phase
from thidua.org.models import Cluster, ClusterYear, Membership, Phase, User
from thidua.voting.models import CheckIn, Poll

from .demo_dossier import build_and_submit, first_user, leader_officer, replay_clock
from .models import Dossier, Rating
from .services import unit_rating_set

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = dt.date(2025, 12, 26)  # the conference (illustrative)
SUBMITTED = dt.date(2025, 12, 30)  # the dossier built and sent to the Ministry (illustrative)
NOTE = "Số phiếu trong bản demo là MINH HỌA; Cụm thi đua số 3 năm 2025 là dữ liệu minh họa."
TAG = " (số phiếu minh họa)"
DEPARTURE = "Danh sách đề cử minh họa của bản demo (đơn vị đã đăng ký thi đua tương ứng)."
FLAG = ["Thanh Hóa"]  # registered for the Flag (cycle's demo)
MERIT = ["Nghệ An", "Hà Tĩnh"]
MERIT_OTHERS = ["Quảng Trị"]


def dossier_2025() -> list[str]:
    from thidua.voting import services as voting

    cluster = Cluster.objects.filter(number="3").select_related("organizer").first()
    cluster_year = ClusterYear.objects.filter(cluster=cluster, year=2025).select_related("cluster__organizer").first() if cluster else None
    if cluster_year is None:
        return ["awards: no Cụm thi đua số 3 2025, nothing to do"]
    if Dossier.objects.filter(cluster_year=cluster_year).exists():
        return ["awards: Cụm thi đua số 3's 2025 dossier already there"]
    if cluster_year.phase != Phase.RANKING:
        return [f"awards: Cụm thi đua số 3's 2025 year is at {cluster_year.phase}, not ranking: left alone"]
    organizer = User.objects.filter(organizer=cluster.organizer, is_organizer_officer=True, is_active=True).order_by("username").first()
    secretariat = leader_officer(cluster_year)
    members = [m.unit for m in Membership.objects.filter(cluster_year=cluster_year).select_related("unit__province").order_by("unit__name")]
    units = {u.province.short_name if u.province else u.name: u for u in members}
    heads = {u.pk: first_user(u, is_unit_head=True) for u in members}
    if organizer is None or secretariat is None or any(h is None for h in heads.values()):
        return ["awards: demo accounts missing for Cụm thi đua số 3 2025"]
    for name in FLAG + MERIT:  # illustrative ratings, so that the checks read something
        for year in (2024, 2025):
            if units[name].existed_in_year(year):
                unit_rating_set(actor=organizer, unit=units[name], year=year, rating=Rating.EXCELLENT, note="Minh họa (demo)")
    cluster_year = cluster_year_set_phase(actor=organizer, cluster_year=cluster_year, phase=Phase.CONFERENCE)
    voting.conference_update(actor=secretariat, cluster_year=cluster_year, data={
        "date": dt.date(2025, 12, 26), "place": "Thành phố Thanh Hóa, tỉnh Thanh Hóa", "host_unit": units["Thanh Hóa"],
    })  # fmt: skip
    for unit in members:
        voting.checkin(actor=secretariat, cluster_year=cluster_year, unit=unit)
    # the replay's clock: check-in on the morning of the conference, two minutes apart
    day = dt.datetime.combine(DAY, dt.time(7, 30), tzinfo=VN)
    for i, unit in enumerate(members):
        CheckIn.objects.filter(conference__cluster_year=cluster_year, unit=unit).update(at=day + dt.timedelta(minutes=2 * i))
    n = len(members)
    polls = [
        ("flag", "Suy tôn đơn vị đề nghị Bộ Ngoại giao tặng Cờ thi đua năm 2025", 1, 1, {"base": "members", "percent": 70, "strict": False},
         [*FLAG, "Huế"], [["Thanh Hóa"]] * (n - 1) + [["Huế"]]),
        ("merit", "Đề nghị Bộ trưởng Bộ Ngoại giao tặng Bằng khen năm 2025", 2, 2, {"base": "members", "percent": 50, "strict": True},
         MERIT + MERIT_OTHERS, [MERIT] * (n - 2) + [["Nghệ An", "Quảng Trị"], ["Hà Tĩnh", "Quảng Trị"]]),
    ]  # fmt: skip
    for i, (kind, title, k, seats, threshold, names, ballots) in enumerate(polls):
        poll = voting.poll_create(actor=secretariat, cluster_year=cluster_year, data={
            "kind": kind, "title": title + TAG, "method": "approval", "max_choices": k, "seats": seats, "threshold": threshold,
            "candidates": [units[x] for x in names], "notes": NOTE, "departure_reason": DEPARTURE,
        })  # fmt: skip
        poll = voting.poll_open(actor=secretariat, poll=poll)
        for unit, choice in zip(members, ballots, strict=True):
            voting.ballot_cast(actor=heads[unit.pk], poll=poll, choices=[units[x].pk for x in choice])
        voting.poll_close(actor=secretariat, poll=poll)
        start = dt.datetime.combine(DAY, dt.time(9, 0), tzinfo=VN) + dt.timedelta(minutes=20 * i)
        Poll.objects.filter(pk=poll.pk).update(opened_at=start, closed_at=start + dt.timedelta(minutes=10))
    cluster_year = cluster_year_set_phase(actor=organizer, cluster_year=cluster_year, phase=Phase.PROPOSALS)
    dossier = build_and_submit(cluster_year, secretariat, on=SUBMITTED)
    replay_clock(cluster_year, SUBMITTED)
    return [
        f"awards: Cụm thi đua số 3's 2025 conference (votes illustrative) and dossier submitted, awaiting the Ministry "
        f"({', '.join(p['unit_name'] for p in dossier.proposals)})"
    ]

"""The demo's award loop of Cụm thi đua số II's 2017 year, as the seed article says
(org/data/demo-clusters.yaml `results`): after voting's replay of the conference, the
leader unit builds the proposal dossier from the closed polls, the proposed units write and
confirm their achievement reports, the dossier is sent to the Ministry, which accepts it and
decides: the Emulation Flag for Yên Bái and Bắc Giang, the Minister's Certificate of Merit
for Hòa Bình and Bắc Ninh — presented at the year-end conference (01/12/2017). The
DECISION'S NUMBER, DATE AND SIGNER ARE ILLUSTRATIVE (the article does not give them): the
decision is marked `illustrative` and its note says so; so are the reports' texts. All of it
goes through the services, so the checks run as they would for a real dossier. Then
Cụm thi đua số 3's 2025 dossier is left submitted (demo_2025.py).

Idempotent: an existing illustrative decision of 2017 is left alone."""

from __future__ import annotations

import datetime as dt

import yaml
from django.db import transaction

from thidua.org.demo import DATA_FILE
from thidua.org.models import Cluster, ClusterYear, Membership, Organizer, Phase, User

from . import dossier_services
from .demo_dossier import build_and_submit, leader_officer, replay_clock
from .models import Decision, Dossier
from .services import decision_record

NUMBER = "01/QĐ-BNG"  # written as a real one reads ("n/QĐ-X"), so that the generated decision shows it
NOTE = (
    "Số (01/QĐ-BNG), ngày và người ký quyết định là MINH HỌA, không phải số thật của Bộ Ngoại giao "
    "(tư liệu chỉ cho biết Bộ Ngoại giao đã trao Cờ thi đua, Bằng khen tại Hội nghị tổng kết năm 2017 "
    "của Cụm thi đua số II ngày 01/12/2017); các đơn vị được khen là theo tư liệu."
)
RESULT_AWARD = {"flag": "flag_ministry", "bang_khen": "merit_minister"}
RESULT_NAMES = {"flag_ministry": "Cờ thi đua", "merit_minister": "Bằng khen"}
# the replay's clock for the dossier's moves (illustrative, on the conference's last day)


@transaction.atomic
def load_awards_demo() -> list[str]:
    from .demo_2025 import dossier_2025

    return _loop_2017() + dossier_2025()


def _loop_2017() -> list[str]:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    organizer = Organizer.objects.filter(symbol=data["organizer"]["symbol"]).first()
    cluster = Cluster.objects.filter(organizer=organizer, number="II").first() if organizer else None
    cluster_year = ClusterYear.objects.filter(cluster=cluster, year=2017).select_related("cluster__organizer").first() if cluster else None
    officer = User.objects.filter(organizer=organizer, is_organizer_officer=True, is_active=True).order_by("username").first()
    if cluster_year is None or officer is None:
        return ["awards: no Cụm thi đua số II 2017 or organizer officer, nothing to do"]
    if Decision.objects.filter(organizer=organizer, year=2017, illustrative=True).exists():
        return ["awards: 2017 decision already recorded"]
    results = next(c for c in data["clusters"] if c.get("number") == "II")["years"][2017]["results"]
    members = Membership.objects.filter(cluster_year=cluster_year).select_related("unit__province")
    by_province = {m.unit.province.short_name: m.unit for m in members if m.unit.province}
    awards = [(by_province[name], RESULT_AWARD[key]) for key, names in results.items() for name in names]
    lines = []
    leader = leader_officer(cluster_year)
    _quotas_as_awarded(officer, organizer, awards)
    if leader is not None and not Dossier.objects.filter(cluster_year=cluster_year).exists():
        # the dossier is made in the proposals phase: the replay puts the closed year there for it
        old_phase = cluster_year.phase
        ClusterYear.objects.filter(pk=cluster_year.pk).update(phase=Phase.PROPOSALS)
        cluster_year.phase = Phase.PROPOSALS
        dossier = build_and_submit(cluster_year, leader, on=dt.date(2017, 12, 1))
        dossier_services.dossier_accept(actor=officer, cluster_year=cluster_year)
        ClusterYear.objects.filter(pk=cluster_year.pk).update(phase=old_phase)
        proposed = {(p["unit"], p["award"]) for p in dossier.proposals}
        facts = {(u.pk, code) for u, code in awards}
        lines.append(f"awards: 2017 dossier of Cụm II built, reports confirmed, submitted, accepted ({len(proposed)} proposals"
                     + ("" if proposed == facts else ", DIFFERENT FROM THE SEED'S RESULTS") + ")")  # fmt: skip
    decision = decision_record(
        actor=officer,
        organizer=organizer,
        number=NUMBER,
        date=dt.date(2017, 12, 1),
        signer="Thứ trưởng Bộ Ngoại giao (minh họa)",
        year=2017,
        awards=awards,
        illustrative=True,
        note=NOTE,
    )
    replay_clock(cluster_year, dt.date(2017, 12, 1))
    lines.append(f"awards: decision {decision.number} (illustrative) — " + ", ".join(f"{u.name}: {code}" for u, code in awards))
    return lines


def _quotas_as_awarded(officer, organizer, awards) -> None:
    """In 2017 the Ministry gave Cụm thi đua số II two Flags (the seed article), over the
    catalogue's one a cluster: the organizer's adjustment of 2017's quota says so, as it
    would have to for the dossier to go (its quota check blocks otherwise)."""
    from collections import Counter

    from .adjustments import adjustment_set, quota_per_cluster

    for code, count in Counter(code for _unit, code in awards).items():
        quota, _spec = quota_per_cluster(code, 2017, organizer.pk)
        if quota is not None and count > quota:
            reason = f"Theo tư liệu, Bộ Ngoại giao trao {count} {RESULT_NAMES.get(code, code)} cho Cụm thi đua số II năm 2017"
            adjustment_set(actor=officer, organizer=organizer, year=2017, award=code, rule="quota", params={"per_cluster": count},
                           reason=reason)  # fmt: skip

"""The demo's award registry: the Ministry's awards of Cụm thi đua số II's 2017 year, as the
seed article says (org/data/demo-clusters.yaml `results`): the Emulation Flag for Yên Bái and
Bắc Giang, the Minister's Certificate of Merit for Hòa Bình and Bắc Ninh — presented at the
year-end conference (01/12/2017). The DECISION'S NUMBER, DATE AND SIGNER ARE ILLUSTRATIVE
(the article does not give them): the decision is marked `illustrative` and its note says so.
Recorded through the service, after voting's replay made the cluster's proposals, so the
eligibility checks run as they would for a real decision.

Idempotent: an existing illustrative decision of the year is left alone."""

from __future__ import annotations

import datetime as dt

import yaml
from django.db import transaction

from thidua.org.demo import DATA_FILE
from thidua.org.models import Cluster, ClusterYear, Membership, Organizer, User

from .models import Decision
from .services import decision_record

NUMBER = "MH-01/QĐ-BNG"
NOTE = (
    "Số, ngày và người ký quyết định là MINH HỌA (tư liệu chỉ cho biết Bộ Ngoại giao đã trao Cờ thi đua, Bằng khen "
    "tại Hội nghị tổng kết năm 2017 của Cụm thi đua số II ngày 01/12/2017); các đơn vị được khen là theo tư liệu."
)
RESULT_AWARD = {"flag": "flag_ministry", "bang_khen": "merit_minister"}


@transaction.atomic
def load_awards_demo() -> list[str]:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    organizer = Organizer.objects.filter(symbol=data["organizer"]["symbol"]).first()
    cluster = Cluster.objects.filter(organizer=organizer, number="II").first() if organizer else None
    cluster_year = ClusterYear.objects.filter(cluster=cluster, year=2017).first() if cluster else None
    officer = User.objects.filter(organizer=organizer, is_organizer_officer=True, is_active=True).order_by("username").first()
    if cluster_year is None or officer is None:
        return ["awards: no Cụm thi đua số II 2017 or organizer officer, nothing to do"]
    if Decision.objects.filter(organizer=organizer, year=2017, illustrative=True).exists():
        return ["awards: 2017 decision already recorded"]
    results = next(c for c in data["clusters"] if c.get("number") == "II")["years"][2017]["results"]
    members = Membership.objects.filter(cluster_year=cluster_year).select_related("unit__province")
    by_province = {m.unit.province.short_name: m.unit for m in members if m.unit.province}
    awards = [(by_province[name], RESULT_AWARD[key]) for key, names in results.items() for name in names]
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
    return [f"awards: decision {decision.number} (illustrative) — " + ", ".join(f"{u.name}: {code}" for u, code in awards)]

"""The scoring demo, a step of `manage.py load_demo` after the organisation and the year: Cụm thi đua số 3's 2025
year scored with the sample table — self-assessments with an evidence file, cross-scoring
by every other member, a query and its answer — up to the ranking; and illustrative
results for 2022 and 2023 so that a unit's totals over the years have a history.

Every number is invented (deterministic), never any cluster's real scores. The 2025 year
goes through the services (phases, freezing, audit); the two closed years are written
directly, each marked in the audit trail as demo data. Idempotent: a year that already
has score sheets is left alone."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from thidua.core.audit import audit_record
from thidua.cycle import phases
from thidua.cycle.phase_service import cluster_year_set_phase
from thidua.org.demo import DATA_FILE
from thidua.org.models import Cluster, ClusterYear, Membership, Phase, Role, User

from . import services, table_io
from .arithmetic import PASS_FAIL, PENALTY, TableSpec, sheet_group_values, sheet_total
from .models import CriteriaTable, Criterion, CriterionGroup, ScoreEntry, ScoreSheet
from .selectors import table_for, table_spec

REASON = "Dữ liệu mẫu (demo)"
HALF = Decimal("0.5")
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _officer(unit_id: int) -> User | None:
    return User.objects.filter(unit_id=unit_id, is_unit_officer=True).order_by("username").first()


def _points(spec: TableSpec, rng: random.Random, quality: float) -> list[dict]:
    """A plausible sheet: each criterion near `quality` of its max, in half points."""
    items = []
    for c in spec.criteria:
        if c.kind == PASS_FAIL:
            value = c.max_points if rng.random() < quality + 0.1 else Decimal(0)
        elif c.kind == PENALTY:
            value = Decimal(1) if rng.random() > quality + 0.15 else Decimal(0)
        else:
            share = min(1.0, max(0.0, rng.gauss(quality, 0.08)))
            value = (c.max_points * Decimal(str(share)) / HALF).quantize(Decimal(1), rounding=ROUND_HALF_UP) * HALF
        if value:
            items.append({"criterion": c.code, "points": str(value), "note": ""})
    return items


def _nudge(items: list[dict], spec: TableSpec, rng: random.Random) -> list[dict]:
    """A scorer's view of a self-assessment: a little lower here and there."""
    out = []
    for item in items:
        c = spec.criterion(item["criterion"])
        value = Decimal(item["points"])
        if c.kind not in (PASS_FAIL, PENALTY) and rng.random() < 0.35:
            value = max(Decimal(0), value - HALF * rng.randint(1, 3))
        out.append({"criterion": item["criterion"], "points": str(value), "note": ""})
    return out


def _year_2025(cluster: Cluster, organizer_officer: User) -> list[str]:
    cluster_year = ClusterYear.objects.filter(cluster=cluster, year=2025).select_related("cluster").first()
    if cluster_year is None:
        return ["Cụm thi đua số 3 chưa có năm 2025: bỏ qua."]
    if ScoreSheet.objects.filter(cluster_year=cluster_year).exists():
        return ["Năm 2025 đã có phiếu chấm: giữ nguyên."]
    if phases.reached(cluster_year, Phase.CROSS_SCORING):
        return [f"Năm 2025 đang ở giai đoạn {cluster_year.phase}: bỏ qua."]
    members = list(Membership.objects.filter(cluster_year=cluster_year).select_related("unit").order_by("unit__name"))
    leader = next(m for m in members if m.role == Role.LEADER)
    leader_officer = _officer(leader.unit_id)
    if table_for(cluster_year) is None:
        services.criteria_table_import_sample(actor=leader_officer, cluster_year=cluster_year)
    while phases.before(cluster_year, Phase.SELF_ASSESSMENT):
        following = phases.next_phase(cluster_year.phase)
        cluster_year = cluster_year_set_phase(actor=organizer_officer, cluster_year=cluster_year, phase=following)
    spec = table_spec(table_for(cluster_year))
    rng = random.Random(2025)  # noqa: S311  (invented demo numbers)
    quality = {m.unit_id: 0.72 + 0.2 * rng.random() for m in members}
    self_items = {}
    for m in members:
        officer = _officer(m.unit_id)
        self_items[m.unit_id] = _points(spec, rng, quality[m.unit_id])
        services.self_sheet_save(actor=officer, cluster_year=cluster_year, unit=m.unit, entries=self_items[m.unit_id])
        services.evidence_upload(
            actor=officer, cluster_year=cluster_year, unit=m.unit, criterion_code="I.1",
            uploaded=SimpleUploadedFile(f"Kế hoạch đối ngoại 2025 - {m.unit.symbol}.pdf", DEMO_PDF, "application/pdf"),
        )  # fmt: skip
        services.self_sheet_submit(actor=officer, cluster_year=cluster_year, unit=m.unit, confirm_missing_evidence=True)
    cluster_year = cluster_year_set_phase(actor=organizer_officer, cluster_year=cluster_year, phase=Phase.CROSS_SCORING)
    first, second = members[0], members[1]
    query = services.score_query_ask(
        actor=_officer(second.unit_id), cluster_year=cluster_year, unit=first.unit, scorer=second.unit, criterion_code="I.2",
        text="Đề nghị đơn vị cho biết số thỏa thuận hợp tác quốc tế đã ký và triển khai trong năm.",
    )  # fmt: skip
    services.score_query_reply(actor=_officer(first.unit_id), query=query,
                               text="Năm 2025 đơn vị đã ký 3 thỏa thuận, triển khai 2 (kèm minh chứng ở tiêu chí I.1).")  # fmt: skip
    for m in members:
        for scorer in members:
            if scorer.unit_id == m.unit_id:
                continue
            officer = _officer(scorer.unit_id)
            items = _nudge(self_items[m.unit_id], spec, rng)
            services.cross_sheet_save(actor=officer, cluster_year=cluster_year, unit=m.unit, scorer=scorer.unit, entries=items)
            services.cross_sheet_submit(actor=officer, cluster_year=cluster_year, unit=m.unit, scorer=scorer.unit)
    cluster_year_set_phase(actor=organizer_officer, cluster_year=cluster_year, phase=Phase.RANKING)
    return [f"Năm 2025: bảng tiêu chí mẫu, {len(members)} bảng tự chấm, {len(members) * (len(members) - 1)} phiếu chấm chéo, xếp hạng."]


def _snapshot(spec: TableSpec, items: list[dict]) -> dict:
    """What a submission freezes (services.entries._snapshot), for the sheets written directly."""
    values = {i["criterion"]: Decimal(i["points"]) for i in items}
    groups = sheet_group_values(spec, values)
    return {"entries": items, "evidence": [], "groups": {k: str(v) for k, v in groups.items()},
            "total": str(sheet_total(spec, values)), "demo": True}  # fmt: skip


def _closed_year(cluster_year: ClusterYear, sample: TableSpec, actor: User, favoured: list[int] = ()) -> str:
    """Illustrative results of a closed year, written directly (no phase allows scoring).
    `favoured`: units (best first) that the year's known results put ahead — the ranking
    must not contradict whom the conference proposed for the Flag and Certificates."""
    if ScoreSheet.objects.filter(cluster_year=cluster_year).exists():
        return f"Năm {cluster_year.year} đã có phiếu chấm: giữ nguyên."
    table = CriteriaTable.objects.filter(cluster_year=cluster_year).first()
    if table is None:
        table = CriteriaTable.objects.create(cluster_year=cluster_year, source=CriteriaTable.Source.SAMPLE, frozen_at=timezone.now())
        for i, g in enumerate(sample.groups):
            group = CriterionGroup.objects.create(table=table, code=g.code, title=g.title, max_points=g.max_points,
                                                  professional=g.professional, order=i)  # fmt: skip
            Criterion.objects.bulk_create(
                Criterion(table=table, group=group, code=c.code, title=c.title, kind=c.kind, max_points=c.max_points,
                          evidence=c.evidence, order=j)
                for j, c in enumerate(g.criteria)
            )  # fmt: skip
    spec = table_spec(table_for(cluster_year))
    criteria = {c.code: c for c in table.criteria.all()}
    members = list(Membership.objects.filter(cluster_year=cluster_year).select_related("unit").order_by("unit__name"))
    rng = random.Random(cluster_year.year)  # noqa: S311  (invented demo numbers)
    now = timezone.now()
    favoured = list(favoured)
    for m in members:
        quality = 0.7 + 0.22 * rng.random()
        if favoured:  # the known results first, clearly apart; the others below them
            quality = 0.97 - 0.05 * favoured.index(m.unit_id) if m.unit_id in favoured else 0.55 + 0.15 * rng.random()
        own = _points(spec, rng, quality)
        for scorer in members:
            items = own if scorer.unit_id == m.unit_id else _nudge(own, spec, rng)
            sheet = ScoreSheet.objects.create(
                cluster_year=cluster_year, table=table, unit=m.unit, scorer=scorer.unit,
                kind=ScoreSheet.Kind.SELF if scorer.unit_id == m.unit_id else ScoreSheet.Kind.CROSS,
                status=ScoreSheet.Status.SUBMITTED, submitted_at=now, snapshot=_snapshot(spec, items),
            )  # fmt: skip
            ScoreEntry.objects.bulk_create(
                ScoreEntry(sheet=sheet, criterion=criteria[i["criterion"]], points=Decimal(i["points"])) for i in items
            )
    audit_record(actor=actor, action="score_sheets.demo", obj=cluster_year, after={"sheets": len(members) ** 2}, reason=REASON,
                 organizer_id=cluster_year.cluster.organizer_id, cluster_id=cluster_year.cluster_id)  # fmt: skip
    return f"Năm {cluster_year.year}: kết quả chấm điểm minh họa của {len(members)} đơn vị."


@transaction.atomic
def load_scoring_demo() -> list[str]:
    cluster = Cluster.objects.filter(name="Cụm thi đua số 3").select_related("organizer").first()
    if cluster is None:
        return ["Chưa có Cụm thi đua số 3: chạy `load_demo` trước."]
    organizer_officer = User.objects.filter(organizer=cluster.organizer, is_organizer_officer=True).order_by("username").first()
    sample = table_io.load_sample()
    lines = []
    for cluster_year in ClusterYear.objects.filter(cluster=cluster, year__lt=2025, phase=Phase.CLOSED).select_related("cluster"):
        lines.append(_closed_year(cluster_year, sample, organizer_officer))
    # Cụm II's 2017 is finished too: its ranking puts the units the conference proposed first
    ii_2017 = ClusterYear.objects.filter(cluster__organizer=cluster.organizer, cluster__number="II", year=2017,
                                         phase=Phase.CLOSED).select_related("cluster").first()
    if ii_2017 is not None:
        data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
        results = next(c for c in data["clusters"] if str(c["number"]) == "II")["years"][2017]["results"]
        by_province = {m.unit.province.short_name: m.unit_id for m in
                       Membership.objects.filter(cluster_year=ii_2017).select_related("unit__province") if m.unit.province}
        favoured = [by_province[n] for n in results["flag"] + results["bang_khen"] if n in by_province]
        lines.append("Cụm thi đua số II — " + _closed_year(ii_2017, sample, organizer_officer, favoured))
    lines += _year_2025(cluster, organizer_officer)
    return lines

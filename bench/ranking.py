"""Server time and SQL query counts of the ranking of a cluster-year (thidua.scoring) on the
national bench data (bench/generate.py): 20 units × 60 criteria × 19 scorers, and the
same measured on a small year to show that the query count does not depend on the number
of units, criteria or scorers.

    DJANGO_SETTINGS_MODULE=thidua.settings.dev \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_bench \\
    .venv/bin/python bench/ranking.py [-n 50] [--name NAME] [--reset]

The scoring data is generated into the bench database the first time (and again with
--reset), in the 2024 years (closed, so the ranking is published) of the bench
organizer's clusters:

- the large year: a 20-member cluster, a 60-criteria table (6 groups, with a bonus and a
  penalty group), 20 submitted self-assessments and 20 × 19 submitted cross sheets, every
  criterion scored: 400 sheets, 24,000 entries;
- the small year: the organizer's smallest cluster in 2024, a 12-criteria table, each
  unit scored by 3 others;
- every other 2024 year of the organizer: a 30-criteria table, every member scored by
  every other, so that the scoring tables hold a realistic volume around the measured
  rows.

Rows are written with bulk_create (no services, no audit events), like generate.py; only
scoring tables are touched, nothing of the organisation data set. Measured in-process
with django.test.Client, DEBUG off: the selector alone, the API
(GET /api/v1/clusters/{id}/years/2024/ranking/) and the ranking page, each with warm-up
requests, then N timed ones (time.perf_counter) in 5 round-robin passes; query counts
from separate requests under CaptureQueriesContext. Writes bench/results/ranking-<name>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import random
import statistics
import sys
import time
import warnings
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DB_NAME = "thidua_bench"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings.dev")
os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB_NAME}")

BENCH_ORGANIZER = "BNG"
YEAR = 2024
TARGET_P50_MS = 100.0
BACKEND = "django.contrib.auth.backends.ModelBackend"


# --- the data ----------------------------------------------------------------------------
def make_table(cluster_year, n_criteria: int):
    """A table of n criteria in 6 groups: four of points (the first professional, one
    with a pass/fail criterion), a bonus group and a penalty group. Caps are generous so
    that they rarely bind, and the base adds up to 100."""
    from thidua.scoring.models import CriteriaTable, Criterion, CriterionGroup

    table = CriteriaTable.objects.create(cluster_year=cluster_year, source=CriteriaTable.Source.EDITED, frozen_at=dt.datetime(
        cluster_year.year, 11, 1, tzinfo=dt.UTC))
    kinds = ["points", "points", "points", "points", "bonus", "penalty"]
    group_max = [Decimal(50), Decimal(20), Decimal(15), Decimal(15), Decimal(10), Decimal(10)]
    per_group = [n_criteria // 6 + (1 if g < n_criteria % 6 else 0) for g in range(6)]
    groups = CriterionGroup.objects.bulk_create(
        CriterionGroup(table=table, code=f"G{g + 1}", title=f"Nhóm {g + 1}", max_points=group_max[g], professional=g == 0, order=g)
        for g in range(6)
    )
    criteria = []
    for g, group in enumerate(groups):
        for j in range(per_group[g]):
            kind = kinds[g]
            if g == 3 and j == 0:
                kind = "pass_fail"
            top = (group_max[g] / per_group[g]).quantize(Decimal("0.01"))
            criteria.append(Criterion(table=table, group=group, code=f"G{g + 1}.{j + 1}", title=f"Tiêu chí {g + 1}.{j + 1}", kind=kind,
                                      max_points=top, order=j))
    return table, Criterion.objects.bulk_create(criteria)


def fill(cluster_year, n_criteria: int, scorers_per_unit: int | None, rng: random.Random) -> int:
    """Submitted self and cross sheets for every member; returns the number of entries."""
    from thidua.org.models import Membership
    from thidua.scoring.arithmetic import sheet_group_values, sheet_total
    from thidua.scoring.models import ScoreEntry, ScoreSheet
    from thidua.scoring.selectors import table_for, table_spec

    table, criteria = make_table(cluster_year, n_criteria)
    spec = table_spec(table_for(cluster_year))
    units = list(Membership.objects.filter(cluster_year=cluster_year).order_by("unit_id").values_list("unit_id", flat=True))
    submitted = dt.datetime(cluster_year.year, 11, 20, tzinfo=dt.UTC)
    sheets, pending = [], []
    for i, unit in enumerate(units):
        quality = 0.6 + 0.35 * rng.random()
        others = [u for u in units if u != unit]
        scorers = others if scorers_per_unit is None else [units[(i + k) % len(units)] for k in range(1, scorers_per_unit + 1)]
        for scorer in [unit, *scorers]:
            sheet = ScoreSheet(cluster_year=cluster_year, table=table, unit_id=unit, scorer_id=scorer,
                               kind="self" if scorer == unit else "cross", status="submitted", submitted_at=submitted)  # fmt: skip
            sheets.append(sheet)
            pending.append((sheet, quality))
    entries, values = [], {}
    for sheet, quality in pending:
        for c in criteria:
            if c.kind == "pass_fail":
                points = c.max_points if rng.random() < quality + 0.2 else Decimal(0)
            elif c.kind == "penalty":
                points = Decimal(0) if rng.random() < quality + 0.25 else min(c.max_points, Decimal(1))
            else:
                share = min(1.0, max(0.0, rng.gauss(quality, 0.1)))
                points = (c.max_points * Decimal(str(round(share, 2)))).quantize(Decimal("0.01"))
            entries.append(ScoreEntry(sheet=sheet, criterion=c, points=points))
            values.setdefault(id(sheet), {})[c.code] = points
        # what a submission freezes (scoring.services.entries._snapshot): group values and total
        groups = sheet_group_values(spec, values[id(sheet)])
        sheet.snapshot = {"bench": True, "groups": {k: str(v) for k, v in groups.items()},
                          "total": str(sheet_total(spec, values[id(sheet)]))}  # fmt: skip
    ScoreSheet.objects.bulk_create(sheets, batch_size=1000)
    ScoreEntry.objects.bulk_create(entries, batch_size=5000)
    return len(entries)


def generate(reset: bool) -> dict:
    """The scoring data in the organizer's 2024 years (idempotent; --reset starts again)."""
    from django.db import connection, transaction
    from django.db.models import Count

    from thidua.org.models import ClusterYear, Organizer
    from thidua.scoring.models import CriteriaTable, ScoreEntry, ScoreSheet

    org = Organizer.objects.get(symbol=BENCH_ORGANIZER)
    years = list(
        ClusterYear.objects.filter(cluster__organizer=org, year=YEAR).annotate(n=Count("memberships")).order_by("cluster__pk")
    )
    large = next(cy for cy in years if cy.n == 20)
    small = min(years, key=lambda cy: (cy.n, cy.pk))
    ids = [cy.pk for cy in years]
    with transaction.atomic():
        if reset:
            ScoreEntry.objects.filter(sheet__cluster_year_id__in=ids).delete()
            ScoreSheet.objects.filter(cluster_year_id__in=ids).delete()
            CriteriaTable.objects.filter(cluster_year_id__in=ids).delete()
        made = 0
        rng = random.Random(2024)  # bench data, not secrets
        for cy in years:
            if CriteriaTable.objects.filter(cluster_year=cy).exists():
                continue
            if cy.pk == large.pk:
                made += fill(cy, 60, None, rng)
            elif cy.pk == small.pk:
                made += fill(cy, 12, 3, rng)
            else:
                made += fill(cy, 30, None, rng)
    if made:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE scoring_scoresheet; ANALYZE scoring_scoreentry; ANALYZE scoring_criterion")
    return {"large": large, "small": small, "entries_written": made, "years": len(years)}


def describe(cy) -> dict:
    from thidua.scoring.models import Criterion, ScoreEntry, ScoreSheet

    cross = ScoreSheet.objects.filter(cluster_year=cy, kind="cross")
    units = cross.values("unit").distinct().count()
    return {
        "cluster_year": cy.pk, "cluster": cy.cluster_id, "cluster_name": cy.cluster.name, "year": cy.year, "units": units,
        "criteria": Criterion.objects.filter(table__cluster_year=cy).count(),
        "scorers_per_unit": round(cross.count() / units, 1) if units else 0,
        "sheets": ScoreSheet.objects.filter(cluster_year=cy).count(),
        "entries": ScoreEntry.objects.filter(sheet__cluster_year=cy).count(),
    }


# --- measuring ------------------------------------------------------------------------------
def timed(fn, n: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def summary(times: list[float]) -> dict:
    ts = sorted(times)
    return {"p50_ms": round(statistics.median(ts), 2), "p95_ms": round(ts[min(len(ts) - 1, round(0.95 * len(ts)) - 1)], 2),
            "max_ms": round(ts[-1], 2)}  # fmt: skip


def count_queries(fn) -> tuple[int, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries), round(sum(float(q["time"]) for q in ctx.captured_queries) * 1000, 2)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=50, help="timed requests per measure (default 50)")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=5, help="round-robin passes the N requests are spread over")
    parser.add_argument("--name", default=dt.date.today().isoformat(), help="results file: bench/results/ranking-<name>.json")
    parser.add_argument("--reset", action="store_true", help="delete and regenerate the scoring data of the 2024 years")
    parser.add_argument("--debug", action="store_true", help="DEBUG on (default off, as in production)")
    args = parser.parse_args(argv)

    url = os.environ["DATABASE_URL"]
    name = urlparse(url).path.lstrip("/")
    if not (name == DB_NAME or (name.startswith(DB_NAME + "_") and name[len(DB_NAME) + 1:].isalnum())):
        sys.exit(f"DATABASE_URL must point at the {DB_NAME} database made by bench/generate.py, not {url!r}")
    os.environ["DEBUG"] = "1" if args.debug else "0"
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.ERROR)
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.test import Client
    from django.urls import reverse

    from thidua.org.models import Membership, Organizer, User
    from thidua.scoring import selectors

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        print("  applying new migrations to the bench database", file=sys.stderr)
        call_command("migrate", verbosity=0)
    if not Organizer.objects.filter(symbol=BENCH_ORGANIZER).exists():
        sys.exit("no bench data: run bench/generate.py first")
    t0 = time.perf_counter()
    data = generate(args.reset)
    print(f"  scoring data: {data['entries_written']} entries written in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    large, small = data["large"], data["small"]
    officer = User.objects.get(organizer__symbol=BENCH_ORGANIZER, is_organizer_officer=True, username__startswith="bench.")
    member_officer = (
        User.objects.filter(is_unit_officer=True, unit__in=Membership.objects.filter(cluster_year=large).values("unit")).first()
    )
    clients = {}
    for key, user in (("officer", officer), ("member", member_officer)):
        if user is not None:
            clients[key] = Client(raise_request_exception=False)
            clients[key].force_login(user, backend=BACKEND)

    def api(cy):
        return f"/api/v1/clusters/{cy.cluster_id}/years/{cy.year}/ranking/"

    def page(cy):
        return reverse("scoring_ranking", args=[cy.cluster_id, cy.year])

    # "cold": the ranking cache is emptied before each call, so the ranking is computed from
    # the sheets every time (the first request after any change); "warm": served from the
    # cache (every later request until a sheet, the members, the rules or the table change).
    measures = []
    for size, cy in (("large", large), ("small", small)):
        cy = type(cy).objects.select_related("cluster").get(pk=cy.pk)
        for cold in (True, False):
            state = "cold" if cold else "warm"
            measures.append({"label": f"selector ranking(), {state} ({size})", "size": size, "cold": cold,
                             "fn": lambda cy=cy: selectors.ranking(cy)})  # fmt: skip
            measures.append({"label": f"api ranking, organizer officer, {state} ({size})", "size": size, "cold": cold,
                             "path": api(cy), "client": "officer"})  # fmt: skip
        measures.append({"label": f"page xep-hang, organizer officer, warm ({size})", "size": size, "cold": False, "path": page(cy),
                         "client": "officer"})  # fmt: skip
    if "member" in clients:
        measures.append({"label": "api ranking, member unit officer, warm (large)", "size": "large", "cold": False, "path": api(large),
                         "client": "member"})  # fmt: skip

    for m in measures:
        if "path" in m:
            client = clients[m["client"]]
            response = client.get(m["path"])
            m["status"] = response.status_code
            m["bytes"] = len(response.content)
            m["fn"] = lambda client=client, path=m["path"]: client.get(path)
            if response.status_code != 200:
                print(f"  {m['label']}: HTTP {response.status_code}", file=sys.stderr)
        if m["cold"]:
            m["fn"] = lambda fn=m["fn"]: (cache.clear(), fn())
    check = selectors.ranking(large)
    ranked = [line for line in check.lines if line.rank is not None]
    assert len(ranked) == 20 and all(line.scorers == 19 for line in ranked), "the large year must rank 20 units with 19 sheets each"

    load_before = os.getloadavg()
    times = {m["label"]: [] for m in measures}
    for m in measures:
        for _ in range(args.warmup):
            m["fn"]()
    per_round = [args.n // args.rounds + (1 if r < args.n % args.rounds else 0) for r in range(args.rounds)]
    for count in per_round:
        for m in measures:
            times[m["label"]] += timed(m["fn"], count, 0)
    for m in measures:
        m |= summary(times[m["label"]])
        counts = [count_queries(m["fn"]) for _ in range(3)]
        m["queries"] = counts[-1][0]
        m["sql_ms"] = round(statistics.median(c[1] for c in counts), 2)
    load_after = os.getloadavg()

    by_kind: dict[str, dict[str, int]] = {}
    for m in measures:
        kind = m["label"].rsplit(" (", 1)[0]
        by_kind.setdefault(kind, {})[m["size"]] = m["queries"]
    invariance = {k: {"counts": v, "same": len(set(v.values())) == 1} for k, v in by_kind.items() if len(v) > 1}
    report = {
        "name": args.name, "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "debug": bool(int(os.environ["DEBUG"])),
        "database": "{HOST}:{PORT}/{NAME}".format(**connection.settings_dict), "vendor": connection.vendor,
        "python": sys.version.split()[0], "django": django.get_version(), "cores": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_before], "load_average_after": [round(x, 2) for x in load_after],
        "requests_per_measure": args.n, "large": describe(large), "small": describe(small),
        "measures": [{k: v for k, v in m.items() if k not in {"fn", "client"}} for m in measures],
        "query_count_invariance": invariance, "target_p50_ms": TARGET_P50_MS,
    }  # fmt: skip
    out = ROOT / "bench" / "results" / f"ranking-{args.name}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    print(f"\nRanking bench {report['date']} · {report['vendor']} {report['database']} · DEBUG={report['debug']} · "
          f"load {load_before[0]:.2f} → {load_after[0]:.2f}")  # fmt: skip
    for size in ("large", "small"):
        d = report[size]
        print(f"  {size}: {d['cluster_name']} {d['year']}: {d['units']} units × {d['criteria']} criteria × {d['scorers_per_unit']} scorers "
              f"= {d['sheets']} sheets, {d['entries']} entries")  # fmt: skip
    print(f"\n| measure | p50 ms | p95 ms | max ms | queries | SQL ms | p50 < {TARGET_P50_MS:.0f} ms |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for m in measures:
        ok = "ok" if m["p50_ms"] < TARGET_P50_MS else "**missed**"
        print(f"| {m['label']} | {m['p50_ms']} | {m['p95_ms']} | {m['max_ms']} | {m['queries']} | {m['sql_ms']} | {ok} |")
    print("\nQuery counts, large vs small:")
    for kind, v in invariance.items():
        print(f"  {kind}: {v['counts']['large']} vs {v['counts']['small']} — {'same' if v['same'] else 'DIFFERENT'}")
    print(f"\nwritten to {out.relative_to(ROOT)}")
    failed = any(m.get("status", 200) != 200 for m in measures) or not all(v["same"] for v in invariance.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Server time and SQL query counts of ThiDua's main pages and API endpoints on the bench
data (bench/generate.py), measured in-process with django.test.Client.

    DJANGO_SETTINGS_MODULE=thidua.settings.dev \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_bench \\
    .venv/bin/python bench/run.py [-n 50] [--name NAME] [--wait-idle MIN] [--check] [--sql LABEL]

In-process means no network, no web server and no TLS: what is measured is the time
Django (middleware, view, ORM, PostgreSQL round trips over the loopback, template or
serializer) takes to build the response. Each endpoint gets a few warm-up requests, then
N timed ones (time.perf_counter), spread round-robin over all endpoints in 5 passes; the
query count and SQL time come from three more requests under CaptureQueriesContext (kept
separate so that query capture does not slow the timed ones). DEBUG is off unless
--debug, as in production.

An endpoint whose URL does not resolve yet is reported as "missing" and skipped.
--check only probes the endpoints (exit status 1 if any is not 200): used to wait for the
pages to exist. --sql LABEL prints the SQL of one endpoint (to investigate a slow one).

Writes a table to stdout and bench/results/<name>.json (default name: today's date).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import statistics
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DB_NAME = "thidua_bench"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings.dev")
os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB_NAME}")

TARGET_P50_MS = 50.0
TARGET_X_BASELINE = 10.0  # every endpoint's p50 at most 10 × the bare view's, measured in the same run
BASELINE = "bare view (baseline)"
BENCH_ORGANIZER = "BNG"  # the organizer whose officer is measured (bench/generate.py's first)
BACKEND = "django.contrib.auth.backends.ModelBackend"


# --- the data set ----------------------------------------------------------------------
def pick_objects() -> dict:
    """The objects the pages are measured on, chosen by query so that run.py does not
    depend on primary keys: a "large" and a "small" object of each kind, all within the
    bench organizer's scope."""
    from django.db.models import Count, Exists, OuterRef, Q

    from thidua.org.models import Cluster, Membership, Organizer, UnitLineage, User

    org = Organizer.objects.get(symbol=BENCH_ORGANIZER)
    officer = User.objects.get(organizer=org, is_organizer_officer=True, username__startswith="bench.")
    clusters = Cluster.objects.filter(organizer=org).annotate(
        n_years=Count("years", distinct=True), n_members=Count("years__memberships")
    )
    big_cluster = clusters.filter(n_years=10, n_members=200).order_by("pk").first()
    small_cluster = clusters.filter(n_years=3).order_by("pk").first()

    from thidua.org.models import Unit

    units = Unit.objects.annotate(
        n_years=Count("memberships__year", filter=Q(memberships__organizer=org), distinct=True),
        n_all=Count("memberships", distinct=True),
        has_lineage=Exists(UnitLineage.objects.filter(Q(predecessor=OuterRef("pk")) | Q(successor=OuterRef("pk")))),
    )
    # Large: 10 years in the organizer's clusters, lineage, and the most memberships overall.
    big_unit = units.filter(n_years=10, has_lineage=True).order_by("-n_all", "pk").first()
    # Small: a single membership, no lineage — in a closed year, as the large unit's are, so
    # that both pages show the same panels (the scoring panel reads the rankings only when
    # the unit has a year whose ranking is published) and differ only in size.
    small_unit = (
        units.filter(n_years=1, n_all=1, has_lineage=False, memberships__year__lt=2025).order_by("pk").first()
        or units.filter(n_years=1, n_all=1, has_lineage=False).order_by("pk").first()
    )
    # A unit officer whose unit sits in the large cluster in 2025 (so it may see it).
    unit_officer = (
        User.objects.filter(is_unit_officer=True, username__startswith="bench.",
                            unit__memberships__cluster_year__cluster=big_cluster, unit__memberships__year=2025)
        .order_by("pk").first()
    )
    if unit_officer is None:  # fall back: any sampled officer of a unit in the organizer's clusters
        in_org = Membership.objects.filter(organizer=org).values("unit_id")
        unit_officer = User.objects.filter(is_unit_officer=True, unit_id__in=in_org).order_by("pk").first()
    admin = User.objects.filter(is_superuser=True, username__startswith="bench.").order_by("pk").first()
    objs = {
        "organizer": org, "officer": officer, "unit_officer": unit_officer, "admin": admin,
        "big_cluster": big_cluster, "small_cluster": small_cluster, "big_unit": big_unit, "small_unit": small_unit,
    }
    import voting_data  # bench/, the script's own directory

    if voting_data.present():  # the vote's pages (bench/voting_data.py); an older bench database lacks them
        objs |= voting_data.objects()
    else:
        print("  no vote data: run bench/generate.py again to add it; the vote's pages are skipped", file=sys.stderr)
    return objs


def describe(objs: dict) -> dict:
    from thidua.org.models import ClusterYear, Membership

    def cluster_info(c):
        years = ClusterYear.objects.filter(cluster=c)
        return {"pk": c.pk, "name": c.name, "years": years.count(),
                "memberships": Membership.objects.filter(cluster_year__cluster=c).count()}

    def unit_info(u):
        return {"pk": u.pk, "name": u.name, "memberships": u.memberships.count(),
                "years": u.memberships.values("year").distinct().count(),
                "predecessors": u.predecessor_links.count(), "successors": u.successor_links.count()}

    voting = {}
    if "polls" in objs:
        years, polls = objs["years"].items(), objs["polls"].items()
        voting = {"voting_officer": objs["voting_officer"].username,
                  "conference_years": {tag: {"cluster": cy.cluster_id, "members": cy.memberships.count()} for tag, cy in years},
                  "polls": {tag: {"pk": p.pk, "state": p.state, "ballots": p.results.get("ballots_cast")} for tag, p in polls}}
    return voting | {
        "organizer": objs["organizer"].name,
        "officer": objs["officer"].username,
        "unit_officer": f"{objs['unit_officer'].username} ({objs['unit_officer'].unit.name})",
        "big_cluster": cluster_info(objs["big_cluster"]), "small_cluster": cluster_info(objs["small_cluster"]),
        "big_unit": unit_info(objs["big_unit"]), "small_unit": unit_info(objs["small_unit"]),
    }


def row_counts() -> dict[str, int]:
    from thidua.org.models import Cluster, ClusterYear, Membership, Organizer, Province, Unit, UnitLineage, User

    return {m.__name__: m.objects.count() for m in (Province, Organizer, Unit, UnitLineage, Cluster, ClusterYear, Membership, User)}


def machine() -> dict:
    import django
    from django.db import connection

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    try:
        cores_available = len(os.sched_getaffinity(0))
    except AttributeError:
        cores_available = os.cpu_count()
    mem = ""
    try:
        mem_kb = int(next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")).split()[1])
        mem = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return {
        "cpu": cpu, "cores": os.cpu_count(), "cores_available": cores_available, "memory": mem,
        "os": platform.platform(), "python": platform.python_version(), "django": django.get_version(),
        "postgresql": pg, "database": "{HOST}:{PORT}/{NAME}".format(**connection.settings_dict),
    }


# --- endpoints -------------------------------------------------------------------------
class Endpoint:
    def __init__(self, label, url_name, args, fallback, *, user, query=None, pair=None, kind="page"):
        self.label, self.url_name, self.args, self.fallback = label, url_name, args, fallback
        self.user, self.query, self.pair, self.kind = user, query or {}, pair, kind

    def path(self) -> str:
        from django.urls import NoReverseMatch, reverse

        try:
            path = reverse(self.url_name, args=self.args) if self.url_name else self.fallback
        except (NoReverseMatch, ImportError):
            path = self.fallback
        return path + ("?" + urlencode(self.query) if self.query else "")


def endpoints(o: dict) -> list[Endpoint]:
    bc, sc, bu, su = o["big_cluster"].pk, o["small_cluster"].pk, o["big_unit"].pk, o["small_unit"].pk
    off, uo = "officer", "unit_officer"
    return [  # noqa: RUF005
        # The baseline: middleware, session and the signed-in user around an empty view (bench/bench_urls.py).
        Endpoint(BASELINE, "bench_whoami", [], "/__bench__/whoami/", user=off),
        # The floor of the API: the same plus DRF.
        Endpoint("api me", None, [], "/api/v1/me/", user=off, kind="api"),
        Endpoint("page cluster_list", "cluster_list", [], "/cum/", user=off),
        Endpoint("page cluster_list (admin, 320)", "cluster_list", [], "/cum/", user="admin"),
        Endpoint("page cluster_detail (10 y)", "cluster_detail", [bc], f"/cum/{bc}/", user=off, pair="cluster_detail"),
        Endpoint("page cluster_detail (3 y)", "cluster_detail", [sc], f"/cum/{sc}/", user=off, pair="cluster_detail"),
        Endpoint("page unit_detail (10 y+lineage)", "unit_detail", [bu], f"/don-vi/{bu}/", user=off, pair="unit_detail"),
        Endpoint("page unit_detail (1 membership)", "unit_detail", [su], f"/don-vi/{su}/", user=off, pair="unit_detail"),
        Endpoint("api units ?q=sở tư pháp", None, [], "/api/v1/units/", user=off, query={"q": "sở tư pháp"}, kind="api", pair="units_q"),
        Endpoint("api units ?q=sở tư pháp (unit)", None, [], "/api/v1/units/", user=uo, query={"q": "sở tư pháp"}, kind="api"),
        Endpoint("api units ?q=bhxh hà giang (2 hits)", None, [], "/api/v1/units/", user=off, query={"q": "bảo hiểm xã hội tỉnh hà giang"},
                 kind="api", pair="units_q"),
        Endpoint("api units ?active_on p1", None, [], "/api/v1/units/", user=off, query={"active_on": "2026-01-01"}, kind="api",
                 pair="units_active"),
        Endpoint("api units ?active_on offset=4000", None, [], "/api/v1/units/", user=off,
                 query={"active_on": "2026-01-01", "offset": 4000}, kind="api", pair="units_active"),
        Endpoint("api clusters", None, [], "/api/v1/clusters/", user=off, kind="api"),
        Endpoint("api clusters (unit officer)", None, [], "/api/v1/clusters/", user=uo, kind="api"),
        Endpoint("api clusters (admin, 320)", None, [], "/api/v1/clusters/", user="admin", kind="api"),
        Endpoint("api cluster-year 2025 (10 y)", None, [], f"/api/v1/clusters/{bc}/years/2025/", user=off, kind="api", pair="cluster_year"),
        Endpoint("api cluster-year 2025 (3 y)", None, [], f"/api/v1/clusters/{sc}/years/2025/", user=off, kind="api", pair="cluster_year"),
        Endpoint("api cluster-year 2025 (unit)", None, [], f"/api/v1/clusters/{bc}/years/2025/", user=uo, kind="api"),
    ] + vote_endpoints(o)


def vote_endpoints(o: dict) -> list[Endpoint]:
    """The conference page with 500, 20 and 10,000 members, its documents page with 500
    and 20, its quorum box with 10,000 and 20, the closed poll's page with 10,000, 500 and 20 ballots, as the vote organizer's
    officer (bench/voting_data.py)."""
    if "polls" not in o:
        return []
    years, polls, vo = o["years"], o["polls"], "voting_officer"

    def conference(tag, label):
        cy = years[tag]
        return Endpoint(label, "voting_conference", [cy.cluster_id, cy.year], f"/cum/{cy.cluster_id}/nam/{cy.year}/hoi-nghi/",
                        user=vo, pair="conference")

    def documents(tag, label):
        cy = years[tag]
        return Endpoint(label, "voting_conference_documents", [cy.cluster_id, cy.year],
                        f"/cum/{cy.cluster_id}/nam/{cy.year}/hoi-nghi/van-ban/", user=vo, pair="conference_documents")

    def quorum(tag, label):  # the box the room screen and every delegate's phone poll every 3 s
        cy = years[tag]
        return Endpoint(label, "voting_quorum", [cy.cluster_id, cy.year],
                        f"/cum/{cy.cluster_id}/nam/{cy.year}/hoi-nghi/diem-danh/trang-thai/", user=vo, pair="quorum")

    def poll(tag, label):
        pk = polls[tag].pk
        return Endpoint(label, "voting_poll", [pk], f"/bieu-quyet/{pk}/", user=vo, pair="poll")

    return [conference("K", "page conference (500 members)"), conference("S", "page conference (20 members)"),
            conference("B", "page conference (10,000 members)"),
            documents("K", "page conference docs (500 members)"), documents("S", "page conference docs (20 members)"),
            quorum("B", "quorum box (10,000 members)"), quorum("S", "quorum box (20 members)"),
            poll("B", "page poll closed (10,000 ballots)"), poll("K", "page poll closed (500 ballots)"),
            poll("S", "page poll closed (20 ballots)")]


def probe(client, path: str) -> tuple[str, int | None]:
    """("ok", 200) or ("missing", None) when no URL pattern matches, else ("status N", N)."""
    from django.urls import Resolver404, resolve

    try:
        resolve(urlparse(path).path)
    except Resolver404:
        return "missing", None
    except Exception as exc:  # the tree is being edited: a URLconf that does not import is reported, not fatal
        return f"error: {type(exc).__name__}", None
    response = client.get(path, HTTP_ACCEPT="text/html,application/json")
    return ("ok" if response.status_code == 200 else f"HTTP {response.status_code}"), response.status_code


def measure(targets: list[tuple[dict, object]], n: int, warmup: int, rounds: int) -> None:
    """Time every (row, client) target and fill its row. The N requests of an endpoint are
    spread over `rounds` round-robin passes over all endpoints, so that a burst of load on
    a shared machine spreads over all of them instead of spoiling one. Then three more
    requests each under CaptureQueriesContext give the query count and the SQL time
    (median), kept apart so that capturing does not slow the timed requests."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for row, client in targets:
        for _ in range(warmup):
            client.get(row["path"])
    times = {id(row): [] for row, _ in targets}
    cpu = {id(row): [] for row, _ in targets}  # this process's CPU (not PostgreSQL's): moved less by other work
    statuses = {id(row): set() for row, _ in targets}
    per_round = [n // rounds + (1 if r < n % rounds else 0) for r in range(rounds)]
    for count in per_round:
        for row, client in targets:
            for _ in range(count):
                t0, c0 = time.perf_counter(), time.process_time()
                response = client.get(row["path"])
                times[id(row)].append((time.perf_counter() - t0) * 1000)
                cpu[id(row)].append((time.process_time() - c0) * 1000)
                statuses[id(row)].add(response.status_code)
    for row, client in targets:
        sql_ms = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(row["path"])
            sql_ms.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
        ts = sorted(times[id(row)])
        row |= {
            "p50_ms": round(statistics.median(ts), 2),
            "p95_ms": round(ts[min(len(ts) - 1, round(0.95 * len(ts)) - 1)], 2),
            "max_ms": round(ts[-1], 2),
            "mean_ms": round(statistics.fmean(ts), 2),
            "cpu_p50_ms": round(statistics.median(cpu[id(row)]), 2),
            "queries": len(ctx.captured_queries),
            "sql_ms": round(statistics.median(sql_ms), 2),
            "bytes": len(response.content),
            "sql": [q["sql"] for q in ctx.captured_queries],
        }
        if statuses[id(row)] != {200}:
            row["status"] = "HTTP " + "/".join(map(str, sorted(statuses[id(row)])))


# --- main ------------------------------------------------------------------------------

def second_step(client, user) -> None:
    """The session as after the sign-in's second step (an authenticator app's code): the
    organizer's officers and the admin must have one (THIDUA_REQUIRE_2FA), and without it
    every page would send them to set it up. The device is the bench's own."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=50, help="timed requests per endpoint (default 50)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per endpoint first (default 5)")
    parser.add_argument("--rounds", type=int, default=5, help="round-robin passes the N requests are spread over (default 5)")
    parser.add_argument("--name", default=dt.date.today().isoformat(), help="results file name (bench/results/<name>.json)")
    parser.add_argument("--check", action="store_true", help="only probe the endpoints; exit 1 unless all answer 200")
    parser.add_argument("--sql", metavar="LABEL", help="print the SQL of the endpoints whose label contains LABEL")
    parser.add_argument("--debug", action="store_true", help="run with DEBUG on (the default is off, as in production)")
    parser.add_argument("--wait-idle", type=float, default=0, metavar="MINUTES",
                        help="first wait up to MINUTES for the 1-minute load average to fall below 0.5 (a shared machine)")
    args = parser.parse_args(argv)

    url = os.environ["DATABASE_URL"]
    name = urlparse(url).path.lstrip("/")
    if not (name == DB_NAME or (name.startswith(DB_NAME + "_") and name[len(DB_NAME) + 1:].isalnum())):
        sys.exit(f"DATABASE_URL must point at the {DB_NAME} database made by bench/generate.py, not {url!r}")
    os.environ["DEBUG"] = "1" if args.debug else "0"
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collected static files in a dev tree
    import django

    django.setup()
    from django.test.utils import override_settings

    # The product's URLs plus the bench-only baseline view; never a product route.
    override_settings(ROOT_URLCONF="bench_urls").enable()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the probes' 404s are reported in the table
    logging.getLogger("django.security").setLevel(logging.ERROR)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.test import Client

    from thidua.org.models import Organizer

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        print("  applying new migrations to the bench database", file=sys.stderr)
        call_command("migrate", verbosity=0)
    if not Organizer.objects.filter(symbol=BENCH_ORGANIZER).exists():
        sys.exit("no bench data: run bench/generate.py first")
    objs = pick_objects()
    clients = {}
    for role in ("officer", "unit_officer", "admin", "voting_officer"):
        if role not in objs:
            continue
        clients[role] = Client(raise_request_exception=False)  # a view that raises is reported as HTTP 500
        clients[role].force_login(objs[role], backend=BACKEND)
        second_step(clients[role], objs[role])

    if args.wait_idle and not args.check:
        deadline = time.monotonic() + args.wait_idle * 60
        while os.getloadavg()[0] >= 0.5 and time.monotonic() < deadline:
            print(f"  load average {os.getloadavg()[0]:.2f}: waiting for an idle machine", file=sys.stderr, flush=True)
            time.sleep(30)
    load_before = os.getloadavg()
    results, targets = [], []
    for ep in endpoints(objs):
        path = ep.path()
        client = clients[ep.user]
        status, code = probe(client, path)
        row = {"label": ep.label, "kind": ep.kind, "path": path, "user": objs[ep.user].username, "status": status, "pair": ep.pair}
        if code == 200:
            targets.append((row, client))
        results.append(row)
        print(f"  {ep.label:<36} {status}", file=sys.stderr, flush=True)
    if args.check:
        return 0 if len(targets) == len(results) else 1
    t0 = time.perf_counter()
    measure(targets, args.n, args.warmup, args.rounds)
    print(f"  measured {len(targets)} endpoints in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    base = next((row["p50_ms"] for row in results if row["label"] == BASELINE and "p50_ms" in row), None)
    for row in results:
        if base and "p50_ms" in row:
            row["x_baseline"] = round(row["p50_ms"] / base, 2)

    # Query counts must not depend on the size of the object.
    pairs = {}
    for row in results:
        if row["pair"] and "queries" in row:
            pairs.setdefault(row["pair"], []).append((row["label"], row["queries"]))
    invariance = {name: {"counts": dict(rows), "same": len({q for _, q in rows}) == 1} for name, rows in pairs.items() if len(rows) > 1}

    report = {
        "name": args.name, "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine() | {"load_average_before": [round(x, 2) for x in load_before],
                                "load_average_after": [round(x, 2) for x in os.getloadavg()]},
        "debug": settings.DEBUG, "requests_per_endpoint": args.n, "warmup": args.warmup, "rounds": args.rounds,
        "target_p50_ms": TARGET_P50_MS, "target_x_baseline": TARGET_X_BASELINE, "baseline_p50_ms": base,
        "rows": row_counts(), "objects": describe(objs),
        "results": [{k: v for k, v in row.items() if k not in ("sql", "pair")} for row in results],
        "query_count_invariance": invariance,
    }
    print_report(report)
    if args.sql:
        for row in results:
            if args.sql in row["label"] and "sql" in row:
                print(f"\n--- SQL of {row['label']} ({row['path']}) ---")
                for i, sql in enumerate(row["sql"], 1):
                    print(f"[{i}] {sql}\n")
    out = ROOT / "bench" / "results" / f"{args.name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nwritten {out.relative_to(ROOT)}")
    return 0


def print_report(report: dict) -> None:
    m = report["machine"]
    print(f"ThiDua bench — {report['date']}")
    print(f"{m['cpu']}, {m['cores_available']}/{m['cores']} cores, {m['memory']}; Python {m['python']}, Django {m['django']}, "
          f"PostgreSQL {m['postgresql']}; DEBUG={report['debug']}")
    print(f"load average (1/5/15 min) before {m['load_average_before']}, after {m['load_average_after']}")
    print("rows: " + ", ".join(f"{k} {v:,}" for k, v in report["rows"].items()))
    o = report["objects"]
    print(f"as {o['officer']} ({o['organizer']}) and {o['unit_officer']}")
    for key in ("big_cluster", "small_cluster", "big_unit", "small_unit", "voting_officer", "conference_years", "polls"):
        if key in o:
            print(f"  {key:<13} {o[key]}")
    print()
    header = (f"| {'endpoint':<36} | {'p50 ms':>7} | {'p95 ms':>7} | {'max ms':>7} | {'CPU ms':>6} | {'queries':>7} | {'SQL ms':>6} "
              f"| {'KiB':>6} "
              f"| {'× base':>6} | < 50 ms | ≤ 10× |")
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    for r in report["results"]:
        if "p50_ms" not in r:
            blank = f"| {'':>7} | {'':>7} | {'':>6} | {'':>7} | {'':>6} | {'':>6} | {'':>6} | {'—':<7} | {'—':<5} |"
            print(f"| {r['label']:<36} | {r['status']:>7} {blank}")
            continue
        ok = "ok" if r["p50_ms"] < report["target_p50_ms"] else "MISSED"
        x = r.get("x_baseline")
        ok_x = "—" if x is None else ("ok" if x <= report["target_x_baseline"] else "MISSED")
        print(f"| {r['label']:<36} | {r['p50_ms']:>7.1f} | {r['p95_ms']:>7.1f} | {r['max_ms']:>7.1f} | {r.get('cpu_p50_ms', 0):>6.1f} "
              f"| {r['queries']:>7} "
              f"| {r['sql_ms']:>6.1f} | {r['bytes'] / 1024:>6.1f} | {'' if x is None else f'{x:.1f}×':>6} | {ok:<7} | {ok_x:<5} |")
    print()
    for name, inv in report["query_count_invariance"].items():
        counts = ", ".join(f"{label}: {q}" for label, q in inv["counts"].items())
        print(f"query count independent of size — {name}: {'yes' if inv['same'] else 'NO'} ({counts})")


if __name__ == "__main__":
    raise SystemExit(main())

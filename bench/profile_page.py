"""Where a page's server CPU goes: the conference page (as the leader unit's officer) of a
cluster-year with --members member units, requested N times in process (Django's test
client, the whole middleware stack), with production settings, on a throw-away test
database (SQLite in memory, or PostgreSQL's `test_<name>` when DATABASE_URL is set).

    .venv/bin/python bench/profile_page.py [--members 500] [-n 100] [--top 30] [--sort tottime|cumulative]

It prints the CPU time per request (time.process_time: this process only, so the
database server's own work is not in it; least and median batch of 10, without cProfile)
for the large year and for a 20-member one measured in the same run, then cProfile's top
functions for the large one. CPU time, unlike wall time, barely moves when other work
shares the machine, so two runs can be compared (bench/README.md "Pages")."""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import ballots  # noqa: E402  (bench/ballots.py: its settings and year builder)


def cpu_per_request(get, n: int) -> tuple[float, float]:
    batches = []
    for _ in range(max(1, n // 10)):
        cpu0 = time.process_time()
        for _ in range(10):
            get()
        batches.append((time.process_time() - cpu0) * 1000 / 10)
    return min(batches), sorted(batches)[len(batches) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("-n", type=int, default=100, help="requests measured per year")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumulative"])
    parser.add_argument("--sql", action="store_true", help="print the large page's statements")
    parser.add_argument("--callees", default="", help="also print what the functions matching this call")
    args = parser.parse_args()
    os.environ.update({k: v for k, v in ballots.ENV.items() if k != "DB_CONN_MAX_AGE"})
    Path(ballots.ENV["THIDUA_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    # Not django.test.utils.setup_test_environment(): its instrumented template rendering
    # copies every context for the test client, a cost production does not have.
    # Production settings keep static files in a manifest made by collectstatic; the bench
    # has none, and a URL from the plain storage costs the page the same.
    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        results = {}
        for tag, members in (("L", args.members), ("S", 20)):
            cy, _units, officer, _ = ballots.make_year(tag, members, with_accounts=False)
            client = Client(SERVER_NAME="127.0.0.1")
            client.force_login(officer)
            url = f"/cum/{cy.cluster_id}/nam/{cy.year}/hoi-nghi/"

            def get(client=client, url=url):
                response = client.get(url)
                assert response.status_code == 200, response.status_code

            for _ in range(3):
                get()
            with CaptureQueriesContext(connection) as queries:
                get()
            if args.sql and tag == "L":
                for q in queries.captured_queries:
                    print(q["sql"][:300])
            results[tag] = (members, len(queries), *cpu_per_request(get, args.n), get)
        members, _, _, _, get = results["L"]
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.n):
            get()
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats(args.sort)
        stats.print_stats(args.top)
        if args.callees:
            stats.print_callees(args.callees)
        print(out.getvalue())
        print(f"database: {connection.vendor}; load average {os.getloadavg()[0]:.1f}")
        for tag in ("L", "S"):
            members, count, least, median, _ = results[tag]
            print(f"conference page, {members} members: {count} queries; CPU per request {least:.2f} ms least batch, "
                  f"{median:.2f} ms median batch")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

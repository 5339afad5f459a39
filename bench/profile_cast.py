"""Where a ballot's server CPU goes: N casts through the API view in process (Django's test
client, the whole middleware stack, knox token authentication, DRF, the service, the
seal, the audit event), with production settings, on a throw-away test database
(SQLite in memory, or PostgreSQL's `test_<name>` when DATABASE_URL is set).

    .venv/bin/python bench/profile_cast.py [-n 200] [--top 30] [--sort tottime|cumulative]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_speed .venv/bin/python bench/profile_cast.py

It prints the CPU time per cast (time.process_time: this process only, so PostgreSQL's own
work is not in it; the same figure with and without cProfile, which inflates it) and
cProfile's top functions. CPU time, unlike wall time, barely moves when other work shares
the machine, so the figures of two runs can be compared (bench/README.md "Ballots")."""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import ballots  # noqa: E402  (bench/ballots.py: its settings, year and poll builders)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=200, help="casts measured (one voter each)")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumulative"])
    parser.add_argument("--callees", default="", help="also print what the functions matching this call")
    args = parser.parse_args()
    os.environ.update({k: v for k, v in ballots.ENV.items() if k != "DB_CONN_MAX_AGE"})
    Path(ballots.ENV["THIDUA_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        n = args.n
        cy, units, officer, delegates = ballots.make_year("C", 2 * n + 4, with_accounts=True)
        poll = ballots.open_poll(cy, units, officer, "Hồ sơ CPU một lá phiếu")
        client = Client(SERVER_NAME="127.0.0.1")
        url = f"/api/v1/polls/{poll.pk}/ballots/"

        def cast(i: int) -> None:
            response = client.post(url, data=json.dumps({"choices": [units[1 + i % 5].pk]}), content_type="application/json",
                                   HTTP_AUTHORIZATION=f"Token {ballots.TOKENS[delegates[i].pk]}")
            assert response.status_code == 201, response.content[:300]

        for i in range(4):  # warm-up: the audit chain, caches, imports
            cast(i)
        # CPU time per cast in batches of 20: the least batch is the figure least moved by
        # other work on the machine (which still slows a process sharing its core's caches).
        batches, i = [], 4
        while i + 20 <= 4 + n:
            cpu0 = time.process_time()
            for k in range(i, i + 20):
                cast(k)
            batches.append((time.process_time() - cpu0) * 1000 / 20)
            i += 20
        plain = min(batches)
        median = sorted(batches)[len(batches) // 2]
        profiler = cProfile.Profile()
        cpu0 = time.process_time()
        profiler.enable()
        for i in range(4 + n, 4 + 2 * n):
            cast(i)
        profiler.disable()
        profiled = (time.process_time() - cpu0) * 1000 / n
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats(args.sort)
        stats.print_stats(args.top)
        if args.callees:
            stats.print_callees(args.callees)
        print(out.getvalue())
        print(f"database: {connection.vendor}; casts: {n}")
        print(f"CPU per cast: {plain:.2f} ms least batch, {median:.2f} ms median batch (without cProfile); "
              f"{profiled:.2f} ms under cProfile; load average {os.getloadavg()[0]:.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

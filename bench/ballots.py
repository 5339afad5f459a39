"""The secret ballot under load: 500 ballots cast at once into one poll through the HTTP
API, served by gunicorn with production settings on 127.0.0.1, on PostgreSQL; two
clusters' polls cast at once; then the tally of a poll of 10,000 ballots.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_voting .venv/bin/python bench/ballots.py [--voters 500]
        [--doubles 100] [--parallel 200] [--big 10000] [--workers 2] [--threads 2] [--port 8791] [--name NAME] [--readme]

The database's name must contain "voting": the bench drops and recreates it.

What it does:
0. Statements per cast: in process, before the server starts, one ballot is cast through
   the same API view (token authentication included) with every SQL statement counted
   (Django's CaptureQueriesContext, which logs the transaction's BEGIN and COMMIT too).
1. Recreates the database (it refuses a name without "voting": it drops it) and
   migrates it. Writes, with bulk_create (no audit events, bench only): a cluster-year in
   the conference phase with `--voters` member units, one delegate account per unit with
   an API token, all checked in; then creates and opens an approval poll (5 candidates,
   up to 2 choices) through the services, as the leader unit's officer.
2. Starts gunicorn (`thidua.wsgi:application`, thidua.settings.production, DEBUG off,
   127.0.0.1 only, gthread workers) and waits until it answers.
3. Releases `--voters` + `--doubles` threads at once (a barrier): every delegate posts its
   ballot to POST /api/v1/polls/{id}/ballots/, and `--doubles` of them post a second
   ballot at the same moment (a double click, a second tab). One HTTP connection per
   request. Reports ballots/s (accepted ballots over the wall time from release to the
   last answer), latency percentiles, errors (anything but 201, and 409 for the second
   attempts), duplicates (a unit with two accepted ballots; ballots in the database beyond
   the participations) and lost ballots (a receipt answered 201 missing from the published
   list, or published ballots != 201 answers).
4. Closes the poll through the API (timed) and checks the published digest against an
   independent recomputation from the published ballots, and a recount.
4b. Two clusters at once: two cluster-years of `--parallel` units each (each cluster has
   its own audit chain), both polls open, every delegate of both released together;
   reports each cluster's ballots/s and how much their casting windows overlap. Then a
   transaction holds cluster X's audit chain head (SELECT ... FOR UPDATE) for 1.5 s
   while 20 delegates of cluster Y cast: Y's slowest answer shows whether X's lock
   delays Y (it must not: the chains are per cluster).
5. Tally at scale: a second cluster-year of `--big` units and a poll with `--big` ballots
   and participations written with bulk_create; times `services.poll_close` (count,
   threshold, canonical list, SHA-256 digest, results, audit) in process, and
   GET /api/v1/polls/{id}/ (all ballots in the answer) through gunicorn.

Writes bench/results/ballots-<name>.json and prints a Markdown section; --readme appends
it to bench/README.md."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import http.client
import json
import os
import platform
import random
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DB_NAME = "thidua_voting"
PORT = 8791  # --port
BIN = Path(sys.executable).parent  # the venv running this script (gunicorn is beside it)
ENV = {
    "DJANGO_SETTINGS_MODULE": "thidua.settings.production",
    "SECRET_KEY": "bench-only-" + secrets.token_urlsafe(24),
    "BALLOT_SEALING_SECRET": "bench-only-" + secrets.token_urlsafe(32),
    "AUDIT_SECRET": "bench-only-" + secrets.token_urlsafe(32),
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_HSTS_SECONDS": "0",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "DB_CONN_MAX_AGE": "60",
    "LOG_LEVEL": "WARNING",
    "THIDUA_VAR_DIR": "/tmp/thidua-ballots-bench",
}


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    if not values:
        return 0.0
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


# --- the database -------------------------------------------------------------------------------------
def reset_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if "voting" not in name or not name.replace("_", "").isalnum():
        sys.exit(f"bench/ballots.py drops its database: it only runs on a database named like `{DB_NAME}`, not `{name}`.")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_django() -> None:
    os.environ.update(ENV)
    Path(ENV["THIDUA_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    import django

    django.setup()


TOKENS: dict[int, str] = {}  # user id -> API token (knox keeps only a hash, so the bench remembers them)


def issue_tokens(users) -> None:
    """One API token per user, written in bulk (AuthToken.objects.create is one INSERT each)."""
    from django.utils import timezone
    from knox.models import AuthToken, get_digest_token
    from knox.settings import CONSTANTS, knox_settings

    rows = []
    for user in users:
        digest, token = get_digest_token()
        TOKENS[user.pk] = token
        rows.append(AuthToken(digest=digest, token_key=token[:CONSTANTS.TOKEN_KEY_LENGTH], user=user,
                              expiry=timezone.now() + knox_settings.TOKEN_TTL))
    AuthToken.objects.bulk_create(rows, batch_size=2000)


def make_year(tag: str, n: int, *, with_accounts: bool):
    """A cluster-year in the conference phase with n member units (all present)."""
    from django.contrib.auth.hashers import make_password

    from thidua.org.models import Cluster, ClusterYear, Membership, Organizer, Phase, Role, Unit, User
    from thidua.voting.models import CheckIn, Conference
    from thidua.voting.year_rows import conference_create

    organizer = Organizer.objects.create(name=f"Bộ thử tải {tag}", symbol=f"BTT{tag}")
    cluster = Cluster.objects.create(organizer=organizer, number=tag, name=f"Cụm thi đua thử tải {tag}")
    cy = ClusterYear.objects.create(cluster=cluster, year=2026, phase=Phase.CONFERENCE, member_count=n)  # as the service keeps it
    units = Unit.objects.bulk_create([
        Unit(name=f"Đơn vị thử tải {tag}-{i:05d}", symbol="DV", kind=Unit.Kind.OTHER, managed_by=organizer,
             search_name=f"don vi thu tai {tag}-{i:05d}")
        for i in range(n)
    ], batch_size=2000)
    Membership.objects.bulk_create([
        Membership(cluster_year=cy, unit=u, role=Role.LEADER if i == 0 else Role.MEMBER, organizer=organizer, year=2026, sort_name=u.name)
        for i, u in enumerate(units)
    ], batch_size=2000)
    password = make_password("ThiDua-bench-2026")
    officer = User.objects.create(username=f"bench.vote{tag}.officer", unit=units[0], is_unit_officer=True, password=password)
    delegates = []
    if with_accounts:
        delegates = User.objects.bulk_create([
            User(username=f"bench.vote{tag}.{i:05d}", full_name=f"Đại biểu {i}", unit=u, is_delegate=True, is_unit_head=True,
                 password=password)  # the unit's head: it votes for its unit without naming a delegate
            for i, u in enumerate(units)
        ], batch_size=2000)
        issue_tokens(delegates)
    issue_tokens([officer])
    conference = conference_create(actor=None, cluster_year=cy)  # what the year's creation does
    CheckIn.objects.bulk_create([CheckIn(conference=conference, unit=u) for u in units], batch_size=2000)
    Conference.objects.filter(pk=conference.pk).update(present_count=n)  # as the check-ins keep it
    return cy, units, officer, delegates


# --- HTTP -----------------------------------------------------------------------------------------------
def request(method: str, path: str, token: str, body: dict | None = None, timeout: float = 120.0):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
        if payload is not None:
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=payload, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def start_gunicorn(workers: int, threads: int) -> subprocess.Popen:
    env = {**os.environ, **ENV, "PYTHONPATH": str(ROOT / "src")}
    cmd = [str(BIN / "gunicorn"), "thidua.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
           "--workers", str(workers), "--threads", str(threads), "--backlog", "2048",
           "--timeout", "120", "--log-level", "warning"]
    proc = subprocess.Popen(cmd, env=env, cwd=str(ROOT), start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            status, _ = request("GET", "/api/v1/me/", "x", timeout=2)
            if status in (200, 401, 403):
                return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    sys.exit("gunicorn did not start")


def stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)


# --- the runs ---------------------------------------------------------------------------------------------
def cast_wave(poll_id: int, units, tokens: list[str], doubles: int, candidates: list[int]) -> dict:
    rng = random.Random(7)
    calls = [(i, tokens[i], rng.sample(candidates, rng.choice([1, 2]))) for i in range(len(tokens))]
    calls += [(i, tokens[i], rng.sample(candidates, 1)) for i in rng.sample(range(len(tokens)), doubles)]
    rng.shuffle(calls)
    barrier = threading.Barrier(len(calls) + 1)
    results: list = [None] * len(calls)

    def worker(k: int, voter: int, token: str, choice: list[int]) -> None:
        barrier.wait()
        t0 = time.perf_counter()
        try:
            status, body = request("POST", f"/api/v1/polls/{poll_id}/ballots/", token, {"choices": choice})
        except OSError as exc:
            status, body = 0, str(exc).encode()
        results[k] = (voter, status, body, time.perf_counter() - t0, time.perf_counter())

    threads = [threading.Thread(target=worker, args=(k, *call)) for k, call in enumerate(calls)]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    wall = max(r[4] for r in results) - start
    accepted: dict[int, list[str]] = {}
    refused, errors = 0, []
    for voter, status, body, _lat, _end in results:
        if status == 201:
            accepted.setdefault(voter, []).append(json.loads(body)["receipt"])
        elif status == 409 and json.loads(body).get("detail") == "Đơn vị của bạn đã bỏ phiếu":
            refused += 1
        else:
            errors.append((status, body[:200].decode(errors="replace")))
    latencies = [r[3] * 1000 for r in results]
    return {"requests": len(calls), "accepted": sum(len(v) for v in accepted.values()), "voters_accepted": len(accepted),
            "second_attempts_refused_409": refused, "errors": len(errors), "error_samples": errors[:5],
            "duplicates_in_answers": sum(len(v) - 1 for v in accepted.values()),
            "receipts": sorted(r for v in accepted.values() for r in v), "wall_s": wall,
            "ballots_per_s": sum(len(v) for v in accepted.values()) / wall if wall else 0.0,
            "latency_ms": {"p50": percentile(latencies, 50), "p95": percentile(latencies, 95), "p99": percentile(latencies, 99),
                           "max": max(latencies), "mean": statistics.fmean(latencies)}}


def open_poll(cy, units, officer, title: str):
    from thidua.voting import services

    poll = services.poll_create(actor=officer, cluster_year=cy, data={
        "kind": "merit", "title": title, "method": "approval", "max_choices": 2, "seats": 2,
        "threshold": {"base": "members", "percent": 30, "strict": False}, "candidates": units[1:6],
    })
    return services.poll_open(actor=officer, poll=poll)


def statements_per_cast() -> dict:
    """Cast one ballot in process through the API view (token authentication included) and
    count its SQL statements; a first ballot opens the cluster's audit chain, the second is
    measured."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cy, units, officer, delegates = make_year("P", 62, with_accounts=True)
    poll = open_poll(cy, units, officer, "Thử tải: đếm câu lệnh")
    client = Client(SERVER_NAME="127.0.0.1")
    measured = {}
    for i in (0, 1):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(f"/api/v1/polls/{poll.pk}/ballots/", data=json.dumps({"choices": [units[1].pk]}),
                                   content_type="application/json", HTTP_AUTHORIZATION=f"Token {TOKENS[delegates[i].pk]}")
        assert response.status_code == 201, response.content[:300]
        measured = {"django": len(queries), "sql": [q["sql"][:90] for q in queries]}
    cpu0, casts = time.process_time(), 0
    for delegate in delegates[2:]:  # the CPU a cast costs the server (client and network left out)
        response = client.post(f"/api/v1/polls/{poll.pk}/ballots/", data=json.dumps({"choices": [units[2].pk]}),
                               content_type="application/json", HTTP_AUTHORIZATION=f"Token {TOKENS[delegate.pk]}")
        casts += response.status_code == 201
    measured["cpu_ms_per_cast"] = (time.process_time() - cpu0) * 1000 / max(casts, 1)
    measured["cpu_casts"] = casts
    # Django logs the transaction's BEGIN and COMMIT with the statements (4.2+); count them once either way
    control = 0 if any(q.startswith("BEGIN") for q in measured["sql"]) else 2
    return {"statements": measured["django"] + control, "transaction_counted": control == 0, "sql": measured["sql"],
            "cpu_ms_per_cast": measured["cpu_ms_per_cast"], "cpu_casts": measured["cpu_casts"]}


def two_clusters_at_once(n: int) -> dict:
    """n delegates of cluster X and n of cluster Y released together, each into its own
    cluster's poll; then cluster X's audit chain head held for 1.5 s while Y casts."""
    from django.db import connections

    from thidua.core.audit import chain_for

    years = {}
    for tag in ("X", "Y"):
        cy, units, officer, delegates = make_year(tag, n + 20, with_accounts=True)
        poll = open_poll(cy, units, officer, f"Thử tải: cụm {tag}")
        years[tag] = (cy, poll, [TOKENS[d.pk] for d in delegates], [u.pk for u in units[1:6]])
    connections.close_all()
    rng = random.Random(5)
    calls = [(tag, years[tag][1].pk, years[tag][2][i], rng.sample(years[tag][3], 2)) for tag in ("X", "Y") for i in range(n)]
    rng.shuffle(calls)
    results = run_calls(calls)
    out = {"per_cluster": n}
    for tag in ("X", "Y"):
        mine = [r for r in results if r[0] == tag]
        ok = [r for r in mine if r[1] == 201]
        out[tag] = {"accepted": len(ok), "errors": len(mine) - len(ok), "first_s": min(r[4] for r in ok), "last_s": max(r[4] for r in ok),
                    "p95_ms": percentile([r[3] * 1000 for r in mine], 95)}
        out[tag]["ballots_per_s"] = len(ok) / out[tag]["last_s"] if out[tag]["last_s"] else 0.0
    both = [r for r in results if r[1] == 201]
    out["total_ballots_per_s"] = len(both) / max(r[4] for r in both)
    overlap = min(out["X"]["last_s"], out["Y"]["last_s"]) - max(out["X"]["first_s"], out["Y"]["first_s"])
    span = max(out["X"]["last_s"], out["Y"]["last_s"]) - min(out["X"]["first_s"], out["Y"]["first_s"])
    out["overlap"] = max(overlap, 0.0) / span if span else 0.0
    # Hold X's chain head (as a long audited transaction of cluster X would) while Y casts.
    import psycopg

    x_chain = chain_for(organizer_id=years["X"][0].cluster.organizer_id, cluster_id=years["X"][0].cluster_id)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with psycopg.connect(os.environ["DATABASE_URL"]) as conn, conn.transaction():
            conn.execute("SELECT seq FROM core_audithead WHERE chain = %s FOR UPDATE", [x_chain])
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    t0 = time.perf_counter()
    y_calls = [("Y", years["Y"][1].pk, years["Y"][2][n + i], rng.sample(years["Y"][3], 2)) for i in range(20)]
    # Two of X's ballots wait for the hold: fewer than a worker's threads, so that no gunicorn
    # worker has every thread waiting on X (its queued Y requests would wait too, which
    # measures the server's thread pool, not the audit chains).
    x_calls = [("X", years["X"][1].pk, years["X"][2][n + i], rng.sample(years["X"][3], 2)) for i in range(2)]
    timer = threading.Timer(1.5, release.set)
    timer.start()
    during = run_calls(y_calls + x_calls)
    holder.join()
    y = [r for r in during if r[0] == "Y"]
    x = [r for r in during if r[0] == "X"]
    out["held"] = {"hold_s": 1.5, "y_accepted": sum(r[1] == 201 for r in y), "y_max_ms": max(r[3] for r in y) * 1000,
                   "x_accepted": sum(r[1] == 201 for r in x), "x_min_ms": min(r[3] for r in x) * 1000,
                   "wall_s": time.perf_counter() - t0}
    return out


def run_calls(calls) -> list:
    """[(key, status, body, latency s, end s after the release)] of POSTed ballots, all released at once."""
    barrier = threading.Barrier(len(calls) + 1)
    results: list = [None] * len(calls)
    start = [0.0]

    def worker(k: int, key: str, poll_id: int, token: str, choice: list[int]) -> None:
        barrier.wait()
        t0 = time.perf_counter()
        try:
            status, body = request("POST", f"/api/v1/polls/{poll_id}/ballots/", token, {"choices": choice})
        except OSError as exc:
            status, body = 0, str(exc).encode()
        end = time.perf_counter()
        results[k] = (key, status, body, end - t0, end)

    threads = [threading.Thread(target=worker, args=(k, *call)) for k, call in enumerate(calls)]
    for t in threads:
        t.start()
    barrier.wait()
    start[0] = time.perf_counter()
    for t in threads:
        t.join()
    return [(key, status, body, lat, end - start[0]) for key, status, body, lat, end in results]


def big_tally(n: int) -> dict:
    from thidua.org.models import Phase  # noqa: F401
    from thidua.voting import sealing, services, tally
    from thidua.voting.models import Participation, Poll, SealedBallot

    cy, units, officer, _ = make_year("B", n, with_accounts=False)
    candidates = units[1:6]
    poll = services.poll_create(actor=officer, cluster_year=cy, data={
        "kind": "flag", "title": f"Thử tải: kiểm {n} phiếu", "method": "approval", "max_choices": 2, "seats": 2,
        "threshold": {"base": "members", "percent": 30, "strict": False}, "candidates": candidates,
    })
    poll = services.poll_open(actor=officer, poll=poll)
    rng = random.Random(11)
    ids = [c.pk for c in candidates]
    receipts: set[str] = set()
    while len(receipts) < n:
        receipts.add(services.new_receipt())
    t0 = time.perf_counter()
    Participation.objects.bulk_create([Participation(poll=poll, unit=u, delegate=officer) for u in units], batch_size=5000)
    sealed = [sealing.seal(poll_id=poll.pk, salt=poll.seal_salt, candidates=len(ids),
                           entry=tally.canonical_entry(poll.method, r, sorted(rng.sample(ids, rng.choice([0, 1, 2, 2])))))
              for r in receipts]  # as the casts store them: the close opens them all
    SealedBallot.objects.bulk_create([SealedBallot(poll=poll, nonce=n, ciphertext=c) for n, c in sealed], batch_size=5000)
    write_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    services.poll_close(actor=officer, poll=Poll.objects.get(pk=poll.pk))
    close_s = time.perf_counter() - t0
    poll = Poll.objects.get(pk=poll.pk)
    return {"ballots": n, "bulk_write_s": write_s, "close_tally_s": close_s, "poll_id": poll.pk, "digest": poll.digest,
            "votes": {str(r["candidate"]): r["votes"] for r in poll.results["rows"]}, "officer_token": TOKENS[officer.pk]}


def verify(data: dict) -> tuple[bool, bool]:
    text = json.dumps(data["ballots"], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    digest_ok = hashlib.sha256(text.encode("utf-8")).hexdigest() == data["digest"]
    recount = {str(c["unit"]): 0 for c in data["candidates"]}
    for b in data["ballots"]:
        for c in b["choices"]:
            recount[str(c)] += 1
    recount_ok = recount == {str(r["candidate"]): r["votes"] for r in data["results"]}
    return digest_ok, recount_ok


def main() -> None:
    global PORT
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voters", type=int, default=500)
    parser.add_argument("--doubles", type=int, default=100, help="voters who send a second ballot at the same moment")
    parser.add_argument("--big", type=int, default=10_000, help="ballots in the tally run")
    parser.add_argument("--workers", type=int, default=2)
    # The project's gunicorn.conf.py (read from the root: gthread, connections = threads,
    # the app preloaded and warmed) with as many workers as cores and its 2 threads each.
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--parallel", type=int, default=200, help="delegates per cluster in the two-clusters run")
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--name", default=dt.date.today().isoformat())
    parser.add_argument("--readme", action="store_true", help="append the Markdown section to bench/README.md")
    args = parser.parse_args()
    PORT = args.port
    url = os.environ.get("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB_NAME}")
    os.environ["DATABASE_URL"] = url
    load_before = os.getloadavg()[0]
    reset_database(url)
    setup_django()
    from django.core.management import call_command

    from thidua.voting import services
    from thidua.voting.models import Ballot, Participation

    call_command("migrate", verbosity=0)
    statements = statements_per_cast()
    t0 = time.perf_counter()
    cy, units, officer, delegates = make_year("A", args.voters, with_accounts=True)
    candidates = units[1:6]
    poll = services.poll_create(actor=officer, cluster_year=cy, data={
        "kind": "merit", "title": "Thử tải: bỏ phiếu đồng thời", "method": "approval", "max_choices": 2, "seats": 2,
        "threshold": {"base": "members", "percent": 30, "strict": False}, "candidates": candidates,
    })
    poll = services.poll_open(actor=officer, poll=poll)
    tokens = [TOKENS[d.pk] for d in delegates]
    setup_s = time.perf_counter() - t0
    from django.db import connections

    connections.close_all()
    proc = start_gunicorn(args.workers, args.threads)
    try:
        wave = cast_wave(poll.pk, units, tokens, args.doubles, [c.pk for c in candidates])
        t0 = time.perf_counter()
        status, body = request("POST", f"/api/v1/polls/{poll.pk}/close/", TOKENS[officer.pk])
        close_s = time.perf_counter() - t0
        assert status == 200, body[:300]
        status, body = request("GET", f"/api/v1/polls/{poll.pk}/", tokens[0])
        published = json.loads(body)
        digest_ok, recount_ok = verify(published)
        published_receipts = sorted(b["receipt"] for b in published["ballots"])
        db_ballots = Ballot.objects.filter(poll_id=poll.pk).count()
        db_participations = Participation.objects.filter(poll_id=poll.pk).count()
        lost = len(set(wave["receipts"]) - set(published_receipts)) + max(0, wave["accepted"] - len(published_receipts))
        duplicates = (wave["duplicates_in_answers"] + max(0, db_ballots - db_participations)
                      + max(0, len(published_receipts) - wave["accepted"]))
        connections.close_all()
        parallel = two_clusters_at_once(args.parallel)
        connections.close_all()
        big = big_tally(args.big)
        t0 = time.perf_counter()
        status, body = request("GET", f"/api/v1/polls/{big['poll_id']}/", big["officer_token"])
        get_big_s = time.perf_counter() - t0
        big_data = json.loads(body)
        big_digest_ok, big_recount_ok = verify(big_data)
    finally:
        stop(proc)
    cpu = os.cpu_count()
    with connections["default"].cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    result = {
        "name": args.name, "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": cpu, "python": platform.python_version(), "postgresql": pg_version, "platform": platform.platform(),
                    "load_average_before": round(load_before, 2)},
        "server": {"gunicorn": f"{args.workers} gthread workers x {args.threads} threads (gunicorn.conf.py)",
                   "settings": "thidua.settings.production"},
        "setup_s": setup_s, "statements_per_cast": statements, "two_clusters": parallel,
        "load_average_after": round(os.getloadavg()[0], 2),
        "cast": {k: v for k, v in wave.items() if k != "receipts"} | {
            "voters": args.voters, "second_attempts": args.doubles, "duplicates": duplicates, "lost": lost,
            "db_ballots": db_ballots, "db_participations": db_participations, "published": len(published_receipts),
            "close_s": close_s, "digest_ok": digest_ok, "recount_ok": recount_ok,
        },
        "tally": {k: v for k, v in big.items() if k != "officer_token"} | {
            "get_poll_s": get_big_s, "get_bytes": len(body), "digest_ok": big_digest_ok, "recount_ok": big_recount_ok,
        },
    }
    out = ROOT / "bench" / "results" / f"ballots-{args.name}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    section = markdown(result)
    print(section)
    print(f"(written to {out.relative_to(ROOT)})")
    if args.readme:
        with open(ROOT / "bench" / "README.md", "a", encoding="utf-8") as readme:
            readme.write("\n" + section)
    ok = (wave["errors"] == 0 and duplicates == 0 and lost == 0 and digest_ok and recount_ok and big_digest_ok and big_recount_ok
          and wave["second_attempts_refused_409"] == args.doubles and statements["statements"] <= 10
          and parallel["X"]["errors"] == parallel["Y"]["errors"] == 0)
    sys.exit(0 if ok else 1)


def markdown(r: dict) -> str:
    c, t, lat = r["cast"], r["tally"], r["cast"]["latency_ms"]
    two, held, st = r["two_clusters"], r["two_clusters"]["held"], r["statements_per_cast"]
    checks = f"{'equal' if c['digest_ok'] else 'DIFFERENT'} / {'equal' if c['recount_ok'] else 'DIFFERENT'}"
    workers, threads = (part.split()[0] for part in r["server"]["gunicorn"].split(" x "))

    def window(tag: str) -> str:
        return f"{two[tag]['first_s']:.2f}–{two[tag]['last_s']:.2f} s"

    return f"""## The secret ballot under load (`ballots.py`)

```sh
DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_voting .venv/bin/python bench/ballots.py [--readme]
```

`bench/ballots.py` recreates its database (the name must contain "voting"), writes a
cluster-year of {c['voters']} member units with one account (the unit's head) and API token
each (bulk_create, bench only), opens an approval poll (5 candidates, up to 2 choices)
through the services, and starts gunicorn with `thidua.settings.production` on 127.0.0.1
({r['server']['gunicorn']}). Then {c['voters'] + c['second_attempts']} threads are released
at once: every delegate posts its ballot to `POST /api/v1/polls/{{id}}/ballots/`, and
{c['second_attempts']} of them post a second ballot at the same moment (a double click, a second tab).
One HTTP connection per request; the client runs on the same machine. Then it closes the poll
through the API, recomputes the digest from the published list and recounts it. Then two
clusters' polls are cast at once ({two['per_cluster']} delegates each), and a transaction holds
cluster X's audit chain while cluster Y casts. Last, it tallies a poll of {t['ballots']:,}
ballots (written with bulk_create): `services.poll_close` in the process, and
`GET /api/v1/polls/{{id}}/` (every ballot in the answer) through gunicorn.

Results from {r['when'][:10]}: {r['machine']['cpus']} CPUs shared with other work (load average
{r['machine']['load_average_before']} when the run started, {r['load_average_after']} at its end), PostgreSQL
{r['machine']['postgresql'].split()[0]}, Python {r['machine']['python']}; the client's threads run on the same CPUs.

| statements per cast (`POST …/ballots/`, token authentication included) | result |
|---|---:|
| **SQL statements**, the transaction's BEGIN and COMMIT included | **{st['statements']}** |
| that is: token, poll, BEGIN, the poll's state FOR SHARE, participation, sealed ballot, audit head, event, head, COMMIT | |
| CPU per cast in process, the server's side only ({st['cpu_casts']} casts one after the other) | {st['cpu_ms_per_cast']:.1f} ms |

| casting {c['voters']} ballots at once (+{c['second_attempts']} second attempts) | result |
|---|---:|
| accepted ballots (201) | {c['accepted']} |
| second attempts refused (409 "Đơn vị của bạn đã bỏ phiếu") | {c['second_attempts_refused_409']} |
| **errors** (anything else) | **{c['errors']}** |
| **duplicates** (a unit with two ballots; ballots beyond participations) | **{c['duplicates']}** |
| **lost** (a 201 receipt missing from the published list) | **{c['lost']}** |
| ballots in the database / participations / published | {c['db_ballots']} / {c['db_participations']} / {c['published']} |
| wall time, release to last answer | {c['wall_s']:.2f} s |
| **ballots per second** | **{c['ballots_per_s']:.0f}** |
| latency p50 / **p95** / p99 / max | {lat['p50']:.0f} / **{lat['p95']:.0f}** / {lat['p99']:.0f} / {lat['max']:.0f} ms |
| closing the poll through the API | {c['close_s'] * 1000:.0f} ms |
| digest recomputed from the published list / recount | {checks} |

| two clusters at once ({two['per_cluster']} + {two['per_cluster']} delegates released together) | result |
|---|---:|
| accepted X / Y (errors X / Y) | {two['X']['accepted']} / {two['Y']['accepted']} ({two['X']['errors']} / {two['Y']['errors']}) |
| ballots per second, both together | {two['total_ballots_per_s']:.0f} |
| casting window X / Y (first–last answer after the release) | {window('X')} / {window('Y')} |
| the two windows overlap | {two['overlap'] * 100:.0f}% |
| cluster X's chain held {held['hold_s']} s: Y's 20 ballots accepted, slowest answer | {held['y_accepted']}, {held['y_max_ms']:.0f} ms |
| … and X's {held['x_accepted']} ballots meanwhile, fastest answer | {held['x_accepted']}, {held['x_min_ms']:.0f} ms |

| tally of {t['ballots']:,} ballots | result |
|---|---:|
| `services.poll_close` (count, threshold, canonical list, SHA-256, results, audit) | {t['close_tally_s'] * 1000:.0f} ms |
| `GET /api/v1/polls/{{id}}/` with every ballot ({t['get_bytes'] / 1e6:.1f} MB) | {t['get_poll_s'] * 1000:.0f} ms |
| digest recomputed / recount | {'equal' if t['digest_ok'] else 'DIFFERENT'} / {'equal' if t['recount_ok'] else 'DIFFERENT'} |

The latency is that of everyone voting in the same second: all requests arrive together and
queue for the server's {workers}×{threads} threads. A real conference has 7–20 voters per poll.
"""


if __name__ == "__main__":
    main()

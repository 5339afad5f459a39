#!/usr/bin/env python
"""Fuzz the served API with schemathesis, as four signed-in roles; fail on any server
error (5xx) or any answer that breaks the OpenAPI schema.

    .venv/bin/python tools/fuzz_api.py [--max-examples 5] [--seed N] [--roles organizer,delegate]

1. a throw-away database: a SQLite file in a temporary directory, or, when DATABASE_URL
   names a PostgreSQL database, a new one beside it, <name>_fuzz_<random> (dropped
   afterwards; the role needs CREATEDB);
2. `migrate` and `load_demo` (Cụm thi đua số II and số 3 with their years and accounts);
3. an API token (through thidua.core.api_tokens) for an organizer officer, the officer
   and the head of a unit that leads a cluster-year, and a delegate of another member
   unit (and one of a spare account per role); a poll of that year and a spare next year
   with the same members;
4. per role, a fresh copy of that database (so that no role meets what another role's
   run changed: the organizer may empty a year's members) and gunicorn on it, on
   127.0.0.1 at a free port, with DEBUG off (so that errors are what a deployment
   answers); `--parallel` roles (2) run side by side, each printed whole when it ends;
5. `schemathesis run` against /api/schema/, with bounded examples per operation (the
   examples, coverage and fuzzing phases; not the stateful one) and the checks in
   CHECKS: no server error, and every status code, content type and body as the schema
   documents it. Sign-out is left out: it revokes the token the run is using; revoking a
   token by its prefix runs with the spare account's token (schemathesis learns the
   run's own prefix from GET /auth/tokens/). The paths name objects of the role's own
   cluster-year and unit (CONFIG), so that generated bodies reach the serializers and
   services rather than stopping at 403 or 404.

The exit status is non-zero when any run found a failure. Nothing outside the temporary
directory (and the temporary PostgreSQL database) is touched."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ROLES = ("organizer", "leader_officer", "leader_head", "delegate")
# No 5xx; every status, content type and body as the schema says.
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance", "response_schema_conformance")
# Operations that would end the run's own session.
EXCLUDED_OPERATIONS = ("auth_logout_create",)

MAKE_WORLD = """
import json
from thidua.core.api_tokens import api_token_issue
from thidua.org.models import Membership, Role, User
from thidua.org.services import cluster_year_set_members
from thidua.cycle.phases import phase_allows
from thidua.voting.models import Poll
from thidua.voting.services import poll_create

lead = Membership.objects.filter(role=Role.LEADER).order_by("-year", "pk").select_related("unit", "cluster_year__cluster").first()
year = lead.cluster_year
member = Membership.objects.filter(cluster_year=year).exclude(unit=lead.unit).order_by("pk").first()
staff = User.objects.filter(is_active=True).order_by("username")
users = {
    "organizer": staff.filter(is_organizer_officer=True, organizer=year.cluster.organizer).first(),
    "leader_officer": staff.filter(unit=lead.unit, is_unit_officer=True).first(),
    "leader_head": staff.filter(unit=lead.unit, is_unit_head=True).first(),
    "delegate": staff.filter(unit=member.unit, is_delegate=True).first(),
}
missing = [role for role, user in users.items() if user is None]
assert not missing, missing
# Revoking tokens is fuzzed with an account of its own: schemathesis learns the run's own
# key prefix from GET /auth/tokens/ and would otherwise revoke the token it runs with.
spare = staff.exclude(pk__in=[u.pk for u in users.values()]).exclude(unit=None).first()
organizer = users["organizer"]
members = list(Membership.objects.filter(cluster_year=year).select_related("unit").order_by("pk"))
# A poll of the year itself (the members may not see an older year's): a new draft while
# the year's phase allows preparing polls, else the year's own (the demo's 2025 year has
# gone on to its proposals, with its conference's closed polls).
if phase_allows(year, "prepare_polls"):
    poll = poll_create(actor=organizer, cluster_year=year, data={
        "kind": "other", "title": "Biểu quyết thử (fuzz)", "candidates": [m.unit for m in members]})
else:
    poll = Poll.objects.filter(cluster_year=year).order_by("pk").first()
    assert poll is not None, "the fuzzed year has no poll and may not prepare one"
# Members and phase are fuzzed on a spare year with the same members: replacing the
# year's members or moving its phase would change what every later request meets.
spare_year = year.year + 1
cluster_year_set_members(actor=organizer, cluster=year.cluster, year=spare_year, members=[(m.unit, m.role) for m in members])
own = {"organizer": lead.unit_id, "leader_officer": lead.unit_id, "leader_head": lead.unit_id, "delegate": member.unit_id}
print(json.dumps({
    "users": {role: user.username for role, user in users.items()},
    "tokens": {role: api_token_issue(user=user)[1] for role, user in users.items()},
    "spare_tokens": {role: api_token_issue(user=spare)[1] for role in users},
    "ids": {role: {"cluster": year.cluster_id, "year": year.year, "spare_year": spare_year, "poll": poll.pk,
                   "unit": unit, "other_unit": member.unit_id if unit == lead.unit_id else lead.unit_id}
            for role, unit in own.items()},
}))
"""

# Real objects in the paths, so that generated bodies reach validation and the services
# instead of stopping at 404 (unknown ids are covered by the tests). Per role: `unit` is
# the role's own unit (the leader unit for the organizer), `other_unit` another member.
# schemathesis takes an option from the FIRST entry that matches an operation, so the
# specific entries come before the general ones.
CONFIG = """
[[operations]]
include-operation-id = "auth_tokens_destroy"
headers = {{ Authorization = "Token {spare_token}" }}

[[operations]]
include-operation-id = ["clusters_years_update", "clusters_years_phase_create"]
parameters = {{ "path.id" = {cluster}, "path.year" = {spare_year} }}

[[operations]]
include-path-regex = '^/api/v1/clusters/[{{]id[}}]/years/[{{]year[}}]/scoresheets/[{{]unit_id[}}]/by/'
parameters = {{ "path.id" = {cluster}, "path.year" = {year}, "path.unit_id" = {by_unit}, "path.scorer_unit_id" = {by_scorer} }}

[[operations]]
include-path-regex = '^/api/v1/clusters/[{{]id[}}]/years/[{{]year[}}]/'
parameters = {{ "path.id" = {cluster}, "path.year" = {year}, "path.unit_id" = {unit} }}

[[operations]]
include-path-regex = '^/api/v1/clusters/[{{]id[}}]/$'
parameters = {{ "path.id" = {cluster} }}

[[operations]]
include-path-regex = '^/api/v1/units/[{{]id[}}]/$'
parameters = {{ "path.id" = {unit} }}

[[operations]]
include-path-regex = '^/api/v1/polls/[{{]id[}}]/'
parameters = {{ "path.id" = {poll} }}
"""


def role_config(role: str, ids: dict, spare_token: str) -> str:
    # A unit scores the others: the organizer reads the leader unit's sheet by another
    # member; a unit's own people fill in its sheet of another member.
    by_unit, by_scorer = (ids["unit"], ids["other_unit"]) if role == "organizer" else (ids["other_unit"], ids["unit"])
    return CONFIG.format(**ids, by_unit=by_unit, by_scorer=by_scorer, spare_token=spare_token)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_admin(url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)


def make_database(tmp: Path) -> tuple[str, str | None]:
    """(DATABASE_URL of the throw-away database, the PostgreSQL database to drop or None)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        name = f"{urlsplit(url).path.lstrip('/') or 'thidua'}_fuzz_{uuid.uuid4().hex[:8]}"
        pg_admin(url, f'CREATE DATABASE "{name}"')
        return urlunsplit(urlsplit(url)._replace(path="/" + name)), name
    return f"sqlite:///{tmp / 'fuzz.sqlite3'}", None


def copy_database(tmp: Path, world_url: str, pg_name: str | None, role: str) -> tuple[str, str | None]:
    """A fresh copy of the world for one role (its URL, the PostgreSQL database to drop or
    None): each role meets the demo as it was, not as the previous role's run left it."""
    if pg_name:
        name = f"{pg_name}_{role}"
        pg_admin(world_url, f'CREATE DATABASE "{name}" TEMPLATE "{pg_name}"')
        return urlunsplit(urlsplit(world_url)._replace(path="/" + name)), name
    path = tmp / f"fuzz-{role}.sqlite3"
    shutil.copyfile(tmp / "fuzz.sqlite3", path)
    return f"sqlite:///{path}", None


def run(cmd: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kwargs)


def wait_for(url: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server stopped (exit {proc.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310  our own server
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"the server did not answer {url} within {timeout:.0f} s")


def start_server(env: dict, workers: int, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    with open(log, "ab") as out:
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "thidua.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
             "--threads", "4", "--worker-class", "gthread", "--timeout", "60", "--log-level", "warning",
             # gunicorn's cap on the request line (4094 bytes) answers 414 before the app sees a
             # request: lifted here, as the throttle is, so that generated query strings of any
             # length reach the app's own validation (the cap itself is gunicorn's, not ours to fuzz)
             "--limit-request-line", "0"],
            env={**env, "DEBUG": "0"}, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    schema_url = f"http://127.0.0.1:{port}/api/schema/?format=json"
    wait_for(schema_url, server)
    return server, schema_url


def stop_server(server: subprocess.Popen | None) -> None:
    if server is not None and server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def commit_seed() -> int:
    """A seed from the commit checked out (its first 8 hex digits), 7 outside a git checkout."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
        return int(head[:8], 16)
    except (OSError, subprocess.CalledProcessError, ValueError):
        return 7


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    # The random phase's inputs follow the seed, and a fixed seed meant every CI run sent the
    # same ones: the seed now comes from the commit, so each commit explores other inputs
    # while a run stays reproducible (the seed is printed; --seed repeats it), with 5 cases
    # per operation and phase where the fixed seed had 10 (14 s of the step; the coverage
    # phase, about two thirds of each role's run, does not depend on it).
    parser.add_argument("--max-examples", type=int, default=5, help="test cases per operation and phase")
    parser.add_argument("--seed", type=int, default=commit_seed(), help="default: from the commit checked out (else 7)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per role (each with 4 threads)")
    parser.add_argument("--parallel", type=int, default=2, help="roles run side by side (each with its database copy and server)")
    parser.add_argument("--roles", default=",".join(ROLES), help=f"comma-separated, among {', '.join(ROLES)}")
    parser.add_argument("--checks", default=",".join(CHECKS), help="schemathesis checks")
    parser.add_argument("--report", default="junit", help="schemathesis report formats (e.g. junit,har: every exchange)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (server log, reports)")
    args = parser.parse_args()

    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="thidua-fuzz-"))
    database_url, pg_name = make_database(tmp)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "thidua.settings.dev",
        "THIDUA_VAR_DIR": str(tmp),
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT / "src"),
        "DEBUG": "1",
        "LOG_LEVEL": "WARNING",
        # The sign-in's throttle (20/minute) would answer 429 to nearly every generated
        # request, leaving its validation unfuzzed; its 429 is covered by tests/api.
        "API_TOKEN_THROTTLE_RATE": "100/second",
    }
    servers: list[subprocess.Popen] = []
    copies: list[str] = []
    failed: list[str] = []
    try:
        python = str(BIN / "python")
        run([python, "manage.py", "migrate", "--noinput", "-v", "0"], env)
        run([python, "manage.py", "load_demo", "--quiet-accounts"], env, stdout=subprocess.DEVNULL)
        out = run([python, "manage.py", "shell", "-c", MAKE_WORLD], env, capture_output=True, text=True).stdout
        world = json.loads(out.strip().splitlines()[-1])
        print(
            f"world ready in {time.monotonic() - started:.0f} s; roles: "
            + ", ".join(f"{role}={name}" for role, name in world["users"].items()),
            flush=True,
        )

        def run_role(role: str) -> tuple[str, int, float, str]:
            """One role's run on its own copy of the world and its own server; its output
            is kept in a file and printed whole when it ends (the roles run side by side)."""
            t0 = time.monotonic()
            role_url = role_urls[role]
            server = None
            log = tmp / f"schemathesis-{role}.out"
            try:
                server, schema_url = start_server({**env, "DATABASE_URL": role_url}, args.workers, tmp / f"server-{role}.log")
                servers.append(server)
                config = tmp / f"schemathesis-{role}.toml"
                config.write_text(role_config(role, world["ids"][role], world["spare_tokens"][role]))
                cmd = [
                    str(BIN / "schemathesis"), "--config-file", str(config), "run", schema_url,
                    "--header", f"Authorization: Token {world['tokens'][role]}",
                    "--checks", args.checks,
                    "--phases", "examples,coverage,fuzzing",
                    "--max-examples", str(args.max_examples),
                    "--seed", str(args.seed),
                    "--generation-database", "none",
                    "--workers", "2",
                    "--request-timeout", "30",
                    "--suppress-health-check", "all",
                    "--no-color",
                    "--report", args.report, "--report-dir", str(tmp / f"report-{role}"),
                ]  # fmt: skip
                for operation in EXCLUDED_OPERATIONS:
                    cmd += ["--exclude-operation-id", operation]
                workdir = tmp / f"run-{role}"  # its replay store (.schemathesis/) goes there
                workdir.mkdir()
                with open(log, "wb") as out:
                    code = subprocess.run(cmd, cwd=workdir, env=env, stdout=out, stderr=subprocess.STDOUT).returncode
            finally:
                stop_server(server)
            return role, code, time.monotonic() - t0, log.read_text(errors="replace") if log.exists() else ""

        roles = [r for r in args.roles.split(",") if r]
        role_urls = {}
        for role in roles:  # one after the other: PostgreSQL copies a template for one session at a time
            role_urls[role], copy = copy_database(tmp, database_url, pg_name, role)
            copies += [copy] if copy else []
        # Side by side: one role's client (schemathesis: one process, its threads share the
        # interpreter) and server leave the machine's cores partly idle.
        with ThreadPoolExecutor(max_workers=max(1, args.parallel)) as pool:
            for role, code, seconds, output in pool.map(run_role, roles):
                print(f"\n=== schemathesis as {role} ({world['users'][role]}) ===\n{output}", flush=True)
                print(f"--- {role}: exit {code} in {seconds:.0f} s", flush=True)
                if code != 0:
                    failed.append(role)
    finally:
        for server in servers:
            stop_server(server)
        for name in [*copies, pg_name] if pg_name else []:
            pg_admin(os.environ["DATABASE_URL"], f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if failed or args.keep:
            print(f"server logs and reports kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"\nschemathesis: {'FAILED for ' + ', '.join(failed) if failed else 'no failure'}; "
          f"{time.monotonic() - started:.0f} s in all")  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

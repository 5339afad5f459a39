#!/usr/bin/env python
"""Fuzz the served API with schemathesis, as four signed-in roles; fail on any server
error (5xx) or any answer that breaks the OpenAPI schema.

    .venv/bin/python tools/fuzz_api.py [--max-examples 20] [--seed 7] [--roles organizer,delegate]

1. a throw-away database: a SQLite file in a temporary directory, or, when DATABASE_URL
   names a PostgreSQL database, a new one beside it, <name>_fuzz_<random> (dropped
   afterwards; the role needs CREATEDB);
2. `migrate` and `load_demo` (Cụm thi đua số II and số 3 with their years and accounts);
3. an API token (through thidua.core.api_tokens) for an organizer officer, the officer
   and the head of a unit that leads a cluster-year, and a delegate of another unit;
4. gunicorn on 127.0.0.1 at a free port, with DEBUG off (so that errors are what a
   deployment answers);
5. `schemathesis run` against /api/schema/ once per role, with bounded examples per
   operation (the examples, coverage and fuzzing phases; not the stateful one) and the
   checks in CHECKS: no server error, and every status code, content type and body as
   the schema documents it. Sign-out is left out: it revokes the token the run is using.
   The paths name real objects of the demo (CONFIG), so that generated bodies reach the
   serializers and services rather than stopping at 404.

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
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ROLES = ("organizer", "leader_officer", "leader_head", "delegate")
# No 5xx; every status, content type and body as the schema says.
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance", "response_schema_conformance")
# Operations that would end the run's own session.
EXCLUDED_OPERATIONS = ("auth_logout_create",)

MAKE_TOKENS = """
import json
from thidua.core.api_tokens import api_token_issue
from thidua.org.models import Membership, Role, User
from thidua.voting.models import Poll

lead = Membership.objects.filter(role=Role.LEADER).order_by("-year", "pk").select_related("unit").first()
member = Membership.objects.filter(cluster_year=lead.cluster_year).exclude(unit=lead.unit).order_by("pk").first()
staff = User.objects.filter(is_active=True).order_by("username")
users = {
    "organizer": staff.filter(is_organizer_officer=True, organizer=lead.cluster_year.cluster.organizer).first(),
    "leader_officer": staff.filter(unit=lead.unit, is_unit_officer=True).first(),
    "leader_head": staff.filter(unit=lead.unit, is_unit_head=True).first(),
    "delegate": staff.filter(unit=member.unit, is_delegate=True).first() or staff.filter(is_delegate=True).first(),
}
missing = [role for role, user in users.items() if user is None]
assert not missing, missing
poll = Poll.objects.filter(cluster_year__cluster=lead.cluster_year.cluster).order_by("-pk").first() or Poll.objects.order_by("-pk").first()
print(json.dumps({
    "tokens": {role: [user.username, api_token_issue(user=user)[1]] for role, user in users.items()},
    "ids": {"cluster": lead.cluster_year.cluster_id, "year": lead.cluster_year.year, "unit": lead.unit_id,
            "other_unit": member.unit_id, "poll": poll.pk if poll else 1},
}))
"""

# Real objects in the paths, so that generated bodies reach validation and the services
# instead of stopping at 404 (unknown ids are covered by the tests).
CONFIG = """
[[operations]]
include-path-regex = '^/api/v1/clusters/[{{]id[}}]/years/[{{]year[}}]/'
parameters = {{ "path.id" = {cluster}, "path.year" = {year}, "path.unit_id" = {unit}, "path.scorer_unit_id" = {other_unit} }}

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-examples", type=int, default=20, help="test cases per operation and phase")
    parser.add_argument("--seed", type=int, default=7, help="for reproducible runs")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (each with 4 threads)")
    parser.add_argument("--roles", default=",".join(ROLES), help=f"comma-separated, among {', '.join(ROLES)}")
    parser.add_argument("--checks", default=",".join(CHECKS), help="schemathesis checks")
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
    }
    server = None
    failed: list[str] = []
    try:
        python = str(BIN / "python")
        run([python, "manage.py", "migrate", "--noinput", "-v", "0"], env)
        run([python, "manage.py", "load_demo", "--quiet-accounts"], env, stdout=subprocess.DEVNULL)
        out = run([python, "manage.py", "shell", "-c", MAKE_TOKENS], env, capture_output=True, text=True).stdout
        world = json.loads(out.strip().splitlines()[-1])
        tokens = world["tokens"]
        config = tmp / "schemathesis.toml"
        config.write_text(CONFIG.format(**world["ids"]))
        print(
            f"world ready in {time.monotonic() - started:.0f} s; roles: "
            + ", ".join(f"{role}={name}" for role, (name, _token) in tokens.items()),
            flush=True,
        )

        port = free_port()
        log = open(tmp / "server.log", "wb")  # noqa: SIM115  closed with the server
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "thidua.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
             "--threads", "4", "--worker-class", "gthread", "--timeout", "60", "--log-level", "warning"],
            env={**env, "DEBUG": "0"}, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        schema_url = f"http://127.0.0.1:{port}/api/schema/?format=json"
        wait_for(schema_url, server)

        for role in [r for r in args.roles.split(",") if r]:
            username, token = tokens[role]
            t0 = time.monotonic()
            cmd = [
                str(BIN / "schemathesis"), "--config-file", str(config), "run", schema_url,
                "--header", f"Authorization: Token {token}",
                "--checks", args.checks,
                "--phases", "examples,coverage,fuzzing",
                "--max-examples", str(args.max_examples),
                "--seed", str(args.seed),
                "--generation-database", "none",
                "--workers", "2",
                "--request-timeout", "30",
                "--suppress-health-check", "all",
                "--no-color",
                "--report", "junit", "--report-dir", str(tmp / f"report-{role}"),
            ]  # fmt: skip
            for operation in EXCLUDED_OPERATIONS:
                cmd += ["--exclude-operation-id", operation]
            print(f"\n=== schemathesis as {role} ({username}) ===", flush=True)
            code = subprocess.run(cmd, cwd=tmp, env=env).returncode  # its replay store (.schemathesis/) goes there
            print(f"--- {role}: exit {code} in {time.monotonic() - t0:.0f} s", flush=True)
            if code != 0:
                failed.append(role)
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        if pg_name:
            pg_admin(os.environ["DATABASE_URL"], f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
        if failed or args.keep:
            print(f"server log and reports kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"\nschemathesis: {'FAILED for ' + ', '.join(failed) if failed else 'no failure'}; "
          f"{time.monotonic() - started:.0f} s in all")  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

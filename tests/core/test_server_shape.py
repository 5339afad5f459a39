"""The server's shape (gunicorn.conf.py, core/warm.py): what the master builds before it
forks, and the rule that a worker takes only as many connections as it has threads, which
spreads a wave of ballots over every worker (bench/README.md "Ballots: the server's shape")."""

import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

from django.urls import clear_url_caches, get_resolver
from gunicorn.config import Config

from thidua.core.warm import warm_before_fork

ROOT = Path(__file__).resolve().parents[2]


def test_warming_builds_the_routes_in_both_languages_without_touching_the_database():
    # No `db` fixture: pytest-django refuses any database access here, so a warm-up that
    # opened a connection (which would then be shared by every forked worker) fails.
    clear_url_caches()
    assert get_resolver()._reverse_dict == {}
    warm_before_fork()
    # Each language's lookups (the patterns compiled for it), the included apps' too.
    built = get_resolver()._reverse_dict
    assert set(built) == {"vi", "en"}
    api = next(p for p in get_resolver().url_patterns if str(p.pattern).startswith("api/"))
    assert set(api._reverse_dict) == {"vi", "en"}


def _configured(threads_on_command_line: int | None = None) -> Config:
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    cfg = Config()
    for name in ("worker_class", "threads", "keepalive", "preload_app"):
        cfg.set(name, settings[name])
    if threads_on_command_line is not None:
        cfg.set("threads", threads_on_command_line)
    settings["on_starting"](SimpleNamespace(cfg=cfg))
    return cfg


def test_a_worker_holds_only_as_many_connections_as_it_has_threads():
    cfg = _configured()
    assert cfg.worker_class_str == "gthread"
    assert cfg.preload_app is True
    assert cfg.keepalive == 0  # a kept-alive idle connection would hold one of the few places
    assert cfg.worker_connections == cfg.threads == 2
    assert _configured(threads_on_command_line=8).worker_connections == 8


def test_gunicorn_serves_the_application_from_the_projects_root(tmp_path):
    # docs/deploy.md's command, run from the root with nothing on PYTHONPATH: the package is
    # found through the configuration's `pythonpath` (gunicorn's --check-config loads the
    # application before applying it, so a real server answers here).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(DJANGO_SETTINGS_MODULE="thidua.settings.test", THIDUA_VAR_DIR=str(tmp_path))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen([str(gunicorn), "thidua.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        status = None
        for _ in range(120):
            if server.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/me/", timeout=5):
                    status = 200
            except urllib.error.HTTPError as answer:
                status = answer.code
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.25)
                continue
            break
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode(errors="replace")
    assert status in (401, 403), output[-2000:]

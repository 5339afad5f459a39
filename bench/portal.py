"""Server time and SQL query counts of the public portal's article page and news lists
(thidua.channel.portal), cached and not, on a channel of 2,000 posts.

    DJANGO_SETTINGS_MODULE=thidua.settings.dev \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_bench_portal \\
    .venv/bin/python bench/portal.py [-n 50] [--name NAME] [--reset]

The data is generated the first time (and again with --reset) into its own database
(created if missing): one organizer, 20 clusters of 15 member units, 100 published posts
per cluster (~3 KB of rich text each, 2 tags) and 10 drafts, written with bulk_create (no
services, no audit events), like bench/generate.py. Measured in-process with
django.test.Client, anonymous, DEBUG off: each page "warm" (from the portal's page cache,
the counter counted in the cache) and "cold" (the cache's version moved on before each
request, as a publication does: the page is rendered again). Warm-up requests, then N
timed ones (time.perf_counter) in 5 round-robin passes; query counts from separate
requests under CaptureQueriesContext. Writes bench/results/portal-<name>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import statistics
import sys
import warnings
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DB_NAME = "thidua_bench_portal"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings.dev")
os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB_NAME}")

TARGET_P50_MS = 50.0
CLUSTERS, UNITS, POSTS, DRAFTS = 20, 15, 100, 10
ORGANIZER = "BENCHP"
PARAGRAPH = ("<p>Hội nghị tổng kết công tác thi đua, khen thưởng của Cụm đã đánh giá kết quả thực hiện các phong trào thi đua, "
             "rút kinh nghiệm và đề ra giải pháp nâng cao chất lượng công tác thi đua, khen thưởng năm sau; các đơn vị "
             "<strong>chia sẻ kinh nghiệm</strong>, cách làm hay trong công tác đối ngoại.</p>")  # fmt: skip

sys.path.insert(0, str(ROOT / "bench"))
from ranking import count_queries, summary, timed  # noqa: E402  the same measuring helpers


def ensure_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone():
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def generate(reset: bool) -> None:
    from django.db import transaction
    from django.utils import timezone

    from thidua.channel.models import Post, Tag
    from thidua.channel.slugs import vi_slug
    from thidua.org.models import Cluster, ClusterYear, Membership, Organizer, Role, Unit

    organizer = Organizer.objects.filter(symbol=ORGANIZER).first()
    if organizer is not None and not reset:
        return
    with transaction.atomic():
        if organizer is not None:
            Post.objects.filter(cluster__organizer=organizer).delete()
            Membership.objects.filter(organizer=organizer).delete()
            ClusterYear.objects.filter(cluster__organizer=organizer).delete()
            Cluster.objects.filter(organizer=organizer).delete()
            Unit.objects.filter(managed_by=organizer).delete()
            organizer.delete()
        organizer = Organizer.objects.create(name="Bộ Thử tải Cổng thông tin", symbol=ORGANIZER)
        tags = [Tag.objects.get_or_create(name=name, defaults={"slug": vi_slug(name)})[0]
                for name in ("Hội nghị tổng kết", "Kinh nghiệm", "Chuyển đổi số", "Giao ước")]  # fmt: skip
        now = timezone.now()
        for c in range(CLUSTERS):
            cluster = Cluster.objects.create(organizer=organizer, number=str(c + 1), name=f"Cụm thi đua số {c + 1} (thử tải)")
            year = ClusterYear.objects.create(cluster=cluster, year=2025)
            units = Unit.objects.bulk_create([
                Unit(name=f"Sở thử tải {c + 1}-{u + 1}", symbol="STT", kind="department", managed_by=organizer,
                     search_name=f"so thu tai {c + 1}-{u + 1}") for u in range(UNITS)])  # fmt: skip
            Membership.objects.bulk_create([
                Membership(cluster_year=year, unit=unit, role=Role.LEADER if i == 0 else Role.MEMBER, organizer=organizer, year=2025,
                           sort_name=unit.name)
                for i, unit in enumerate(units)])  # fmt: skip
            posts = [
                Post(cluster=cluster, kind="news" if p % 4 else "practice", title=f"Tin số {p + 1} của Cụm thi đua số {c + 1}: đổi mới "
                     "công tác thi đua", slug=vi_slug(f"Tin số {p + 1} của Cụm thi đua số {c + 1}: đổi mới công tác thi đua"),
                     summary="Tóm tắt: " + PARAGRAPH[3:160], body_html=PARAGRAPH * 8, author_unit=units[p % UNITS],
                     published_at=None if p >= POSTS else now - dt.timedelta(hours=p + 1))
                for p in range(POSTS + DRAFTS)
            ]  # fmt: skip
            Post.objects.bulk_create(posts)
            through = Post.tags.through
            through.objects.bulk_create([through(post_id=post.pk, tag_id=tags[(i + k) % len(tags)].pk)
                                         for i, post in enumerate(posts) for k in range(2)])  # fmt: skip


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=50, help="timed requests per measure (default 50)")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--name", default=dt.date.today().isoformat(), help="results file: bench/results/portal-<name>.json")
    parser.add_argument("--reset", action="store_true", help="regenerate the posts")
    args = parser.parse_args(argv)
    url = os.environ["DATABASE_URL"]
    if urlparse(url).path.lstrip("/") != DB_NAME:
        sys.exit(f"DATABASE_URL must point at the {DB_NAME} database, not {url!r}")
    ensure_database(url)
    os.environ["DEBUG"] = "0"
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.ERROR)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from thidua.channel import cache as portal_cache
    from thidua.channel.models import Post
    from thidua.channel.presenters import portal_cluster_args
    from thidua.org.models import Cluster, Organizer

    call_command("migrate", verbosity=0)
    generate(args.reset)
    organizer = Organizer.objects.get(symbol=ORGANIZER)
    cluster = Cluster.objects.filter(organizer=organizer).order_by("pk").first()
    post = Post.objects.filter(cluster=cluster, published_at__isnull=False).order_by("-published_at").first()
    cargs = portal_cluster_args(cluster)
    client = Client(raise_request_exception=False, REMOTE_ADDR="192.0.2.10")
    pages = {
        "article": post.public_url,
        "news list (cluster)": reverse("portal_list", args=[*cargs, "tin-tuc"]),
        "news list (organizer, page 3)": reverse("portal_organizer_list", args=[cargs[0], "tin-tuc"]) + "?trang=3",
        "cluster home": reverse("portal_cluster", args=cargs),
        "feed (cluster, Atom)": reverse("portal_cluster_atom", args=cargs),
    }
    measures = []
    for label, path in pages.items():
        def get(path=path):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        def cold(path=path):
            portal_cache._bump()  # a publication: every cached page is forgotten
            get(path)

        measures.append({"label": f"{label}, warm", "path": path, "fn": get})
        if not label.startswith("feed"):
            measures.append({"label": f"{label}, cold", "path": path, "fn": cold})
    load_before = os.getloadavg()
    times = {m["label"]: [] for m in measures}
    for m in measures:
        timed(m["fn"], 0, args.warmup)
    per_round = [args.n // args.rounds + (1 if r < args.n % args.rounds else 0) for r in range(args.rounds)]
    for count in per_round:
        for m in measures:
            times[m["label"]] += timed(m["fn"], count, 0)
    for m in measures:
        m |= summary(times[m["label"]])
        m["fn"]()  # warm again before counting a warm page's queries
        counts = [count_queries(m["fn"]) for _ in range(3)]
        m["queries"], m["sql_ms"] = counts[-1][0], round(statistics.median(c[1] for c in counts), 2)
    report = {
        "name": args.name, "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "vendor": connection.vendor,
        "database": "{HOST}:{PORT}/{NAME}".format(**connection.settings_dict), "cache": os.environ.get("REDIS_URL") or "locmem",
        "python": sys.version.split()[0], "django": django.get_version(), "cores": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_before], "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "posts": Post.objects.filter(cluster__organizer=organizer).count(), "requests_per_measure": args.n,
        "measures": [{k: v for k, v in m.items() if k != "fn"} for m in measures], "target_p50_ms": TARGET_P50_MS,
    }  # fmt: skip
    out = ROOT / "bench" / "results" / f"portal-{args.name}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nPortal bench {report['date']} · {report['vendor']} · cache {report['cache']} · {report['posts']} posts · "
          f"load {load_before[0]:.2f}")  # fmt: skip
    print(f"\n| page | p50 ms | p95 ms | max ms | queries | SQL ms | p50 < {TARGET_P50_MS:.0f} ms |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for m in measures:
        ok = "ok" if m["p50_ms"] < TARGET_P50_MS else "**missed**"
        print(f"| {m['label']} | {m['p50_ms']} | {m['p95_ms']} | {m['max_ms']} | {m['queries']} | {m['sql_ms']} | {ok} |")
    print(f"\nwritten to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

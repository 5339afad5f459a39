"""National-scale bench data for ThiDua: 20 organizers, 320 clusters, 5,000 units with
lineage across the 1 July 2025 reorganisation, ten years (2016–2025) of cluster
membership and a few hundred accounts.

    DJANGO_SETTINGS_MODULE=thidua.settings.dev \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_bench \\
    .venv/bin/python bench/generate.py [--reset]

The database must be called `thidua_bench` or `thidua_bench_<suffix>` (the script refuses
any other name, because --reset drops it). It is created if missing and migrated. Running twice is harmless: when
the bench data is already there the script only prints the row counts; --reset drops and
recreates the database first.

This is bench data: rows are written with bulk_create, deliberately bypassing services.py
(no validation, no audit events) — the services are not what is being measured, and
creating 50,000 memberships one by one through them would take far too long. The
invariants the services would enforce are kept by construction (one cluster of an
organizer per unit and year, the unit exists that year, one leader / deputy1 / deputy2
per cluster-year, 10–20 members) and the database's own constraints still apply.

Everything is drawn from one seeded random.Random, so the same seed gives the same data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
import voting_data  # noqa: E402  (bench/, the script's own directory)

DB_NAME = "thidua_bench"
DEFAULT_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings.dev")
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)

SEED = 20260101
YEARS = range(2016, 2026)
REORG_END = dt.date(2025, 6, 30)  # the day dissolved units cease
REORG_START = dt.date(2025, 7, 1)  # the day their successors start
N_UNITS = 5000
N_DISSOLVED = 500
N_CLUSTERS = 320
N_UNIT_OFFICERS = 500
BATCH = 2000
BENCH_PASSWORD = "ThiDua-bench-2026"  # bench only; the benchmark itself uses force_login

MINISTRIES = [
    ("Bộ Ngoại giao", "BNG"), ("Bộ Tư pháp", "BTP"), ("Bộ Tài chính", "BTC"), ("Bộ Nội vụ", "BNV"),
    ("Bộ Y tế", "BYT"), ("Bộ Giáo dục và Đào tạo", "BGDĐT"), ("Bộ Xây dựng", "BXD"), ("Bộ Công Thương", "BCT"),
    ("Bộ Nông nghiệp và Môi trường", "BNNMT"), ("Bộ Văn hóa, Thể thao và Du lịch", "BVHTTDL"),
    ("Bộ Khoa học và Công nghệ", "BKHCN"), ("Thanh tra Chính phủ", "TTCP"),
]
PROVINCE_ORGANIZERS = 8  # UBND of the first 8 current-era provinces
DEPARTMENTS = [
    ("Sở Tư pháp", "STP"), ("Sở Tài chính", "STC"), ("Sở Nội vụ", "SNV"), ("Sở Ngoại vụ", "SNgV"), ("Sở Y tế", "SYT"),
    ("Sở Giáo dục và Đào tạo", "SGDĐT"), ("Sở Xây dựng", "SXD"), ("Sở Công Thương", "SCT"),
    ("Sở Nông nghiệp và Môi trường", "SNNMT"), ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"),
    ("Sở Khoa học và Công nghệ", "SKHCN"), ("Thanh tra", "TTr"), ("Văn phòng UBND", "VP"), ("Ban Dân tộc", "BDT"),
    ("Kho bạc Nhà nước", "KBNN"), ("Bảo hiểm xã hội", "BHXH"), ("Cục Thuế", "CT"), ("Cục Thống kê", "CTK"),
    ("Đài Phát thanh và Truyền hình", "PTTH"), ("Trường Chính trị", "TCT"),
]
MINISTRY_DIVISIONS = [
    "Vụ Tổ chức cán bộ", "Vụ Pháp chế", "Vụ Kế hoạch - Tài chính", "Vụ Hợp tác quốc tế", "Văn phòng Bộ", "Thanh tra Bộ",
    "Cục Công nghệ thông tin", "Trung tâm Thông tin", "Học viện", "Báo", "Tạp chí", "Viện Chiến lược",
]
SUBUNITS = ["", "Văn phòng thuộc ", "Thanh tra thuộc ", "Phòng Tổ chức cán bộ thuộc ", "Phòng Kế hoạch - Tài chính thuộc ",
            "Trung tâm Dịch vụ thuộc ", "Trung tâm Thông tin thuộc ", "Phòng Nghiệp vụ thuộc "]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Thị", "Văn", "Minh", "Thu", "Đức", "Ngọc", "Quang", "Thanh", "Hải", "Xuân"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Hà", "Hạnh", "Khánh", "Lan", "Long", "Mai", "Nam", "Phương", "Quân", "Sơn", "Trang", "Tuấn"]
REGIONS = ["Các tỉnh phía Bắc", "Các tỉnh Bắc Trung Bộ", "Duyên hải miền Trung", "Tây Nguyên", "Đông Nam Bộ", "Đồng bằng sông Cửu Long"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII",
         "XIX", "XX", "XXI", "XXII", "XXIII", "XXIV", "XXV"]


# --- database --------------------------------------------------------------------------
def check_url() -> str:
    url = os.environ["DATABASE_URL"]
    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres") or not is_bench_name(parsed.path.lstrip("/")):
        sys.exit(f"DATABASE_URL must point at a PostgreSQL database named {DB_NAME!r} or {DB_NAME + '_<suffix>'!r}, not {url!r}")
    return url


def is_bench_name(name: str) -> bool:
    """`thidua_bench` or `thidua_bench_<letters/digits>` (one per engineer on a shared
    server): never another database, because --reset drops it."""
    suffix = name.removeprefix(DB_NAME)
    return name.startswith(DB_NAME) and (suffix == "" or (suffix[0] == "_" and suffix[1:].isalnum()))


def ensure_database(url: str, *, reset: bool) -> None:
    """Create (or, with --reset, drop and re-create) the bench database, via the
    maintenance database `postgres` on the same server."""
    import psycopg

    name = urlparse(url).path.lstrip("/")  # checked by check_url: thidua_bench[_suffix]
    admin_url = urlparse(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reset:
            print(f"dropping database {name}")
            conn.execute(f'DROP DATABASE "{name}"')
            exists = None
        if not exists:
            print(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')
        # As docs/deploy.md asks of a production database (SSD storage): without it the
        # planner hashes whole tables to join a few rows.
        conn.execute(f'ALTER DATABASE "{name}" SET random_page_cost = 1.1')


# --- generation ------------------------------------------------------------------------
def person(i: int) -> str:
    return f"{FAMILY[i % len(FAMILY)]} {MIDDLE[(i // 3) % len(MIDDLE)]} {GIVEN[(i * 7) % len(GIVEN)]}"


def place(province) -> tuple[str, str]:
    """("tỉnh Quảng Bình" / "thành phố Hà Nội", "UBND TỈNH QUẢNG BÌNH")."""
    city = province.division_type.startswith("thành phố")
    return (f"{'thành phố' if city else 'tỉnh'} {province.short_name}",
            f"{'UBND THÀNH PHỐ' if city else 'UBND TỈNH'} {province.short_name.upper()}")


class Generator:
    def __init__(self, seed: int = SEED) -> None:
        from thidua.org.models import Province

        self.rng = random.Random(seed)
        self.old = list(Province.objects.filter(era=Province.Era.BEFORE).order_by("code"))
        self.new = list(Province.objects.filter(era=Province.Era.CURRENT).order_by("code"))
        self.new_by_pk = {p.pk: p for p in self.new}

    def organizers(self):
        from thidua.org.models import Organizer

        rows = [Organizer(name=name, symbol=sym, kind=Organizer.Kind.MINISTRY, office_name="Vụ Thi đua - Khen thưởng")
                for name, sym in MINISTRIES]
        for p in self.new[:PROVINCE_ORGANIZERS]:
            label, _authority = place(p)
            rows.append(Organizer(name=f"Ủy ban nhân dân {label}", symbol=f"UBND{p.code:02d}", kind=Organizer.Kind.PROVINCE,
                                  office_name="Ban Thi đua - Khen thưởng"))
        return Organizer.objects.bulk_create(rows)

    def units(self, organizers):
        """500 units of old provinces dissolved on 30/6/2025, their successors from 1/7/2025
        (each merging two or three of them, in the province they went into), and the rest
        continuing units: provincial departments and ministries' divisions."""
        from thidua.org.models import Unit, UnitLineage
        from thidua.org.text import fold

        rng = self.rng
        kind_for = {"SNgV": Unit.Kind.FOREIGN_AFFAIRS_DEPARTMENT}
        names: set[str] = set()

        def make(name, symbol, kind, province, authority, **extra):
            base, n = name, 2
            while name in names:  # keep names unique (easier to read; not required by the model)
                name, n = f"{base} (cơ sở {n})", n + 1
            names.add(name)
            return Unit(name=name, symbol=symbol, kind=kind, province=province, parent_authority=authority,
                        head_title="Giám đốc" if kind != Unit.Kind.MINISTRY_DEPARTMENT else "Vụ trưởng",
                        managed_by=rng.choice(organizers), search_name=fold(name), **extra)

        # Dissolved units: departments of old provinces that were merged into another.
        # Old provinces merged with others (a new province with several roots); sorted by the
        # province they went into, so that the 25 used merge in twos and threes.
        roots = defaultdict(int)
        for p in self.old:
            roots[p.merged_into_id] += 1
        merged_old = sorted((p for p in self.old if roots[p.merged_into_id] > 1), key=lambda p: (p.merged_into_id, p.code))
        dissolved = []
        for i in range(N_DISSOLVED):
            dept, sym = DEPARTMENTS[i % len(DEPARTMENTS)]
            prov = merged_old[(i // len(DEPARTMENTS)) % len(merged_old)]
            label, authority = place(prov)
            dissolved.append(make(f"{dept} {label}", sym, kind_for.get(sym, Unit.Kind.OTHER), prov, authority,
                                  valid_from=None, valid_to=REORG_END))
        # Successors: group the dissolved units by (department, new province); merge in 2s and 3s.
        groups = defaultdict(list)
        for u in dissolved:
            groups[(u.symbol, u.province.merged_into_id)].append(u)
        successors, links = [], []
        for (sym, new_pk), members in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1])):
            rng.shuffle(members)
            while members:
                take = 3 if len(members) in (3, 5) else 2 if len(members) >= 2 else 1
                chunk, members = members[:take], members[take:]
                prov = self.new_by_pk[new_pk]
                label, authority = place(prov)
                dept = next(d for d, s in DEPARTMENTS if s == sym)
                succ = make(f"{dept} {label}", sym, kind_for.get(sym, Unit.Kind.OTHER), prov, authority,
                            valid_from=REORG_START, valid_to=None)
                successors.append(succ)
                links += [(pred, succ) for pred in chunk]
        # Continuing units: departments of the current provinces, then ministries' divisions,
        # ~10% founded during the period (they join clusters only from their founding year).
        continuing = []
        i = 0
        while len(dissolved) + len(successors) + len(continuing) < N_UNITS:
            founded = dt.date(rng.randint(2017, 2023), rng.choice([1, 4, 7, 10]), 1) if rng.random() < 0.1 else None
            j, i = i, i + 1
            if j % 3 < 2:  # two in three: provincial departments, then their offices and centres
                j = j // 3 * 2 + j % 3
                dept, sym = DEPARTMENTS[j % len(DEPARTMENTS)]
                prov = self.new[(j // len(DEPARTMENTS)) % len(self.new)]
                sub = SUBUNITS[j // (len(DEPARTMENTS) * len(self.new)) % len(SUBUNITS)]
                label, authority = place(prov)
                kind = kind_for.get(sym, Unit.Kind.OTHER) if not sub else Unit.Kind.OTHER
                if f"{sub}{dept} {label}" in names:  # a successor already carries this name
                    continue
                continuing.append(make(f"{sub}{dept} {label}", sym, kind, prov, authority, valid_from=founded, valid_to=None))
            else:
                j //= 3
                name, sym = MINISTRIES[j % len(MINISTRIES)]
                div = MINISTRY_DIVISIONS[(j // len(MINISTRIES)) % len(MINISTRY_DIVISIONS)]
                sub = SUBUNITS[j // (len(MINISTRIES) * len(MINISTRY_DIVISIONS)) % len(SUBUNITS)]
                continuing.append(make(f"{sub}{div} - {name}", sym, Unit.Kind.MINISTRY_DEPARTMENT, None, name.upper(),
                                       valid_from=founded, valid_to=None))
        units = Unit.objects.bulk_create(dissolved + successors + continuing, batch_size=BATCH)
        UnitLineage.objects.bulk_create(
            [UnitLineage(predecessor=p, successor=s, kind=UnitLineage.Kind.MERGER, effective_on=REORG_START) for p, s in links],
            batch_size=BATCH,
        )
        self.successor_of = {p.pk: s for p, s in links}
        return units

    def clusters(self, organizers):
        """16 ± 3 clusters per organizer, 320 in all. Cluster 0 of every organizer has 20
        members every year; ~6% of clusters (and the last one of the first organizer, the
        "small" object of the bench) were founded later and have fewer years."""
        from thidua.org.models import Cluster

        rng = self.rng
        counts = [rng.randint(13, 19) for _ in organizers]
        while sum(counts) < N_CLUSTERS:
            counts[counts.index(min(counts))] += 1
        rows, self.plan = [], {}
        for org, count in zip(organizers, counts, strict=True):
            for k in range(count):
                bloc = k >= count - 3 and org.kind == "ministry"
                kind = Cluster.Kind.BLOC if bloc else Cluster.Kind.CLUSTER
                number = ROMAN[k] if not bloc else str(k - (count - 3) + 1)
                label = "Khối thi đua" if bloc else "Cụm thi đua"
                c = Cluster(organizer=org, kind=kind, number=number, name=f"{label} {number} - {org.symbol}",
                            region=rng.choice(REGIONS))
                rows.append(c)
                start = rng.randint(2018, 2023) if rng.random() < 0.06 else YEARS.start
                size = 20 if k == 0 else rng.randint(10, 20)
                if org is organizers[0] and k == count - 1:
                    start, size = 2023, 20
                self.plan[id(c)] = (start, size)
        clusters = Cluster.objects.bulk_create(rows, batch_size=BATCH)
        return clusters

    def memberships(self, organizers, clusters, units):
        """Per organizer and year: each cluster keeps ~90% of last year's members that still
        exist, a dissolved unit's successor takes its seat in 2025 half of the time, and the
        cluster is topped up from the organizer's pool (its own units plus 250 others) with
        units not already in another cluster of the organizer that year. Roles rotate."""
        from thidua.org.models import ClusterYear, Membership, Phase, Role

        rng = self.rng

        def exists(u, year):
            return (u.valid_from is None or u.valid_from.year <= year) and (u.valid_to is None or u.valid_to.year >= year)

        by_org = defaultdict(list)
        for c in clusters:
            by_org[c.organizer_id].append(c)
        managed = defaultdict(list)
        for u in units:
            managed[u.managed_by_id].append(u)
        cluster_years, member_rows = [], []  # member_rows: (cluster_year, unit, role, organizer_id, year)
        for org in organizers:
            pool = managed[org.pk] + rng.sample([u for u in units if u.managed_by_id != org.pk], 250)
            previous: dict[int, list] = {}
            for year in YEARS:
                used: set[int] = set()
                candidates = [u for u in pool if exists(u, year)]
                rng.shuffle(candidates)
                fill = iter(candidates)
                for c in by_org[org.pk]:
                    start, size = self.plan[id(c)]
                    if year < start:
                        continue
                    target = size if size == 20 else max(10, min(20, size + rng.randint(-1, 1)))
                    seats = []
                    for u in previous.get(c.pk, []):
                        if not exists(u, year) or u.pk in used or (rng.random() < 0.1 and target < 20):
                            continue
                        succ = self.successor_of.get(u.pk)
                        if year == 2025 and succ is not None and succ.pk not in used and rng.random() < 0.5:
                            u = succ
                        seats.append(u)
                        used.add(u.pk)
                    for u in fill:
                        if len(seats) >= target:
                            break
                        if u.pk not in used:
                            seats.append(u)
                            used.add(u.pk)
                    assert len(seats) >= 10, (org.symbol, c.name, year, len(seats))
                    seats = seats[:20]
                    previous[c.pk] = seats
                    cy = ClusterYear(cluster=c, year=year, phase=Phase.CLOSED if year < 2025 else Phase.IN_PROGRESS,
                                     deadlines={} if year < 2025 else {"self_assessment": "2025-11-15", "conference": "2026-01-20"},
                                     member_count=len(seats))  # the count the service keeps (decision 0032)
                    cluster_years.append(cy)
                    leader, d1, d2 = rng.sample(range(len(seats)), 3)
                    roles = {leader: Role.LEADER, d1: Role.DEPUTY1, d2: Role.DEPUTY2}
                    member_rows += [(cy, u, roles.get(i, Role.MEMBER), org.pk, year) for i, u in enumerate(seats)]
        ClusterYear.objects.bulk_create(cluster_years, batch_size=BATCH)
        # The rows every year is created with (voting.year_rows): its conference.
        from thidua.voting.models import Conference
        from thidua.voting.services.common import new_checkin_code

        conferences = [Conference(cluster_year=cy, checkin_code=new_checkin_code()) for cy in cluster_years]
        Conference.objects.bulk_create(conferences, batch_size=BATCH)
        rows = [Membership(cluster_year=cy, unit=u, role=role, organizer_id=org_id, year=year, sort_name=u.name)
                for cy, u, role, org_id, year in member_rows]
        Membership.objects.bulk_create(rows, batch_size=BATCH)
        return len(cluster_years), len(rows)

    def users(self, organizers, units):
        """One organizer officer per organizer (`bench.<symbol>` lower-cased, e.g.
        bench.bng) and officers for a sample of 500 units (`bench.donvi0001`...). One
        password hash computed once and shared: hashing each with Argon2 would dominate."""
        from django.contrib.auth.hashers import make_password

        from thidua.org.models import User
        from thidua.org.text import fold

        rng = self.rng
        hashed = make_password(BENCH_PASSWORD)
        rows = [User(username=f"bench.{fold(o.symbol)}", full_name=person(i), organizer=o, is_organizer_officer=True, password=hashed)
                for i, o in enumerate(organizers)]
        sample = sorted(rng.sample(range(len(units)), N_UNIT_OFFICERS))
        rows += [User(username=f"bench.donvi{n:04d}", full_name=person(1000 + n), unit=units[i], is_unit_officer=True, password=hashed)
                 for n, i in enumerate(sample, start=1)]
        rows.append(User(username="bench.admin", full_name="Quản trị (bench)", is_superuser=True, is_staff=True, password=hashed))
        return User.objects.bulk_create(rows, batch_size=BATCH)

    def run(self) -> None:
        from django.db import connection, transaction

        t0 = time.perf_counter()
        with transaction.atomic():
            organizers = self.organizers()
            units = self.units(organizers)
            print(f"  units + lineage      {time.perf_counter() - t0:6.1f} s")
            clusters = self.clusters(organizers)  # bulk_create returns the same objects, so self.plan's id() keys hold
            self.memberships(organizers, clusters, units)
            print(f"  clusters + members   {time.perf_counter() - t0:6.1f} s")
            self.users(organizers, units)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # statistics and visibility map, as autovacuum keeps them on a live system
        print(f"  done                 {time.perf_counter() - t0:6.1f} s")


def counts() -> dict[str, int]:
    from thidua.org.models import Cluster, ClusterYear, Membership, Organizer, Province, Unit, UnitLineage, User

    return {m.__name__: m.objects.count() for m in (Province, Organizer, Unit, UnitLineage, Cluster, ClusterYear, Membership, User)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reset", action="store_true", help=f"drop and re-create the {DB_NAME} database first")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)

    ensure_database(check_url(), reset=args.reset)
    import django

    django.setup()
    from django.core.management import call_command

    from thidua.org.models import Organizer

    call_command("migrate", verbosity=0)
    if Organizer.objects.filter(symbol=MINISTRIES[0][1]).exists():
        print("bench data already present (use --reset to regenerate)")
    else:
        print(f"generating bench data (seed {args.seed})")
        Generator(args.seed).run()
    if not voting_data.present():  # added later than the rest: a bench database made before gets it too
        from django.contrib.auth.hashers import make_password
        from django.db import connection

        print("generating the vote's data (500, 10,000 and 20 member units, one closed poll each)")
        t0 = time.perf_counter()
        voting_data.generate(make_password(BENCH_PASSWORD))
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(f"  done                 {time.perf_counter() - t0:6.1f} s")
    for model, n in counts().items():
        print(f"  {model:<12} {n:>7,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The demo data: the two Ministry of Foreign Affairs clusters described in the seed
articles (org/data/demo-clusters.yaml, copied from the project's reference data), their
units before and after the 1 July 2025 merger, and invented demo accounts.

Facts (members, roles, years) come from the YAML; people in the demo accounts are
invented. Everything here is idempotent: loading twice changes nothing."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction

from thidua.core.audit import audit_record, snapshot

from .models import Cluster, ClusterYear, Organizer, Phase, Province, Role, Unit, User
from .services import (
    cluster_create,
    cluster_year_set_members,
    organizer_create,
    unit_create,
    user_create,
)
from .text import fold

DATA_FILE = Path(__file__).resolve().parent / "data" / "demo-clusters.yaml"
DEMO_PASSWORD = "ThiDua-demo-2026"  # noqa: S105 - demo only: printed by `make run`, never used in production
REORG = dt.date(2025, 7, 1)
HUE_CITY = dt.date(2025, 1, 1)  # Thừa Thiên Huế became a centrally governed city on 1/1/2025

# Invented people for the demo accounts (deterministic, so re-loading is stable).
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Thị", "Văn", "Minh", "Thu", "Đức", "Ngọc", "Quang", "Thanh", "Hải", "Xuân"]
GIVEN = [
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Hà",
    "Hạnh",
    "Khánh",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Phương",
    "Quân",
    "Sơn",
    "Trang",
    "Tuấn",
    "Yến",
    "Vy",
]

# Names used in the YAML that differ from the provinces fixture.
ALIASES = {"Huế": "Thành phố Huế", "Hà Nội": "Thành phố Hà Nội", "Hải Phòng": "Thành phố Hải Phòng", "Đà Nẵng": "Thành phố Đà Nẵng"}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", fold(text))


def person(i: int) -> str:
    return f"{FAMILY[i % len(FAMILY)]} {MIDDLE[(i // 3) % len(MIDDLE)]} {GIVEN[(i * 7) % len(GIVEN)]}"


def unit_name(province: Province) -> str:
    if province.division_type.startswith("thành phố"):
        return f"Sở Ngoại vụ thành phố {province.short_name}"
    return f"Sở Ngoại vụ tỉnh {province.short_name}"


def parent_authority(province: Province) -> str:
    prefix = "UBND THÀNH PHỐ" if province.division_type.startswith("thành phố") else "UBND TỈNH"
    return f"{prefix} {province.short_name.upper()}"


@dataclass
class DemoResult:
    accounts: list[tuple[str, str]] = field(default_factory=list)  # (username, description)
    created_units: int = 0


class DemoLoader:
    def __init__(self) -> None:
        self.data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
        self.old = {p.name: p for p in Province.objects.filter(era=Province.Era.BEFORE)}
        self.new = {p.name: p for p in Province.objects.filter(era=Province.Era.CURRENT).prefetch_related("formed_from")}
        self.result = DemoResult()

    # --- units ------------------------------------------------------------------------
    def _unit(self, province: Province, *, valid_from=None, valid_to=None, predecessors=()) -> Unit:
        unit = Unit.objects.filter(name=unit_name(province), province=province).first()
        if unit is None:
            data = {
                "name": unit_name(province),
                "symbol": "SNgV",
                "kind": Unit.Kind.FOREIGN_AFFAIRS_DEPARTMENT,
                "province": province,
                "parent_authority": parent_authority(province),
                "head_title": "Giám đốc",
                "valid_from": valid_from,
                "valid_to": valid_to,
            }
            unit = unit_create(actor=self.admin, data=data, predecessors=predecessors, managed_by=self.organizer)
            self.result.created_units += 1
        return unit

    def units_for(self, names: list[str], *, after_merger: bool) -> list[Unit]:
        """The units of the named provinces, creating both eras' units and their lineage.
        A province the 2025 reform left unchanged keeps one unit throughout."""
        units = []
        for raw in names:
            name = ALIASES.get(raw, raw)
            if after_merger:
                units.append(self._successor_unit(self.new[name]))
            else:
                units.append(self._unit_before(self.old[name]))
        return units

    def _unit_before(self, old: Province) -> Unit:
        new = old.merged_into
        roots = list(new.formed_from.all())
        if len(roots) == 1 and new.short_name == old.short_name:
            return self._unit(new)  # unchanged province: one unit throughout
        end = HUE_CITY - dt.timedelta(days=1) if old.name == "Thừa Thiên Huế" else REORG - dt.timedelta(days=1)
        return self._unit(old, valid_to=end)

    def _successor_unit(self, new: Province) -> Unit:
        roots = list(new.formed_from.all())
        if len(roots) == 1 and roots[0].short_name == new.short_name:
            return self._unit(new)
        start = HUE_CITY if new.name == "Thành phố Huế" else REORG
        return self._unit(new, valid_from=start, predecessors=[self._unit_before(root) for root in roots])

    # --- accounts -----------------------------------------------------------------------
    def _account(self, username: str, full_name: str, description: str, *, roles=(), unit=None, organizer=None) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                actor=self.admin,
                username=username,
                password=DEMO_PASSWORD,
                full_name=full_name,
                unit=unit,
                organizer=organizer,
                roles=roles,
            )
        self.result.accounts.append((username, description))
        return user

    def unit_accounts(self, units: list[Unit]) -> None:
        current_names = {u.province.short_name for u in units if u.valid_to is None and u.province}
        for unit in sorted(set(units), key=lambda u: (u.valid_to is not None, u.name)):
            base = slug(unit.province.short_name if unit.province else unit.name)
            if unit.valid_to and unit.province and unit.province.short_name in current_names:
                base += "cu"  # the dissolved unit of a province whose name lives on ("cũ": former)
            self._account(f"{base}.canbo", person(2 * unit.pk), f"cán bộ thi đua — {unit.name}", unit=unit, roles=["officer"])
            self._account(
                f"{base}.lanhdao", person(2 * unit.pk + 1), f"{unit.head_title} — {unit.name}", unit=unit, roles=["head", "delegate"]
            )

    # --- everything ---------------------------------------------------------------------
    def _admin(self) -> User:
        admin = User.objects.filter(username="quantri").first()
        if admin is None:
            # The first account: nobody exists yet to create it through a service.
            admin = User(username="quantri", full_name="Quản trị hệ thống (demo)", is_superuser=True, is_staff=True)
            admin.set_password(DEMO_PASSWORD)
            admin.save()
            audit_record(
                actor=None,
                action="user.create",
                obj=admin,
                after=snapshot(admin, exclude=("password", "last_login")),
                reason="Dữ liệu mẫu (demo)",
            )
        self.result.accounts.append(("quantri", "quản trị hệ thống"))
        return admin

    @transaction.atomic
    def load(self) -> DemoResult:
        self.admin = self._admin()
        org_data = self.data["organizer"]
        self.organizer = Organizer.objects.filter(symbol=org_data["symbol"]).first() or organizer_create(
            actor=self.admin, name=org_data["name"], symbol=org_data["symbol"], kind=Organizer.Kind.MINISTRY, office_name="Văn phòng Bộ"
        )
        organizer = self.organizer
        self._account("bng.thidua", "Lương Thu Hằng", f"cán bộ thi đua — {organizer.name}", organizer=organizer, roles=["organizer"])
        all_units: list[Unit] = []
        for cdata in self.data["clusters"]:
            cluster = Cluster.objects.filter(organizer=organizer, kind=Cluster.Kind.CLUSTER, number=str(cdata["number"])).first()
            if cluster is None:
                region = {"northern provinces": "Các tỉnh phía Bắc", "North-Central provinces": "Các tỉnh Bắc Trung Bộ"}.get(
                    cdata.get("region"), ""
                )
                cluster = cluster_create(
                    actor=self.admin,
                    organizer=organizer,
                    kind=Cluster.Kind.CLUSTER,
                    number=str(cdata["number"]),
                    name=cdata["name"],
                    region=region,
                )
            members_prev: list[str] = []
            for year, ydata in sorted(cdata["years"].items()):
                names = members_prev if ydata["members"] == "same as 2017" or ydata["members"] == "same as 2022" else ydata["members"]
                members_prev = names
                units = self.units_for(names, after_merger=int(year) >= REORG.year)
                all_units += units
                by_name = {u.province.short_name if u.province else u.name: u for u in units}
                roles = {by_name[ALIASES.get(n, n).removeprefix("Thành phố ")].pk: role for role, n in ydata.get("roles", {}).items()}
                members = [(u, roles.get(u.pk, Role.MEMBER)) for u in units]
                existing = ClusterYear.objects.filter(cluster=cluster, year=year).first()
                current = set(existing.memberships.values_list("unit_id", "role")) if existing else None
                if current != {(u.pk, r) for u, r in members}:
                    cluster_year_set_members(
                        actor=self.admin, cluster=cluster, year=int(year), members=members, reason="Dữ liệu mẫu (demo)"
                    )
                # Past years are over; the newest is still running (illustrative) — or, for a
                # cluster whose newest year the demo does not play (Cụm II's 2018), still being
                # prepared: a year marked finished must have been run (ranking, conference).
                newest = int(year) == max(int(y) for y in cdata["years"])
                phase = Phase.CLOSED if not newest else (Phase.IN_PROGRESS if int(year) >= REORG.year else Phase.PREPARING)
                ClusterYear.objects.filter(cluster=cluster, year=year, phase=Phase.PREPARING).update(phase=phase)
        # Every dissolved unit's history continues in a successor, even where the demo has
        # no cluster year after the merger (Cụm II's units).
        for unit in {u for u in all_units if u.valid_to and u.province and u.province.era == Province.Era.BEFORE}:
            self._successor_unit(unit.province.merged_into)
        self.unit_accounts(all_units)
        return self.result


def load_demo() -> DemoResult:
    return DemoLoader().load()


FEATURED = ("quantri", "bng.thidua", "thanhhoa.", "quangtri.", "danang.", "quangbinh.", "thainguyen.")


def load_org_demo() -> list[str]:
    """The organisation step of `manage.py load_demo`: what to print. Account lines are
    indented (so that --quiet-accounts can leave them out)."""
    result = load_demo()
    lines = [f"Demo data loaded ({result.created_units} new units).", f"Demo sign-ins (password for all: {DEMO_PASSWORD}):"]
    lines += [f"  {username:<22} {description}" for username, description in result.accounts if username.startswith(FEATURED)]
    lines.append(f"  … and <province>.canbo / <province>.lanhdao for every unit ({len(result.accounts)} accounts).")
    return lines

"""Reads for the organisation app: querysets scoped to what a user may see, with the
joins and prefetches their pages need, and the lineage queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.expressions import RawSQL

from thidua.core.memo import memoized

from .models import ROLE_ORDER, Cluster, ClusterYear, Membership, Organizer, Province, Role, Unit, UnitLineage, User
from .rules import is_admin, is_organizer_officer, is_unit_staff
from .text import fold


# --- scoping ---------------------------------------------------------------------------
def visible_organizer_ids(user) -> QuerySet | None:
    """None means "all" (system admin)."""
    if is_admin(user):
        return None
    ids = Organizer.objects.none().values("pk")
    if is_organizer_officer(user):
        ids = Organizer.objects.filter(pk=user.organizer_id).values("pk")
    if is_unit_staff(user):
        via_unit = Membership.objects.filter(unit_id=user.unit_id).values("organizer_id")
        ids = Organizer.objects.filter(Q(pk__in=ids) | Q(pk__in=via_unit)).values("pk")
    return ids


def clusters_for(user) -> QuerySet[Cluster]:
    qs = Cluster.objects.select_related("organizer")
    ids = visible_organizer_ids(user)
    return qs if ids is None else qs.filter(organizer_id__in=ids)


def organizers_for(user) -> QuerySet[Organizer]:
    ids = visible_organizer_ids(user)
    return Organizer.objects.all() if ids is None else Organizer.objects.filter(pk__in=ids)


def cluster_list(user, *, organizer=None, q: str = "", with_leaders: bool = True) -> QuerySet[Cluster]:
    """Clusters with their organizer, their years (newest first, in `years_desc`) and each
    year's leader (`leaders`), in a fixed number of queries. Only the columns a list shows
    are loaded: a national list prefetches thousands of years. Ordered explicitly: the
    COUNT annotation groups rows, and a grouped query ignores Meta.ordering — without an
    ORDER BY, pages of a paginated list could overlap."""
    qs = clusters_for(user).annotate(year_count=Count("years"))
    if organizer:
        qs = qs.filter(organizer=organizer)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(number__iexact=q) | Q(region__icontains=q))
    leaders = (
        Membership.objects.filter(role=Role.LEADER).select_related("unit").only("id", "cluster_year_id", "role", "unit__id", "unit__name")
    )
    years = ClusterYear.objects.order_by("-year").only("id", "cluster_id", "year", "phase")
    if with_leaders:
        years = years.prefetch_related(Prefetch("memberships", queryset=leaders, to_attr="leaders"))
    return qs.prefetch_related(Prefetch("years", queryset=years, to_attr="years_desc")).order_by("organizer__name", "kind", "name", "pk")


def with_latest_leader(clusters: QuerySet[Cluster]) -> QuerySet[Cluster]:
    """Annotate each cluster with the leader of its latest year (`latest_leader_id`,
    `latest_leader_name`): one subquery instead of loading every year's leader."""
    latest_year = ClusterYear.objects.filter(cluster=OuterRef(OuterRef("pk"))).order_by("-year").values("year")[:1]
    leader = Membership.objects.filter(cluster_year__cluster=OuterRef("pk"), role=Role.LEADER, year=Subquery(latest_year))
    return clusters.annotate(
        latest_leader_id=Subquery(leader.values("unit_id")[:1]), latest_leader_name=Subquery(leader.values("unit__name")[:1])
    )


def role_rank():
    """The ROLE_ORDER rank of a membership's role, for order_by: leader, first and second
    deputy, member — never the codes' alphabetical order (which puts the leader third)."""
    return Case(*(When(role=role, then=Value(rank)) for role, rank in ROLE_ORDER.items()), default=Value(len(ROLE_ORDER)),
                output_field=IntegerField())


def cluster_years_with_leaders(cluster: Cluster) -> list[ClusterYear]:
    """Every year of a cluster, newest first, each with its leader and deputies only
    (`leaders`): what the year tabs and the leadership timeline need. The members of one
    year are read separately (`year_members`), so that a cluster with a long history costs
    no more to show than a young one."""
    leaders = Membership.objects.exclude(role=Role.MEMBER).select_related("unit").order_by(role_rank(), "unit__name")
    return list(
        ClusterYear.objects.filter(cluster=cluster)
        .order_by("-year")  # each year's number of members: its `member_count`
        .prefetch_related(Prefetch("memberships", queryset=leaders, to_attr="leaders"))
    )


def year_members(cluster_year: ClusterYear) -> list[Membership]:
    return list(
        Membership.objects.filter(cluster_year=cluster_year).select_related("unit", "unit__province")
        .order_by(role_rank(), "unit__name", "unit_id")
    )


def cluster_year_get(cluster: Cluster, year: int) -> ClusterYear | None:
    return (
        ClusterYear.objects.select_related("cluster", "cluster__organizer")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("unit", "unit__province").order_by(role_rank(), "unit__name", "unit_id"),
                to_attr="members",
            )
        )
        .filter(cluster=cluster, year=year)
        .first()
    )


def leadership_timeline(years: list[ClusterYear]) -> list[dict]:
    """[{year, leader, deputy1, deputy2}] oldest first, from years read by cluster_years_with_leaders."""
    rows = []
    for cy in sorted(years, key=lambda y: y.year):
        by_role = {m.role: m.unit for m in cy.leaders}
        rows.append({"year": cy.year, "cluster_year": cy, **{r: by_role.get(r) for r in (Role.LEADER, Role.DEPUTY1, Role.DEPUTY2)}})
    return rows


def user_memberships(user, year: int | None = None) -> QuerySet[Membership]:
    if not is_unit_staff(user):
        return Membership.objects.none()
    qs = Membership.objects.filter(unit_id=user.unit_id).select_related("cluster_year__cluster__organizer").order_by("-year")
    return qs.filter(year=year) if year else qs


# --- units ----------------------------------------------------------------------------
def unit_list(*, q: str = "", province: int | None = None, active_on: dt.date | None = None, kind: str = "") -> QuerySet[Unit]:
    qs = Unit.objects.select_related("province", "managed_by")
    if q:
        qs = qs.filter(search_name__contains=fold(q))
    if province:
        qs = qs.filter(province_id=province)
    if kind:
        qs = qs.filter(kind=kind)
    if active_on:
        qs = qs.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=active_on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=active_on)
        )
    return qs.order_by("name", "id")


def role_order_key(role: str, unit_name: str, unit_id: int) -> tuple:
    """Leader first, then the deputies, then the members, each by unit name."""
    return ROLE_ORDER.get(role, len(ROLE_ORDER)), unit_name, unit_id


def in_role_order(memberships: Iterable[Membership]) -> list[Membership]:
    """Memberships (with their units) in role order (role_order_key)."""
    return sorted(memberships, key=lambda m: role_order_key(m.role, m.unit.name, m.unit_id))


def unit_detail(unit_id: int, *, with_memberships: bool = True) -> Unit | None:
    """The unit with its province, its direct lineage links (`lineage_in`, `lineage_out`,
    from the request's one lineage read, below) and, for the API's answer, its memberships
    (`membership_history`); the unit page reads its history with its predecessors' instead
    (membership_history() below)."""
    qs = Unit.objects.select_related("province", "province__merged_into", "managed_by").filter(pk=unit_id)
    if with_memberships:
        members = Membership.objects.select_related("cluster_year__cluster").order_by("-year")
        qs = qs.prefetch_related(Prefetch("memberships", queryset=members, to_attr="membership_history"))
    unit = qs.first()
    if unit is not None:
        graph = lineage(unit.pk)
        unit.lineage_in, unit.lineage_out = graph.links_in, graph.links_out
    return unit


# A cap on the hops followed, so that a cycle of links (A → B and B → A is allowed) ends.
LINEAGE_MAX_DEPTH = 50


@dataclass(frozen=True)
class Lineage:
    """Every lineage link reached from one unit, backwards (its predecessors, theirs…) and
    forwards (its successors…), with both ends' units and provinces: what the unit page, its
    panels and the services ask of a unit's lineage, answered from one read."""

    unit_id: int
    links: tuple[UnitLineage, ...]

    @property
    def links_in(self) -> list[UnitLineage]:
        """The direct links from the unit's predecessors."""
        return [link for link in self.links if link.successor_id == self.unit_id]

    @property
    def links_out(self) -> list[UnitLineage]:
        """The direct links to the unit's successors."""
        return [link for link in self.links if link.predecessor_id == self.unit_id]

    def reached(self, *, backwards: bool, until: dt.date | None = None) -> list[Unit]:
        """The units reached by following the links backwards or forwards — only links in
        force on `until` if given (no effective date counts as always) — nearest first, then
        by name; each carries `lineage_depth` (1: a direct link). A cycle of links ends."""
        depth_of: dict[int, int] = {self.unit_id: 0}
        units: dict[int, Unit] = {}
        frontier = {self.unit_id}
        depth = 0
        while frontier:
            depth += 1
            following = set()
            for link in self.links:
                start, end, unit = (
                    (link.successor_id, link.predecessor_id, link.predecessor) if backwards
                    else (link.predecessor_id, link.successor_id, link.successor)
                )  # fmt: skip
                if start not in frontier or end in depth_of:
                    continue
                if until is not None and link.effective_on is not None and link.effective_on > until:
                    continue
                depth_of[end] = depth
                units[end] = unit
                following.add(end)
            frontier = following
        for pk, unit in units.items():
            unit.lineage_depth = depth_of[pk]
        return sorted(units.values(), key=lambda u: (u.lineage_depth, u.name, u.pk))


def lineage(unit_id: int) -> Lineage:
    """The unit's whole lineage in ONE statement whatever the number of hops (a recursive
    CTE each way, in a subquery; SQLite and PostgreSQL both have WITH RECURSIVE), once per
    request: the unit page, its panels and its header all follow the same links."""
    link = UnitLineage._meta.db_table
    sql = f"""
        WITH RECURSIVE back(link_id, unit_id, depth) AS (
            SELECT l.id, l.predecessor_id, 1 FROM {link} l WHERE l.successor_id = %s
            UNION
            SELECT l.id, l.predecessor_id, w.depth + 1 FROM {link} l JOIN back w ON l.successor_id = w.unit_id
            WHERE w.depth < %s
        ), ahead(link_id, unit_id, depth) AS (
            SELECT l.id, l.successor_id, 1 FROM {link} l WHERE l.predecessor_id = %s
            UNION
            SELECT l.id, l.successor_id, w.depth + 1 FROM {link} l JOIN ahead w ON l.predecessor_id = w.unit_id
            WHERE w.depth < %s
        )
        SELECT link_id FROM back UNION SELECT link_id FROM ahead
    """  # noqa: S608 - the table's name comes from the model, values are parameters
    params = [unit_id, LINEAGE_MAX_DEPTH, unit_id, LINEAGE_MAX_DEPTH]

    def read() -> Lineage:
        walked = RawSQL(sql, params)  # noqa: S611 - the SQL above
        links = UnitLineage.objects.filter(pk__in=walked).select_related("predecessor__province", "successor__province")
        return Lineage(unit_id, tuple(links.order_by("pk")))

    return memoized(("org.lineage", unit_id), read)


def unit_all_predecessors(unit: Unit) -> list[Unit]:
    """Every unit this one descends from, nearest first (one query, however many hops)."""
    return lineage(unit.pk).reached(backwards=True)


def unit_all_successors(unit: Unit) -> list[Unit]:
    """Every unit that took over this one's duties, directly or later, nearest first (one query)."""
    return lineage(unit.pk).reached(backwards=False)


def unit_successor_on(unit: Unit, day: dt.date) -> Unit | None:
    """The unit that carries `unit`'s duties on `day`: itself if it still exists then,
    otherwise the nearest successor (through as many mergers as happened, by links in force
    on that day) active on that day — one query at most."""
    if unit.is_active_on(day):
        return unit
    return next((u for u in lineage(unit.pk).reached(backwards=False, until=day) if u.is_active_on(day)), None)


def province_on(province: Province, day: dt.date) -> Province:
    """The province that covers `province`'s territory on `day` (old -> new after 1/7/2025)."""
    while not province.is_active_on(day) and province.merged_into_id and province.merged_into_id != province.pk:
        province = province.merged_into
    return province


def foreign_affairs_unit_on(province: Province, day: dt.date) -> Unit | None:
    """The unit that holds a province's foreign-affairs duties on `day`: its Sở Ngoại vụ,
    or, where there is none, the foreign-affairs division of its People's Committee office.
    `province` may be of either era: the search covers the provinces the territory belonged
    to before and after 1 July 2025 (a unit of an unchanged province continues through it)."""
    related = {province.pk, *province.formed_from.values_list("pk", flat=True)}
    if province.merged_into_id:
        related.add(province.merged_into_id)
    candidates = unit_list(active_on=day).filter(province_id__in=related, kind__in=Unit.FOREIGN_AFFAIRS_KINDS)
    # A department, where there is one, before a division; then the unit whose own
    # province is the one asked about.
    ranked = sorted(
        candidates,
        key=lambda u: (u.kind != Unit.Kind.FOREIGN_AFFAIRS_DEPARTMENT, u.province_id != province_on(province, day).pk, u.name),
    )
    return ranked[0] if ranked else None


def provinces(era: str | None = None) -> QuerySet[Province]:
    qs = Province.objects.select_related("merged_into").prefetch_related("formed_from")
    return qs.filter(era=era) if era else qs


# --- users ----------------------------------------------------------------------------
def users_for(user, *, unit_id: int | None = None) -> QuerySet[User]:
    qs = User.objects.select_related("unit", "organizer").order_by("username")
    if not is_admin(user):
        if not is_organizer_officer(user):
            return qs.none()
        in_scope = (
            Q(organizer_id=user.organizer_id)
            | Q(unit__managed_by_id=user.organizer_id)
            | Q(unit__memberships__organizer_id=user.organizer_id)
        )
        qs = qs.filter(in_scope).distinct()
    return qs.filter(unit_id=unit_id) if unit_id else qs


def unit_in_organizer_scope(unit: Unit, organizer_id: int) -> bool:
    return unit.managed_by_id == organizer_id or Membership.objects.filter(unit=unit, organizer_id=organizer_id).exists()


# --- web pages (org/views.py) -----------------------------------------------------------
def cluster_year_numbers(cluster: Cluster) -> list[int]:
    """The years a cluster has, newest first."""
    return list(ClusterYear.objects.filter(cluster=cluster).order_by("-year").values_list("year", flat=True))


def unit_candidates(cluster: Cluster, year: int, *, q: str = "", exclude_ids=(), limit: int = 20) -> list[Unit]:
    """Units that existed in `year` and match `q` (accent-insensitive), to add to the
    cluster's year. `other_cluster_name` names the organizer's other cluster that already
    has the unit that year (the membership service would refuse it), else None."""
    from django.db.models import OuterRef, Subquery

    elsewhere = (
        Membership.objects.filter(unit=OuterRef("pk"), organizer_id=cluster.organizer_id, year=year)
        .exclude(cluster_year__cluster=cluster)
        .values("cluster_year__cluster__name")[:1]
    )
    qs = (
        unit_list(q=q)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__year__lte=year), Q(valid_to__isnull=True) | Q(valid_to__year__gte=year))
        .exclude(pk__in=list(exclude_ids))
        .annotate(other_cluster_name=Subquery(elsewhere))
    )
    return list(qs[:limit])


def units_carried_over(source: ClusterYear, year: int) -> tuple[list[Unit], list[tuple[Unit, Unit]]]:
    """A starting list of units for `year` from an earlier year's members: each unit, or
    the unit that carries its duties at the end of `year` if it was merged away since.
    Returns (units, [(merged-away unit, its successor)])."""
    end = dt.date(year, 12, 31)
    units: dict[int, Unit] = {}
    replaced: list[tuple[Unit, Unit]] = []
    for membership in source.memberships.select_related("unit", "unit__province").order_by("unit__name"):
        unit = unit_successor_on(membership.unit, end) or membership.unit
        if unit.pk != membership.unit_id:
            replaced.append((membership.unit, unit))
        units.setdefault(unit.pk, unit)
    return sorted(units.values(), key=lambda u: u.name), replaced


def membership_history(unit_ids, user) -> list[Membership]:
    """Memberships of these units (a unit and its predecessors) in the clusters `user` may
    see, newest first; once per request (the unit page lists them, its scoring panel
    looks among their years for published rankings)."""
    unit_ids = sorted(set(unit_ids))

    def read() -> list[Membership]:
        qs = Membership.objects.filter(unit_id__in=unit_ids).select_related("unit", "cluster_year__cluster__organizer")
        ids = visible_organizer_ids(user)
        if ids is not None:
            qs = qs.filter(organizer_id__in=ids)
        return list(qs.order_by("-year", "cluster_year__cluster__name", "unit__name"))

    return memoized(("org.membership_history", tuple(unit_ids), user.pk), read)


def org_counts() -> dict[str, int]:
    """Totals for the system admin's dashboard."""
    from thidua.core.models import AuditEvent

    return {
        "organizers": Organizer.objects.count(),
        "clusters": Cluster.objects.count(),
        "units": Unit.objects.count(),
        "users": User.objects.filter(is_active=True).count(),
        "audit_events": AuditEvent.objects.count(),
    }


_audit_masks: list[Callable[[QuerySet], QuerySet]] = []


def register_audit_mask(mask: Callable[[QuerySet], QuerySet]) -> None:
    """A downstream app hides some events from the audit browser for a while (voting: the
    per-unit "voted" events of a poll still open — who voted when). Called from its
    AppConfig.ready(); `mask(queryset) -> queryset`."""
    if mask not in _audit_masks:
        _audit_masks.append(mask)


def audit_events_for(user, *, action: str = "", cluster_id: int | None = None) -> QuerySet:
    """The audit trail `user` may read: everything for the admin, their organizer's events
    for an organizer officer, nothing for anyone else; less what the masks hide for now."""
    from thidua.core.models import AuditEvent

    qs = AuditEvent.objects.order_by("-id")
    for mask in _audit_masks:
        qs = mask(qs)
    if not is_admin(user):
        if not is_organizer_officer(user):
            return qs.none()
        qs = qs.filter(organizer_ref=user.organizer_id)
    if action:
        qs = qs.filter(action=action)
    if cluster_id:
        qs = qs.filter(cluster_ref=cluster_id)
    return qs


def audit_actions_for(user) -> list[str]:
    return list(audit_events_for(user).order_by("action").values_list("action", flat=True).distinct())


def unit_names(ids) -> dict[int, str]:
    return dict(Unit.objects.filter(pk__in=list(ids)).values_list("pk", "name")) if ids else {}


def province_names(ids) -> dict[int, str]:
    return dict(Province.objects.filter(pk__in=list(ids)).values_list("pk", "name")) if ids else {}

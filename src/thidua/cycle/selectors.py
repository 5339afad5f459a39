"""Reads of a cluster's year, scoped and prefetched: a list page costs the same number of
queries with 3 members as with 20."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.org.models import ClusterYear, Membership
from thidua.org.selectors import in_role_order, visible_organizer_ids

from .awards import award_kinds_by_code
from .models import ConferencePlan, Covenant, CovenantSignature, Launch, Registration
from .tasks import deadline_of, unit_tasks  # noqa: F401  (re-exported: selectors are the read API)


def cluster_year_for(user, cluster_pk: int, year: int) -> ClusterYear | None:
    """The year of a cluster the user may see (None: unknown or invisible, answer 404)."""
    if not (0 < cluster_pk < 2**63 and 1990 <= year <= 2100):
        return None
    years = ClusterYear.objects.select_related("cluster", "cluster__organizer").filter(cluster_id=cluster_pk, year=year)
    organizers = visible_organizer_ids(user)  # clusters_for()'s rule, without its clusters' subquery
    if organizers is not None:
        years = years.filter(cluster__organizer_id__in=organizers)
    return years.first()


def cluster_year_or_404(user, cluster_pk: int, year: int) -> ClusterYear:
    """For pages: the year if the user may see its cluster; Http404 otherwise (never 403:
    that would tell that it exists)."""
    cluster_year = cluster_year_for(user, cluster_pk, year)
    if cluster_year is None:
        raise Http404(_("Không tìm thấy năm thi đua."))
    return cluster_year


def members_of(cluster_year: ClusterYear) -> list[Membership]:
    """The year's members, leader first, then deputies, then the others by name."""
    rows = list(Membership.objects.filter(cluster_year=cluster_year).select_related("unit", "unit__province"))
    return in_role_order(rows)


def launch_of(cluster_year: ClusterYear) -> Launch | None:
    return Launch.objects.select_related("published_by").filter(cluster_year=cluster_year).first()


# --- registrations ---------------------------------------------------------------------------
@dataclass
class RegistrationRow:
    membership: Membership
    registration: Registration | None
    late: bool
    title_names: list[str]

    @property
    def unit(self):
        return self.membership.unit


def registration_rows(cluster_year: ClusterYear) -> list[RegistrationRow]:
    """Every member with its registration (or None: not registered yet), in member order."""
    registrations = {
        r.unit_id: r for r in Registration.objects.filter(cluster_year=cluster_year).select_related("submitted_by")
    }
    deadline = deadline_of(cluster_year, "launched")
    catalogue = award_kinds_by_code()
    rows = []
    for m in members_of(cluster_year):
        reg = registrations.get(m.unit_id)
        late = bool(reg and deadline and timezone.localdate(reg.submitted_at) > deadline)
        names = [catalogue[c].name if c in catalogue else c for c in (reg.titles if reg else [])]
        rows.append(RegistrationRow(membership=m, registration=reg, late=late, title_names=names))
    return rows


def registrations_list(cluster_year: ClusterYear):
    return Registration.objects.filter(cluster_year=cluster_year).select_related("unit", "submitted_by").order_by("unit__name", "pk")


# --- covenant ----------------------------------------------------------------------------------
@dataclass
class CovenantProgress:
    covenant: Covenant | None
    rows: list[tuple[Membership, CovenantSignature | None]]

    @property
    def signed(self) -> int:
        return sum(1 for _m, s in self.rows if s is not None)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def percent(self) -> int:
        return round(100 * self.signed / self.total) if self.total else 0

    @property
    def label(self) -> str:
        from django.utils.translation import gettext as _

        return _("{signed}/{total} đơn vị đã ký").format(signed=self.signed, total=self.total)

    @property
    def unsigned_units(self):
        return [m.unit for m, s in self.rows if s is None]


def covenant_of(cluster_year: ClusterYear) -> Covenant | None:
    signatures = CovenantSignature.objects.select_related("unit", "signed_by").order_by("signed_at", "pk")
    return (
        Covenant.objects.select_related("issued_document", "updated_by")
        .prefetch_related(Prefetch("signatures", queryset=signatures, to_attr="signature_list"))
        .filter(cluster_year=cluster_year)
        .first()
    )


def covenant_progress(cluster_year: ClusterYear, covenant: Covenant | None = None) -> CovenantProgress:
    covenant = covenant if covenant is not None else covenant_of(cluster_year)
    by_unit = {s.unit_id: s for s in (covenant.signature_list if covenant else [])}
    return CovenantProgress(covenant=covenant, rows=[(m, by_unit.get(m.unit_id)) for m in members_of(cluster_year)])


def conference_plan_of(cluster_year: ClusterYear) -> ConferencePlan | None:
    return (
        ConferencePlan.objects.select_related("issued_document", "issuer_unit", "issuer_unit__province", "issued_by")
        .filter(cluster_year=cluster_year)
        .first()
    )


def head_name(unit_id: int) -> str:
    """The full name of a head of the unit (the first by name), for a signature block."""
    from thidua.org.models import User

    user = User.objects.filter(unit_id=unit_id, is_unit_head=True, is_active=True).order_by("full_name", "pk").first()
    return user.full_name if user else ""


def today() -> dt.date:
    return timezone.localdate()

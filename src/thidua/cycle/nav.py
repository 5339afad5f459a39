"""The cycle's items of the year's navigation (cycle.yearnav): the overview and the
year's own pages. They are open to whoever may see the year (cycle.view_year: its members
and its organizer), and the navigation is drawn only on pages of the year, each of which
has checked that (or its equal, e.g. scoring.view_criteria): not asked again here, which
would cost a query on every page."""

from __future__ import annotations

from django.utils.translation import gettext as _

from thidua.org.presenters import year_url

from .yearnav import NavItem


def cycle_nav_items(user, cluster_year) -> list[NavItem]:
    return [
        NavItem("workspace", _("Tổng quan"), year_url("cluster_year_detail", cluster_year), order=0),
        NavItem("launch", _("Phát động"), year_url("cycle_launch", cluster_year), order=10),
        NavItem("registrations", _("Đăng ký"), year_url("cycle_registrations", cluster_year), order=20),
        NavItem("covenant", _("Giao ước"), year_url("cycle_covenant", cluster_year), order=30),
        NavItem("plan", _("Kế hoạch hội nghị"), year_url("cycle_plan", cluster_year), order=82),
        NavItem("settings", _("Quy định"), year_url("cycle_settings", cluster_year), order=95),
    ]

"""The reports app's items in the year's navigation (cycle.yearnav): the mid-year review
and the summary report, from the year's work on (in_progress)."""

from django.utils.translation import gettext as _

from thidua.core.permissions import can
from thidua.cycle.phases import reached
from thidua.cycle.yearnav import NavItem
from thidua.org.models import Phase
from thidua.org.presenters import year_url


def reports_nav_items(user, cluster_year) -> list[NavItem]:
    # reports.view: the year's members and the organizer, as cycle.view_year, read from the
    # year's memoized roles (no query of its own on a year's page)
    if not reached(cluster_year, Phase.IN_PROGRESS) or not can(user, "reports.view", cluster_year):
        return []
    return [
        NavItem("midyear", _("Sơ kết"), year_url("reports_mid_year", cluster_year), order=55),
        NavItem("report", _("Báo cáo tổng kết"), year_url("reports_report", cluster_year), order=84),
    ]

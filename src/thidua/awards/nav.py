"""The awards app's items in the year's navigation (cycle.yearnav)."""

from django.utils.translation import gettext as _

from thidua.core.permissions import can
from thidua.cycle.phases import reached
from thidua.cycle.yearnav import NavItem
from thidua.org.models import Phase
from thidua.org.presenters import year_url


def awards_nav_items(user, cluster_year) -> list[NavItem]:
    # ratings assess the year's work: listed from the ranking on (the page itself is always there)
    if not reached(cluster_year, Phase.RANKING) or not can(user, "cycle.view_year", cluster_year):
        return []
    items = [NavItem("ratings", _("Xếp loại"), year_url("awards_year_ratings", cluster_year), order=96)]
    if reached(cluster_year, Phase.PROPOSALS):
        # the proposal dossier to the organizer, from the proposals phase on
        items.append(NavItem("dossier", _("Hồ sơ đề nghị"), year_url("awards_dossier", cluster_year), order=97))
    return items

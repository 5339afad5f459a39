"""The scoring app's items of the year's navigation (cycle.yearnav, registered in
ScoringConfig.ready): the criteria table, then each scoring page once its phase is reached."""

from __future__ import annotations

from django.utils.translation import gettext as _

from thidua.cycle.phases import reached
from thidua.cycle.yearnav import NavItem
from thidua.org.models import Phase
from thidua.org.presenters import year_url

from .rules import can


def scoring_nav_items(user, cluster_year) -> list[NavItem]:
    if not can(user, "scoring.view_criteria", cluster_year):
        return []
    items = [NavItem("criteria", _("Tiêu chí"), year_url("scoring_criteria", cluster_year), order=50)]
    if reached(cluster_year, Phase.SELF_ASSESSMENT) and can(user, "scoring.view_progress", cluster_year):
        items.append(NavItem("self", _("Tự chấm"), year_url("scoring_self_home", cluster_year), order=60))
    if reached(cluster_year, Phase.CROSS_SCORING) and can(user, "scoring.view_progress", cluster_year):
        items.append(NavItem("cross", _("Chấm chéo"), year_url("scoring_cross_home", cluster_year), order=70))
    if reached(cluster_year, Phase.RANKING) and can(user, "scoring.view_ranking", cluster_year):
        items.append(NavItem("ranking", _("Xếp hạng"), year_url("scoring_ranking", cluster_year), order=80))
    return items

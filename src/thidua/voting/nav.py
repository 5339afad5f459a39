"""The voting app's items of the year's navigation (cycle.yearnav, registered in
VotingConfig.ready): the conference and the polls, from the ranking phase on."""

from __future__ import annotations

from django.utils.translation import gettext as _

from thidua.cycle.phases import phase_allows
from thidua.cycle.yearnav import NavItem
from thidua.org.presenters import year_url

from .rules import can


def voting_nav_items(user, cluster_year) -> list[NavItem]:
    if not phase_allows(cluster_year, "show_conference") or not can(user, "voting.view", cluster_year):
        return []
    return [
        NavItem("conference", _("Hội nghị"), year_url("voting_conference", cluster_year), order=86),
        NavItem("polls", _("Biểu quyết"), year_url("voting_polls", cluster_year), order=87),
    ]

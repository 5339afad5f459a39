"""The channel's item in the year's navigation (cycle.yearnav): the cluster's information
channel, where the year's news is drafted from its results after the conference."""

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.cycle.yearnav import NavItem


def channel_nav_items(user, cluster_year) -> list[NavItem]:
    # shown on the year's pages, which only those who may see the year reach: no query here
    return [NavItem("channel", _("Kênh thông tin"), reverse("channel_cluster", args=[cluster_year.cluster_id]), order=98)]

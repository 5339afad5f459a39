"""The awards app's items in the year's navigation (cycle.yearnav) and its section on the
year's page (cycle.workspace)."""

from django.utils.translation import gettext as _

from thidua.core.permissions import can
from thidua.cycle.phases import reached
from thidua.cycle.workspace import Section
from thidua.cycle.yearnav import NavItem
from thidua.org.models import Phase
from thidua.org.presenters import year_url

from .models import Award


def awards_nav_items(user, cluster_year) -> list[NavItem]:
    # ratings assess the year's work: listed from the ranking on (the page itself is always there)
    if not reached(cluster_year, Phase.RANKING) or not can(user, "cycle.view_year", cluster_year):
        return []
    items = [
        NavItem("ratings", _("Xếp loại"), year_url("awards_year_ratings", cluster_year), order=96),
        NavItem("awards", _("Khen thưởng"), year_url("awards_year_awards", cluster_year), order=98),
    ]
    if reached(cluster_year, Phase.PROPOSALS):
        # the proposal dossier to the organizer, from the proposals phase on
        items.append(NavItem("dossier", _("Hồ sơ đề nghị"), year_url("awards_dossier", cluster_year), order=97))
    return items


def awards_sections(user, cluster_year) -> list[Section]:
    if not can(user, "cycle.view_year", cluster_year):
        return []
    count = Award.objects.filter(year=cluster_year.year, unit__memberships__cluster_year=cluster_year).count()
    return [
        Section(
            title=_("Khen thưởng năm {year}").format(year=cluster_year.year),
            url=year_url("awards_year_awards", cluster_year),
            description=_("Các danh hiệu, hình thức khen thưởng của đơn vị thành viên theo quyết định của cơ quan có thẩm quyền."),
            status=_("{n} khen thưởng").format(n=count),
            order=95,
        ),
        Section(
            title=_("Kỷ luật năm {year}").format(year=cluster_year.year),
            url=year_url("awards_year_discipline", cluster_year),
            description=_("Kỷ luật của tập thể hoặc người đứng đầu đơn vị — căn cứ điều kiện “không bị kỷ luật”."),
            order=97,
        ),
    ]

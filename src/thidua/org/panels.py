"""Panels that downstream apps add to the unit page (e.g. scoring's totals over the years)
and to the cluster page (awards: each year's awards), so that org shows them without
importing those apps. In the app's AppConfig.ready():

    from thidua.org.panels import register_cluster_panel, register_unit_panel
    register_unit_panel("scoring/_unit_totals.html", unit_totals_context)  # context(user, unit) -> dict
    register_cluster_panel("awards/_cluster_awards.html", cluster_awards_context)  # context(user, cluster) -> dict
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class UnitPanel:
    template: str
    context: Callable


_panels: list[UnitPanel] = []


def register_unit_panel(template: str, context: Callable) -> None:
    panel = UnitPanel(template, context)
    if panel not in _panels:
        _panels.append(panel)


def unit_panels(request, unit) -> list[str]:
    """The panels of the unit page rendered to HTML, in registration order."""
    from django.template.loader import render_to_string

    return [render_to_string(p.template, p.context(request.user, unit), request=request) for p in _panels]


_cluster_panels: list[UnitPanel] = []


def register_cluster_panel(template: str, context: Callable) -> None:
    panel = UnitPanel(template, context)
    if panel not in _cluster_panels:
        _cluster_panels.append(panel)


def cluster_panels(request, cluster) -> list[str]:
    """The panels of the cluster page rendered to HTML, in registration order."""
    from django.template.loader import render_to_string

    return [render_to_string(p.template, p.context(request.user, cluster), request=request) for p in _cluster_panels]

"""Panels that downstream apps add to org's pages — the unit page (scoring's totals over
the years, awards' registry) and the cluster page (awards: each year's awards) — so that
org shows them without importing those apps. In the app's AppConfig.ready():

    from thidua.org.panels import register_cluster_panel, register_unit_panel
    register_unit_panel("scoring/_unit_totals.html", unit_totals_context)  # context(user, unit) -> dict
    register_cluster_panel("awards/_cluster_awards.html", cluster_awards_context)  # context(user, cluster) -> dict
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable  # context(user, the page's object) -> dict


#: the panels of each page, in registration order
_panels: dict[str, list[Panel]] = {"unit": [], "cluster": []}


def _register(page: str, template: str, context: Callable) -> None:
    panel = Panel(template, context)
    if panel not in _panels[page]:
        _panels[page].append(panel)


def _render(page: str, request, obj) -> list[str]:
    from django.template.loader import render_to_string

    return [render_to_string(p.template, p.context(request.user, obj), request=request) for p in _panels[page]]


def register_unit_panel(template: str, context: Callable) -> None:
    _register("unit", template, context)


def register_cluster_panel(template: str, context: Callable) -> None:
    _register("cluster", template, context)


def unit_panels(request, unit) -> list[str]:
    """The panels of the unit page rendered to HTML, in registration order."""
    return _render("unit", request, unit)


def cluster_panels(request, cluster) -> list[str]:
    """The panels of the cluster page rendered to HTML, in registration order."""
    return _render("cluster", request, cluster)

"""Panels about the candidates of a nomination poll being prepared, contributed by the apps
above voting (awards: each candidate's score, rank and eligibility for the poll's award),
so that voting shows them without importing those apps (decision 0005). In the app's
AppConfig.ready():

    from thidua.voting.candidate_panels import register_candidate_panel
    register_candidate_panel("awards/_poll_candidates.html", context)
    # context(user, cluster_year, poll_kind, units) -> dict, or None to show nothing
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CandidatePanel:
    template: str
    context: Callable


_panels: list[CandidatePanel] = []


def register_candidate_panel(template: str, context: Callable) -> None:
    panel = CandidatePanel(template, context)
    if panel not in _panels:
        _panels.append(panel)


def candidate_panels(request, cluster_year, kind: str, units) -> list[str]:
    """The panels rendered to HTML for a nomination poll of `kind` whose candidates are
    `units` (in the order shown)."""
    from django.template.loader import render_to_string

    html = []
    for panel in _panels:
        context = panel.context(request.user, cluster_year, kind, list(units))
        if context is not None:
            html.append(render_to_string(panel.template, context, request=request))
    return html

"""Reactions of the scoring app to the organisation app's signals (connected in
ScoringConfig.ready)."""

from __future__ import annotations

from thidua.org.models import Phase


def on_phase_changed(sender, *, cluster_year, old_phase, new_phase, actor, **kwargs) -> None:
    """Opening self-assessment freezes the year's criteria table for good, and is refused
    (the domain error rolls the phase change back) when the year has no table. Moving
    back does not unfreeze it: scores always refer to the table they were made against."""
    order = Phase.order()
    opening = order.index(Phase.SELF_ASSESSMENT)
    if order.index(old_phase) < opening <= order.index(new_phase):
        from .services import criteria_table_freeze

        criteria_table_freeze(actor=actor, cluster_year=cluster_year)

"""The scoring app's part in a year's phase change (connected in ScoringConfig.ready to
the hooks of cycle.signals)."""

from __future__ import annotations

from thidua.cycle import phases
from thidua.org.models import Phase


def on_phase_changing(sender, *, cluster_year, old_phase, new_phase, actor, **kwargs) -> None:
    """Self-assessment cannot open without a criteria table (read-only; refuses with 409)."""
    if phases.crossed(old_phase, new_phase, Phase.SELF_ASSESSMENT):
        from .services import criteria_table_require

        criteria_table_require(cluster_year)


def on_phase_changed(sender, *, cluster_year, old_phase, new_phase, actor, **kwargs) -> None:
    """Opening self-assessment freezes the year's criteria table for good. Moving back does
    not unfreeze it: scores always refer to the table they were made against."""
    if phases.crossed(old_phase, new_phase, Phase.SELF_ASSESSMENT):
        from .services import criteria_table_freeze

        criteria_table_freeze(actor=actor, cluster_year=cluster_year)

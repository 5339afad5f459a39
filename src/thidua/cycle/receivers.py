"""Reactions of the cycle app to changes in the organisation app (connected in
CycleConfig.ready)."""

from __future__ import annotations

from thidua.org.models import Phase


def on_year_created(sender, *, cluster_year, actor, **kwargs) -> None:
    """A new year gets its rules (the defaults) in the same transaction."""
    from .services import year_settings_create

    year_settings_create(actor=actor, cluster_year=cluster_year)


def on_phase_changed(sender, *, cluster_year, old_phase, new_phase, actor, **kwargs) -> None:
    """Entering the covenant phase needs a published launch (else the move is refused:
    the domain error rolls the phase change back) and builds the covenant's text from the
    launch items when it is still empty."""
    if new_phase == Phase.COVENANT:
        from .services import covenant_build_on_entering

        covenant_build_on_entering(actor=actor, cluster_year=cluster_year)

"""The cycle app's part in a year's phase change (connected in CycleConfig.ready to the
hooks of cycle.signals, like every other app's)."""

from __future__ import annotations

from thidua.org.models import Phase


def on_year_created(sender, *, cluster_year, actor, **kwargs) -> None:
    """A new year gets its rules (the defaults) in the same transaction."""
    from .services import year_settings_create

    year_settings_create(actor=actor, cluster_year=cluster_year)


def on_phase_changing(sender, *, cluster_year, old_phase, new_phase, actor, **kwargs) -> None:
    """Entering the covenant phase needs a published launch (read-only; refuses with 409)."""
    if new_phase == Phase.COVENANT:
        from .services import covenant_require_published_launch

        covenant_require_published_launch(cluster_year)


def on_phase_changed(sender, *, cluster_year, old_phase, new_phase, actor, **kwargs) -> None:
    """Entering the covenant phase builds the covenant's text from the launch items when it
    is still empty (audited after the phase change). Every change is told to the year's
    people (notifications; e-mailed after the commit)."""
    if new_phase == Phase.COVENANT:
        from .services import covenant_build_on_entering

        covenant_build_on_entering(actor=actor, cluster_year=cluster_year)
    from .notices import tell_phase_changed

    tell_phase_changed(cluster_year=cluster_year, old_phase=old_phase, new_phase=new_phase, actor=actor, reason=kwargs.get("reason", ""))

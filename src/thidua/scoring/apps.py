from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "thidua.scoring"
    label = "scoring"
    verbose_name = "Chấm điểm thi đua"

    def ready(self) -> None:
        from thidua.cycle.workspace import register_section
        from thidua.org.signals import phase_changed

        from . import rules  # noqa: F401  (registers the permissions)
        from .receivers import on_phase_changed
        from .workspace import sections

        phase_changed.connect(on_phase_changed, dispatch_uid="thidua.scoring.on_phase_changed")
        register_section(sections)

        from thidua.core.demo import register_demo_step

        from .demo import load_scoring_demo

        register_demo_step("scoring", load_scoring_demo, order=30)

        from thidua.org.panels import register_unit_panel

        from .presenters import unit_totals_context

        register_unit_panel("scoring/_unit_totals.html", unit_totals_context)

from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "thidua.scoring"
    label = "scoring"
    verbose_name = "Chấm điểm thi đua"

    def ready(self) -> None:
        from thidua.cycle.signals import phase_changed, phase_changing
        from thidua.cycle.tasks import register_task_provider
        from thidua.cycle.workspace import register_section

        from . import rules  # noqa: F401  (registers the permissions)
        from .receivers import on_phase_changed, on_phase_changing
        from .tasks import scoring_tasks
        from .workspace import sections

        phase_changing.connect(on_phase_changing, dispatch_uid="thidua.scoring.on_phase_changing")
        phase_changed.connect(on_phase_changed, dispatch_uid="thidua.scoring.on_phase_changed")
        register_task_provider(scoring_tasks)  # the unit's dashboard: its sheets to fill and submit
        register_section(sections)

        from thidua.cycle.yearnav import register_nav_items

        from .nav import scoring_nav_items

        register_nav_items(scoring_nav_items)  # the year's one navigation: criteria, self, cross, ranking

        from thidua.core.demo import register_demo_step

        from .demo import load_scoring_demo

        register_demo_step("scoring", load_scoring_demo, order=30)

        from thidua.org.panels import register_unit_panel

        from .presenters import unit_totals_context

        register_unit_panel("scoring/_unit_totals.html", unit_totals_context)

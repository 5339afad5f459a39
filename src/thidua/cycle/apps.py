from django.apps import AppConfig


class CycleConfig(AppConfig):
    name = "thidua.cycle"
    label = "cycle"
    verbose_name = "Năm thi đua"

    def ready(self) -> None:
        from thidua.org.signals import year_created

        from .receivers import on_phase_changed, on_phase_changing, on_year_created
        from .sections import cycle_sections
        from .signals import phase_changed, phase_changing
        from .workspace import register_section

        phase_changing.connect(on_phase_changing, dispatch_uid="cycle.on_phase_changing")
        phase_changed.connect(on_phase_changed, dispatch_uid="cycle.on_phase_changed")
        year_created.connect(on_year_created, dispatch_uid="cycle.on_year_created")
        register_section(cycle_sections)

        from .nav import cycle_nav_items
        from .yearnav import register_nav_items

        register_nav_items(cycle_nav_items)

        from thidua.core.demo import register_demo_step

        from .demo import load_cycle_demo

        register_demo_step("cycle", load_cycle_demo, order=20)

from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "thidua.awards"
    label = "awards"
    verbose_name = "Khen thưởng"

    def ready(self) -> None:
        from thidua.core.demo import register_demo_step
        from thidua.cycle.tasks import register_organizer_task_provider, register_task_provider
        from thidua.cycle.workspace import register_section
        from thidua.cycle.yearnav import register_nav_items
        from thidua.org.panels import register_cluster_panel, register_unit_panel
        from thidua.voting.candidate_panels import register_candidate_panel

        from . import dossier_rules, rules  # noqa: F401  (register the permissions)
        from .demo import load_awards_demo
        from .dossier_tasks import dossier_tasks, organizer_dossier_tasks
        from .nav import awards_nav_items, awards_sections
        from .presenters import cluster_awards_context, poll_candidates_context, unit_awards_context

        register_demo_step("awards", load_awards_demo, order=50)  # after voting's replay of Cụm II 2017
        register_unit_panel("awards/_unit_awards.html", unit_awards_context)
        register_cluster_panel("awards/_cluster_awards.html", cluster_awards_context)  # each year's awards
        register_nav_items(awards_nav_items)
        register_section(awards_sections)  # the year's awards on the year's page
        register_candidate_panel("awards/_poll_candidates.html", poll_candidates_context)  # voting's poll preparation
        register_task_provider(dossier_tasks)
        register_organizer_task_provider(organizer_dossier_tasks)

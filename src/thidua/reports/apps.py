from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "thidua.reports"
    label = "reports"
    verbose_name = "Báo cáo tổng kết"

    def ready(self) -> None:
        from thidua.core.demo import register_demo_step
        from thidua.cycle.reminders import register_due_days
        from thidua.cycle.tasks import register_task_provider
        from thidua.cycle.yearnav import register_nav_items
        from thidua.voting.documents import register_minutes_content

        from . import rules  # noqa: F401  (register the permissions)
        from .demo import load_reports_demo
        from .nav import reports_nav_items
        from .selectors import adopted_in_minutes
        from .tasks import comment_round_due_on, report_tasks

        register_task_provider(report_tasks)
        register_minutes_content(adopted_in_minutes)  # the minutes name the adopted version
        register_due_days(comment_round_due_on)  # the comment round's deadline is reminded like the phases'
        register_nav_items(reports_nav_items)
        register_demo_step("reports", load_reports_demo, order=45)  # after voting's replay of Cụm II 2017, before awards

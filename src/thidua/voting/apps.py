from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "thidua.voting"
    label = "voting"
    verbose_name = "Hội nghị tổng kết và biểu quyết"

    def ready(self) -> None:
        import logging

        from thidua.core.demo import register_demo_step
        from thidua.cycle.signals import phase_changing
        from thidua.cycle.tasks import register_task_provider
        from thidua.cycle.workspace import register_section
        from thidua.cycle.yearnav import register_nav_items
        from thidua.org.signals import membership_changed, membership_changing, year_created

        from . import checks, rules  # noqa: F401  (register the deploy check and the permissions)
        from .demo import replay_cluster_ii_2017
        from .logs import RedactBallots
        from .nav import voting_nav_items
        from .receivers import on_membership_changed, on_membership_changing, on_phase_changing
        from .sections import sections
        from .tasks import voting_tasks
        from .year_rows import on_year_created

        phase_changing.connect(on_phase_changing, dispatch_uid="thidua.voting.on_phase_changing")
        membership_changing.connect(on_membership_changing, dispatch_uid="thidua.voting.on_membership_changing")
        membership_changed.connect(on_membership_changed, dispatch_uid="thidua.voting.on_membership_changed")
        year_created.connect(on_year_created, dispatch_uid="thidua.voting.on_year_created")
        register_section(sections)
        register_nav_items(voting_nav_items)  # the year's one navigation: the conference and the polls
        register_task_provider(voting_tasks)  # the dashboard: the delegate, the conference to prepare, check-in and ballots
        register_demo_step("voting", replay_cluster_ii_2017, order=40)  # Cụm II's 2017 conference, through real polls
        # SQL logged at DEBUG level (DEBUG=True with LOG_LEVEL=DEBUG) would carry the
        # choices of a ballot being inserted: redact those records at their source.
        logger = logging.getLogger("django.db.backends")
        if not any(isinstance(f, RedactBallots) for f in logger.filters):
            logger.addFilter(RedactBallots())
        from thidua.org.selectors import register_audit_mask

        from .selectors import hide_votes_of_open_polls

        register_audit_mask(hide_votes_of_open_polls)

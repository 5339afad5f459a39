from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "thidua.org"
    label = "org"
    verbose_name = "Tổ chức"

    def ready(self) -> None:
        from thidua.core.demo import register_demo_step

        from .demo import load_org_demo

        register_demo_step("org", load_org_demo, order=10)

from django.apps import AppConfig


class ChannelConfig(AppConfig):
    name = "thidua.channel"
    label = "channel"
    verbose_name = "Kênh thông tin chung"

    def ready(self) -> None:
        from thidua.core.demo import register_demo_step

        from . import rules  # noqa: F401  (register the permissions)
        from .demo import load_channel_demo

        register_demo_step("channel", load_channel_demo, order=60)  # after the awards of Cụm II 2017

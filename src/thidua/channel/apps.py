from django.apps import AppConfig


class ChannelConfig(AppConfig):
    name = "thidua.channel"
    label = "channel"
    verbose_name = "Kênh thông tin chung"

    def ready(self) -> None:
        from thidua.core.demo import register_demo_step
        from thidua.cycle.yearnav import register_nav_items

        from . import rules  # noqa: F401  (register the permissions)
        from .demo import load_channel_demo
        from .nav import channel_nav_items

        register_demo_step("channel", load_channel_demo, order=60)  # after the awards of Cụm II 2017
        register_nav_items(channel_nav_items)

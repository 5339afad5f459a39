from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "thidua.api"
    label = "api"
    verbose_name = "API v1"

    def ready(self) -> None:
        from . import schema  # noqa: F401  registers the schema's description of the token

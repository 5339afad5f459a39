from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "thidua.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"

    def ready(self):
        # Two-factor sign-in: at each sign-in, remember in the session whether the person has a
        # device, so that pages pay nothing for it (accounts/middleware.py).
        from . import middleware  # noqa: F401

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sigap.accounts"
    label = "accounts"

    def ready(self):
        from sigap.accounts import signals  # noqa: F401 - connects the auth audit receivers

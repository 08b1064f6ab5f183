from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sigap.accounts"
    label = "accounts"

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "sigap.privacy"
    label = "privacy"

from django.apps import AppConfig


class JusticeConfig(AppConfig):
    name = "sigap.justice"
    label = "justice"

from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "sigap.rights"
    label = "rights"

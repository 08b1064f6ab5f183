from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "sigap.casework"
    label = "casework"

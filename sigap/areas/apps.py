from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "sigap.areas"
    label = "areas"

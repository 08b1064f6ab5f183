from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "sigap.reports"
    label = "reports"

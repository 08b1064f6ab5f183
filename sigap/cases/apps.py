from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "sigap.cases"
    label = "cases"

    def ready(self) -> None:
        # The case timeline's own sources (registered on import; issue 13 §2).
        from sigap.cases import timeline  # noqa: F401

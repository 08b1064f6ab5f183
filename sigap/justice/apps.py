from django.apps import AppConfig


class JusticeConfig(AppConfig):
    name = "sigap.justice"
    label = "justice"

    def ready(self) -> None:
        # Its lines of the case timeline (sigap.cases.timeline; issue 13 §2).
        from sigap.cases.timeline import timeline_source_register
        from sigap.justice.timeline import justice_entries

        timeline_source_register(justice_entries, kinds=("justice",))

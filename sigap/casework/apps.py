from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "sigap.casework"
    label = "casework"

    def ready(self) -> None:
        # Its lines of the case timeline (sigap.cases.timeline; issue 13 §2).
        from sigap.cases.timeline import timeline_source_register
        from sigap.casework.timeline import casework_entries

        timeline_source_register(casework_entries, kinds=("casework",))

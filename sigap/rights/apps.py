from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "sigap.rights"
    label = "rights"

    def ready(self) -> None:
        # Its lines of the case timeline (sigap.cases.timeline; issue 13 §2).
        from sigap.cases.timeline import timeline_source_register
        from sigap.rights.timeline import rights_entries

        timeline_source_register(rights_entries, kinds=("rights",))

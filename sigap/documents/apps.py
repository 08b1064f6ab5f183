from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Documents attached to cases (issue 13 §8): police reports, BAP, P21 letters, verdicts,
    medical letters, consent forms, identity documents and photos, cleaned by
    ``sigap.core.uploads`` and stored encrypted; downloads audited and scoped by
    ``documents.access``."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sigap.documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        # Its lines of the case timeline (sigap.cases.timeline; issue 13 §2).
        from sigap.cases.timeline import timeline_source_register
        from sigap.documents.timeline import document_entries

        timeline_source_register(document_entries, kinds=("document",))

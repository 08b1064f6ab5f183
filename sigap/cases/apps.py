from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _name_tokens_ensure(sender, using, **kwargs) -> None:
    """After ``migrate``: put back name-search triggers that SQLite dropped with a rebuilt
    table (``sigap.cases.name_tokens.ensure``)."""
    from django.db import connections

    from sigap.cases import name_tokens

    name_tokens.ensure(connections[using])


class CasesConfig(AppConfig):
    name = "sigap.cases"
    label = "cases"

    def ready(self) -> None:
        # The case timeline's own sources (registered on import; issue 13 §2).
        from sigap.cases import timeline  # noqa: F401

        post_migrate.connect(_name_tokens_ensure, sender=self, dispatch_uid="cases.name_tokens")

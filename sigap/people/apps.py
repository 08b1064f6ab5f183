from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """One person is one person (issue 10 §1): blocking keys, duplicate check at intake.

    ``people`` sits right of ``cases`` (it reads ``cases.Person`` and the case scope rule), so
    cases may not import it; :meth:`ready` fills the extension points of
    ``sigap.cases.person_hooks`` instead (key refresh on every person written, the intake
    duplicate check)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sigap.people"
    verbose_name = _("People")

    def ready(self) -> None:
        from sigap.cases import person_hooks
        from sigap.people import keys, selectors, services

        person_hooks.register(
            keys_refresh=keys.keys_refresh,
            keys_writer=keys.keys_writer,
            candidates=services.person_match_data,
            linkable=selectors.person_linkable_get,
        )

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "sigap.reports"
    label = "reports"

    def ready(self):
        """Writes of cases, their exploitation forms, referrals, memberships and break-glass
        grants invalidate the cached dashboard numbers (``sigap.reports.cache``; cache
        upkeep, not business logic)."""
        from django.db.models.signals import post_delete, post_save

        from sigap.reports.cache import invalidate

        for label in (
            "cases.Case",
            "cases.CaseExploitation",
            "referrals.Referral",
            "agencies.Membership",  # a role or agency change changes whose numbers these are
            "privacy.BreakGlassGrant",  # widens a user's scope
        ):
            post_save.connect(invalidate, sender=label, dispatch_uid=f"dash-{label}-save")
            post_delete.connect(invalidate, sender=label, dispatch_uid=f"dash-{label}-delete")

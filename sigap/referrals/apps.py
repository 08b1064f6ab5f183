from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "sigap.referrals"
    label = "referrals"

    def ready(self) -> None:
        # Its lines of the case timeline (sigap.cases.timeline; issue 13 §2).
        from sigap.cases.timeline import timeline_source_register
        from sigap.referrals.timeline import referral_entries

        timeline_source_register(referral_entries, kinds=("referral",))

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "sigap.privacy"
    label = "privacy"

    def ready(self):
        # The daily digest (sigap.casework) lists breaches whose notice is due; casework sits
        # to the left and must not import privacy, so privacy registers itself.
        from sigap.casework.selectors import digest_contributor_register
        from sigap.privacy.selectors import breach_digest_rows

        digest_contributor_register(breach_digest_rows)

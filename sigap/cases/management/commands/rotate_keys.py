"""``manage.py rotate_keys``: re-encrypt every encrypted column with the current key.

Rotation (docs/data-protection.md): generate a key, put it *first* in ``SIGAP_FIELD_KEYS``
(``NEW,OLD``), restart, run this command, then remove ``OLD``. The keyed hashes (NIK, name
words) are recomputed with the current ``SIGAP_HASH_KEY`` at the same time, so the hash key can
be changed the same way (set the new one, run this command). Idempotent: a second run reports
zero changes. Prints counts only, never values.
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from sigap.audit.services import audit_record
from sigap.core.crypto import DecryptionError
from sigap.core.fields import encrypted_fields, rotate_model


class Command(BaseCommand):
    help = "Re-encrypt all encrypted fields with the current key and recompute keyed hashes."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, **options):
        totals = {"rows": 0, "reencrypted": 0, "rehashed": 0}
        per_model = {}
        for model in apps.get_models():
            if not encrypted_fields(model):
                continue
            try:
                result = rotate_model(model, batch_size=options["batch_size"])
            except DecryptionError as exc:
                raise CommandError(
                    f"{model._meta.label}: a value cannot be decrypted with SIGAP_FIELD_KEYS; "
                    "keep the old key in the list (after the new one) and run again."
                ) from exc
            per_model[model._meta.label] = vars(result)
            for key in totals:
                totals[key] += getattr(result, key)
            self.stdout.write(
                f"{model._meta.label}: {result.rows} rows, {result.reencrypted} values "
                f"re-encrypted, {result.rehashed} hashes recomputed"
            )
        audit_record(actor=None, action="crypto.rotate_keys", changes={"models": per_model})
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {totals['rows']} rows, {totals['reencrypted']} values re-encrypted, "
                f"{totals['rehashed']} hashes recomputed."
            )
        )

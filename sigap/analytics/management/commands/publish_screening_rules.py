"""``manage.py publish_screening_rules FILE.json``: publish an edited ruleset as a new version.

``--dump`` writes the active ruleset as JSON to start editing from.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sigap.analytics.selectors import ruleset_active
from sigap.analytics.services import ruleset_publish
from sigap.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Publish a screening ruleset (JSON) as the new active version, or --dump the active one."

    def add_arguments(self, parser):
        parser.add_argument("json_file", type=Path)
        parser.add_argument("--dump", action="store_true")
        parser.add_argument("--notes", default="")

    def handle(self, *args, json_file: Path, dump: bool, notes: str, **options):
        if dump:
            json_file.write_text(json.dumps(ruleset_active(), ensure_ascii=False, indent=2))
            self.stdout.write(f"Aturan aktif ditulis ke {json_file}")
            return
        try:
            rules = json.loads(json_file.read_text(encoding="utf-8"))
            row = ruleset_publish(user=None, rules=rules, notes=notes)
        except (OSError, ValueError, ApplicationError) as exc:
            raise CommandError(getattr(exc, "message", str(exc))) from exc
        self.stdout.write(f"Versi {row.version} diterbitkan dan aktif.")

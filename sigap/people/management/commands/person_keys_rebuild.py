"""``manage.py person_keys_rebuild``: recompute every person's blocking keys (after a change of
``SIGAP_HASH_KEY`` or of the key rules in ``sigap.people.keys``). Prints counts only."""

from django.core.management.base import BaseCommand
from django.db import transaction

from sigap.cases.models import Person
from sigap.people.keys import keys_refresh


class Command(BaseCommand):
    help = "Recompute the duplicate-check blocking keys of every person (in batches)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args, batch: int, **options):
        last, done = 0, 0
        while True:
            with transaction.atomic():
                rows = list(Person.objects.filter(pk__gt=last).order_by("pk")[:batch])
                if not rows:
                    break
                keys_refresh(rows)
            last = rows[-1].pk
            done += len(rows)
            self.stderr.write(f"{done} persons")
        self.stdout.write(f"Keys rebuilt for {done} persons.")

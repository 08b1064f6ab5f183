"""``manage.py compile_translations``: .po → .mo with polib (no gettext binaries needed)."""

from django.core.management.base import BaseCommand

from sigap.core.i18n import compile_catalogues


class Command(BaseCommand):
    help = "Compile every locale/*/LC_MESSAGES/*.po into .mo using polib."

    def handle(self, *args, **options):
        count = compile_catalogues()
        self.stdout.write(f"Compiled {count} catalogue(s).")

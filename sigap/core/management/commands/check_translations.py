"""``manage.py check_translations``: is the Indonesian catalogue complete and sound?

Reports untranslated and fuzzy entries, placeholders that differ between msgid and msgstr,
and strings marked for translation in the code or templates that are not in the catalogue
(run ``makemessages`` then). Exits with status 1 when anything is reported. No gettext
binaries needed.
"""

from django.core.management.base import BaseCommand, CommandError

from sigap.core.i18n import (
    catalogue_path,
    catalogue_problems,
    extract_messages,
    load_catalogue,
    missing_messages,
)


class Command(BaseCommand):
    help = "Report untranslated, fuzzy or unextracted strings in locale/id/LC_MESSAGES/django.po."

    def handle(self, *args, **options):
        path = catalogue_path()
        if not path.exists():
            raise CommandError(f"{path} does not exist: run makemessages -l id first.")
        po = load_catalogue()
        problems = catalogue_problems(po)
        problems += [
            f"not in catalogue (run makemessages): {message}  [{', '.join(sorted(set(files)))}]"
            for message, files in missing_messages(po, extract_messages())
        ]
        for problem in problems:
            self.stdout.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} translation problem(s) in {path}.")
        total = len([e for e in po if not e.obsolete])
        self.stdout.write(self.style.SUCCESS(f"{total} entries, all translated."))

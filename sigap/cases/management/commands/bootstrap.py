"""``manage.py bootstrap``: load reference data, sync roles, create demo logins (idempotent)."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from sigap.agencies.roles import roles_sync
from sigap.agencies.services import agencies_load_defaults
from sigap.areas.models import Area
from sigap.cases.demo import demo_users_create


class Command(BaseCommand):
    help = "Load areas and agencies, sync role groups and create demo users on a fresh DB."

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="Do not create demo users.")

    def handle(self, *args, **options):
        if Area.objects.count() < 91_000:
            call_command("load_areas", stdout=self.stdout)
        else:
            self.stdout.write(f"Areas already loaded ({Area.objects.count()}).")
        created = agencies_load_defaults(kota_code=settings.SIGAP_DEFAULT_AREA_CODE)
        self.stdout.write(f"Agencies and services created: {created}.")
        roles_sync()
        if options["no_demo"]:
            return
        logins = settings.VAR_DIR / "demo-logins.txt"
        demo_users_create(logins_file=logins)
        from sigap.taskforce.demo import taskforce_demo_load  # lazy: taskforce is to the right

        made = taskforce_demo_load()
        self.stdout.write(
            "Task force demo (seed meeting of 3 July 2024): "
            f"{made['meetings']} meeting(s), {made['action_items']} action item(s) created."
        )
        self.stdout.write("\n" + logins.read_text(encoding="utf-8"))
        if settings.SIGAP_REQUIRE_2FA:
            self.stdout.write(
                "Roles that can see identities (case managers, service providers, police, "
                "secretariat, auditor, admin) enrol a TOTP authenticator app at first login; "
                "the key is shown as a QR code and as text. Reporters (lurah.kemayoran) and "
                "leadership (pimpinan) log in with the password alone. For a quick look "
                "without an authenticator app: SIGAP_REQUIRE_2FA=false make run"
            )

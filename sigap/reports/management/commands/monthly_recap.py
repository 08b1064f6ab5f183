"""``manage.py monthly_recap --month YYYY-MM --output FILE --user USERNAME``: write the one-page
recap PDF for the Wali Kota (cron: on the first of each month for the month before).

The numbers are computed in the scope of ``--user`` (the leadership or secretariat account the
recap is for, holding ``cases.view_aggregates``): the dashboard's one access rule, no bypass.
``--month`` defaults to the previous calendar month (Asia/Jakarta).
"""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sigap.accounts.models import User
from sigap.areas.selectors import area_get
from sigap.core.exceptions import ApplicationError
from sigap.reports.recap import monthly_recap, parse_month
from sigap.reports.selectors import local_today, sees_city_wide


class Command(BaseCommand):
    help = "Write the monthly TPPO recap PDF (one page of key numbers) to a file."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM (default: last month)")
        parser.add_argument("--output", required=True, help="PDF file to write")
        parser.add_argument(
            "--user", required=True, help="username whose city-wide figures are used"
        )

    def handle(self, *args, **options):
        today = local_today()
        text = options["month"] or f"{(today.replace(day=1) - timedelta(days=1)):%Y-%m}"
        try:
            month = parse_month(text)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None or not sees_city_wide(user):
            raise CommandError(
                "The user must be active, hold a membership and cases.view_aggregates."
            )
        kota = area_get(code=settings.SIGAP_DEFAULT_AREA_CODE)
        content = monthly_recap(
            user=user, month=month, area_name=kota.name if kota else "", today=today
        )
        Path(options["output"]).write_bytes(content)
        self.stdout.write(f"Recap {month:%Y-%m} written ({len(content)} bytes).")

"""``manage.py breakglass_report``: e-mail the last 24 h of break-glass accesses to the
data-protection officers (users with the auditor role). Run daily from cron."""

from django.core.mail import send_mail
from django.core.management.base import BaseCommand

from sigap.agencies.models import Membership
from sigap.privacy.selectors import breakglass_recent


class Command(BaseCommand):
    help = "Send the daily break-glass report to data-protection officers."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args, **options):
        grants = list(breakglass_recent(hours=options["hours"]))
        lines = [
            f"{g.created_at:%Y-%m-%d %H:%M} {g.user.username} {g.case.number} "
            f"until {g.expires_at:%H:%M}: {g.reason}"
            for g in grants
        ]
        body = "\n".join(lines) or "No break-glass access in this period."
        recipients = list(
            Membership.objects.filter(role="auditor", user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
        if recipients:
            send_mail(f"SIGAP break-glass report: {len(grants)} access(es)", body, None, recipients)
        self.stdout.write(f"{len(grants)} access(es) reported to {len(recipients)} officer(s).")

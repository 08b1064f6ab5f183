"""``manage.py referral_reminders``: daily deadline reminders and escalation of referrals.

Run once a day (cron or systemd timer), e.g. at 07:00 WIB. The receiving agency is reminded
the day before a referral is due and on the day; an open referral past its due date (Asia/
Jakarta calendar) is escalated once to the task-force secretariat. Idempotent per day (see
``sigap.referrals.services.reminders``). Prints counts only.
"""

from django.core.management.base import BaseCommand

from sigap.referrals.services.reminders import referral_reminders_run


class Command(BaseCommand):
    help = "Remind receiving agencies of referrals due tomorrow or today; escalate overdue ones."

    def handle(self, *args, **options):
        run = referral_reminders_run()
        self.stdout.write(
            f"{run.today.isoformat()}: reminders sent: {run.reminded}; "
            f"escalated to the secretariat: {run.escalated}"
        )

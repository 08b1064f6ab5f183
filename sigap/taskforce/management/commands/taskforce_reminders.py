"""``manage.py taskforce_reminders``: daily e-mail reminders of task-force action items.

Run once a day (cron or systemd timer), e.g. at 07:00 WIB: the owner agency's focal point is
told once when an item is due within three days and once when it is overdue
(``sigap.taskforce.reminders``). Idempotent. Prints counts only.
"""

from django.core.management.base import BaseCommand

from sigap.taskforce.reminders import DAYS_BEFORE, action_item_reminders_run


class Command(BaseCommand):
    help = "E-mail focal points about action items due soon or overdue (once per item and stage)."

    def add_arguments(self, parser):
        parser.add_argument("--days-before", type=int, default=DAYS_BEFORE)

    def handle(self, *args, **options):
        run = action_item_reminders_run(days_before=options["days_before"])
        self.stdout.write(
            f"{run.today.isoformat()}: due soon: {run.due_soon}; overdue: {run.overdue}; "
            f"without a focal point e-mail: {run.no_recipient}"
        )

"""``manage.py send_digest``: the daily e-mail of overdue and due-today items, per user.

Run once a day (cron or systemd timer). Idempotent per day: a user's digest is recorded with
its date (``DigestLog``) and not sent twice. First schedules follow-ups for completed
reintegration referrals that have none yet. Prints counts only, never names or addresses.
"""

from django.core.management.base import BaseCommand

from sigap.casework.services import digest_recipients, digest_send, followups_sync


class Command(BaseCommand):
    help = "Send each user their daily digest of overdue and due-today items (once a day)."

    def handle(self, *args, **options):
        created = followups_sync()
        sent = 0
        for user in digest_recipients().iterator():
            if digest_send(user=user) is not None:
                sent += 1
        self.stdout.write(f"follow-up tasks created: {created}; digests sent: {sent}")

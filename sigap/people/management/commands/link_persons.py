"""``manage.py link_persons``: link the person register now, in this process (issue 10 §4),
for a nightly schedule or a first run after an import. The same run as the analysts' button
(:mod:`sigap.people.linkage`); prints progress and counts only, never a name."""

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sigap.people.linkage import link_run_claim, link_run_execute
from sigap.people.models import LinkRunStatus


class Command(BaseCommand):
    help = "Link the person register and refresh the suggestions analysts review."

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-user",
            required=True,
            help="Username recorded as the one who started the run (an active account).",
        )

    def handle(self, *args, as_user: str, **options):
        user = get_user_model().objects.filter(username=as_user, is_active=True).first()
        if user is None:
            raise CommandError(
                f"Tidak ada akun aktif '{as_user}'. / No active account '{as_user}'."
            )
        run, created = link_run_claim(actor=user)
        if not created:
            raise CommandError(
                "Pencocokan lain sedang berjalan. / Another linkage run is queued or running."
            )
        start = time.monotonic()

        def progress(percent: int) -> None:
            done = percent * 30 // 100
            self.stderr.write(
                f"\r[{'#' * done}{'.' * (30 - done)}] {percent:3d} % "
                f"{time.monotonic() - start:6.1f} s",
                ending="" if percent < 100 else "\n",
            )

        link_run_execute(run_id=run.pk, progress=progress)
        run.refresh_from_db()
        if run.status != LinkRunStatus.DONE:
            raise CommandError(f"Pencocokan gagal. / The linkage failed: {run.error}")
        self.stdout.write(
            f"Linked {run.persons} person records; {run.suggested} suggestions to review."
        )

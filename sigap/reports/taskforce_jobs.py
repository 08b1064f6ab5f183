"""The task-force report as a background job (issue 11 §4): requested on its page by the
secretariat or leadership, made by the task worker (``reports.tasks.export_run``, the same task
and ``ExportJob`` as the exports), downloadable by its requester only until it expires.

The job's ``filters`` hold ``{"year": 2026, "quarter": 3 | None}`` (numbers, nothing personal);
progress counts report sections.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sigap.audit.services import audit_record
from sigap.core.exceptions import ApplicationError
from sigap.reports.choices import ExportDataset, ExportStatus
from sigap.reports.models import ExportJob
from sigap.reports.selectors import local_today, sees_city_wide
from sigap.reports.taskforce_render import RENDERERS
from sigap.reports.taskforce_report import SECTIONS, Period, taskforce_report_build
from sigap.reports.tasks import export_run

logger = logging.getLogger(__name__)
FIRST_YEAR = 2007  # UU 21/2007


def taskforce_report_job_create(
    *, user, year: int, quarter: int | None = None, fmt: str = "pdf"
) -> ExportJob:
    """Queue the task-force report for ``year`` (or its ``quarter``) as ``fmt`` ("pdf" or
    "xlsx") for ``user``, who must get city-wide aggregates (``cases.view_aggregates`` with a
    membership; PermissionDenied otherwise). ApplicationError for a format, year (2007 to this
    year) or quarter out of range. Audited as ``export.request``; the task is enqueued on
    commit with the job id only."""
    if not sees_city_wide(user):
        raise PermissionDenied
    if fmt not in RENDERERS:
        raise ApplicationError(_("Unknown export format."))
    if not FIRST_YEAR <= year <= local_today().year or quarter not in (None, 1, 2, 3, 4):
        raise ApplicationError(_("Choose a year from 2007 to this year and a quarter 1 to 4."))
    filters = {"year": year, "quarter": quarter}
    with transaction.atomic():
        job = ExportJob.objects.create(
            owner=user,
            dataset=ExportDataset.TASKFORCE_REPORT,
            format=fmt,
            filters=filters,
            rows_total=len(SECTIONS),
        )
        audit_record(
            actor=user,
            action="export.request",
            target=job,
            changes={"dataset": job.dataset, "format": fmt, "filters": filters},
        )
        job_id = job.pk
        transaction.on_commit(lambda: export_run.enqueue(job_id=job_id))
    return job


def taskforce_report_job_run(*, job: ExportJob) -> None:
    """Make the report file of ``job`` (called from ``exports.export_job_run``): build the
    report (in Indonesian) as its requester would get it, render it, write it under
    ``SIGAP_EXPORT_DIR`` with a random name, mark the job done and audit ``report.taskforce``.
    On any error the job fails with a fixed message and no file is left."""
    user = job.owner
    export_dir = Path(settings.SIGAP_EXPORT_DIR)
    export_dir.mkdir(parents=True, exist_ok=True)
    file_name = f"{secrets.token_hex(16)}.{job.format}"
    partial = export_dir / (file_name + ".part")
    period = Period(job.filters["year"], job.filters.get("quarter"))
    try:
        with translation.override("id"):
            report = taskforce_report_build(year=period.year, quarter=period.quarter, user=user)
            ExportJob.objects.filter(pk=job.pk).update(rows_written=len(report.sections))
            partial.write_bytes(RENDERERS[job.format](report))
        partial.rename(export_dir / file_name)
    except Exception as exc:
        partial.unlink(missing_ok=True)
        logger.error("task-force report job %s failed: %s", job.pk, type(exc).__name__)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.FAILED,
            error=str(_("The export failed; try again.")),
            updated_at=timezone.now(),
        )
        return
    finished = timezone.now()
    quarter = f"-q{period.quarter}" if period.quarter else ""
    with transaction.atomic():
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.DONE,
            rows_written=len(report.sections),
            file_name=file_name,
            filename=f"laporan-gugus-tugas-{period.year}{quarter}.{job.format}",
            finished_at=finished,
            expires_at=finished + timedelta(hours=settings.SIGAP_EXPORT_HOURS),
            updated_at=finished,
        )
        audit_record(
            actor=user,
            action="report.taskforce",
            target=job,
            changes={"year": period.year, "quarter": period.quarter, "format": job.format},
        )

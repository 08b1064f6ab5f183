"""Writes of bulk imports (issue 12 §7): upload, mapping, dry run and the all-or-nothing
commit. The dry run and the commit run in the task worker (``sigap.imports.tasks``; ids only
in task arguments); the commit creates every case through ``case_report`` (the intake's own
rules and audit rows) inside ONE transaction, so a failure or a ``kill -9`` of the worker at
any row leaves no imported case behind, and the job can be committed again.
"""

from __future__ import annotations

import base64
import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.areas.models import Area
from sigap.audit.services import audit_record
from sigap.cases.access import membership_of
from sigap.cases.choices import IntakeChannel
from sigap.cases.models import Case
from sigap.core import crypto
from sigap.core.dates import user_today
from sigap.core.exceptions import ApplicationError
from sigap.core.progress import side_progress
from sigap.imports import parsing
from sigap.imports.models import ImportJob, ImportStatus

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 250
KEEP_DAYS = 7  # an uncommitted register's file is deleted after this (import_prune)
PERMISSION = "imports.add_importjob"


def can_import(user) -> bool:
    """Case teams and the secretariat of an agency (``imports.add_importjob``)."""
    return membership_of(user) is not None and user.has_perm(PERMISSION)


def _file_bytes(job: ImportJob) -> bytes:
    return base64.b64decode(crypto.decrypt(job.data))


@transaction.atomic
def import_upload(*, actor, data: bytes) -> ImportJob:
    """Store an uploaded register (``data``: the file's bytes) encrypted, read its header row
    and guess the column mapping. Raises ApplicationError (Indonesian) when the actor may not
    import or the file is refused (``parsing.read_table``); nothing is stored then."""
    if not can_import(actor):
        raise ApplicationError(_("You may not import registers."))
    try:
        fmt, headers, rows = parsing.read_table(data)
    except parsing.FileRefused as exc:
        raise ApplicationError(str(exc)) from exc
    job = ImportJob.objects.create(
        owner=actor,
        agency=membership_of(actor).agency,
        fmt=fmt,
        data=crypto.encrypt(base64.b64encode(data).decode("ascii")),
        headers=headers,
        mapping=parsing.guess_mapping(headers),
        rows_total=len(rows),
    )
    audit_record(
        actor=actor,
        action="import_job.upload",
        target=job,
        changes={"rows": len(rows), "format": fmt, "bytes": len(data)},
    )
    return job


def import_prune(*, now=None) -> int:
    """Delete the stored files of imports not committed within ``KEEP_DAYS`` days of their
    upload (data minimisation, UU 27/2022 PDP Pasal 16 ayat 2 huruf b): the register holds
    victims' names. The job row stays (no personal data) and can no longer be continued.
    Returns the number of files deleted. Run by ``manage.py import_prune`` (daily)."""
    cutoff = (now or timezone.now()) - timedelta(days=KEEP_DAYS)
    stale = (
        ImportJob.objects.filter(created_at__lt=cutoff)
        .exclude(data="")
        .exclude(status__in=[ImportStatus.CHECKING, ImportStatus.COMMITTING])
    )
    return stale.update(data="", status=ImportStatus.FAILED, updated_at=timezone.now())


def import_map(*, actor, job: ImportJob, mapping: dict[str, str]) -> ImportJob:
    """Save the column mapping and start the dry run in the background. Raises
    ApplicationError when the job is not the actor's or not waiting for a mapping, and
    ``ValueError`` carrying ``{target: message}`` (``.args[0]``) for a mapping that cannot be
    used (a required field unmapped, an unknown or repeated column)."""
    _own(actor, job)
    if job.status not in (ImportStatus.UPLOADED, ImportStatus.CHECKED, ImportStatus.FAILED):
        raise ApplicationError(_("This import can no longer be changed."))
    if not job.data:
        raise ApplicationError(_("The file of this import was deleted; upload it again."))
    mapping = {k: v for k, v in mapping.items() if k in parsing.TARGET_KEYS and v}
    problems = parsing.mapping_errors(mapping, job.headers)
    if problems:
        raise ValueError(problems)
    ImportJob.objects.filter(pk=job.pk).update(
        mapping=mapping,
        status=ImportStatus.CHECKING,
        rows_done=0,
        errors=[],
        warnings=[],
        updated_at=timezone.now(),
    )
    job.refresh_from_db()
    from sigap.imports.tasks import import_check_task

    transaction.on_commit(lambda: import_check_task.enqueue(job_id=job.pk))
    return job


def _own(actor, job: ImportJob) -> None:
    if job.owner_id != actor.pk:
        raise ApplicationError(_("Only the person who uploaded this import can continue it."))


def _checked_rows(job: ImportJob, *, progress=None):
    """Every row of the job's file checked (``parsing.check_row``), in order."""
    _fmt, _headers, rows = parsing.read_table(_file_bytes(job))
    index = {h: i for i, h in enumerate(job.headers)}
    columns = {key: index[col] for key, col in job.mapping.items() if col in index}
    codes = {
        str(r[columns["area_code"]]).strip()
        for r in rows
        if len(r) > columns["area_code"] and r[columns["area_code"]] is not None
    }
    areas = {a.code: a for a in Area.objects.filter(code__in=codes)}
    today = user_today(job.owner)
    taken: set[str] = set()
    if "simfoni_number" in columns:
        i = columns["simfoni_number"]
        numbers = {parsing.simfoni_cell(r[i]) for r in rows if len(r) > i}
        taken = set(
            Case.objects.filter(simfoni_number__in=numbers - {""}).values_list(
                "simfoni_number", flat=True
            )
        )
    seen: dict[str, int] = {}
    for n, row in enumerate(rows, start=2):  # the header is row 1
        cells = {key: (row[i] if i < len(row) else None) for key, i in columns.items()}
        yield parsing.check_row(
            n, cells, today=today, areas=areas, simfoni_taken=taken, simfoni_seen=seen
        )
        if progress and (n - 1) % PROGRESS_EVERY == 0:
            progress(n - 1)


def import_check(*, job_id: int) -> None:
    """The dry run (task body): check every row, record every row error (row number, field,
    message) and, for rows without errors, whether the person may already be known
    (``sigap.people`` duplicate check as the uploader; a warning, never a name). Idempotent:
    does nothing unless the job is being checked."""
    from sigap.people.selectors import MatchQuery, find_candidates

    job = ImportJob.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.status != ImportStatus.CHECKING:
        return
    labels = {t.key: str(t.label) for t in parsing.TARGETS}
    errors, warnings = [], []

    def progress(done):
        ImportJob.objects.filter(pk=job.pk).update(rows_done=done)

    try:
        for result in _checked_rows(job, progress=progress):
            for key, message in result.errors:
                errors.append({"row": result.number, "column": labels[key], "message": message})
            if result.values:
                v = result.values
                query = MatchQuery(
                    full_name=v["full_name"],
                    sex=v["sex"],
                    date_of_birth=v["date_of_birth"],
                    estimated_age=v["estimated_age"],
                )
                found = find_candidates(job.owner, query)
                if found:
                    warnings.append(
                        {
                            "row": result.number,
                            "message": _(
                                "Possibly a person already recorded (%(n)s candidates): "
                                "check after the import with the duplicate check."
                            )
                            % {"n": len(found)},
                        }
                    )
    except Exception as exc:  # no message in the log: it could quote a cell
        logger.error("import %s check failed: %s", job.pk, type(exc).__name__)
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED)
        return
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.CHECKED,
        errors=errors,
        warnings=warnings,
        rows_done=job.rows_total,
        updated_at=timezone.now(),
    )


def import_commit_request(*, actor, job: ImportJob) -> ImportJob:
    """Start the commit in the background. Refused (ApplicationError) unless the actor owns
    the job and its dry run found no error: fix the file and upload it again."""
    _own(actor, job)
    if job.status != ImportStatus.CHECKED:
        raise ApplicationError(_("Run the check first."))
    if job.errors:
        raise ApplicationError(
            _("The file still has errors; correct them and upload the file again.")
        )
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).update(
        status=ImportStatus.COMMITTING, rows_done=0, updated_at=timezone.now()
    )
    if not updated:
        raise ApplicationError(_("This import is already running."))
    from sigap.imports.tasks import import_commit_task

    transaction.on_commit(lambda: import_commit_task.enqueue(job_id=job.pk))
    job.refresh_from_db()
    return job


def import_commit(*, job_id: int) -> None:
    """The commit (task body): every row becomes a reported case of the uploader's agency
    through ``case_report`` (intake channel "other"), all in one transaction with one
    ``case.import`` audit row (counts only); then the encrypted file is deleted. Any error
    rolls everything back and marks the job failed (the file is kept to try again). A worker
    killed mid-way leaves the job "committing" with no case written; ``import_commit`` run
    again for it starts over. Idempotent for a finished job."""
    from sigap.cases.services import PersonData, case_report

    job = ImportJob.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.status != ImportStatus.COMMITTING:
        return
    # Progress on a second connection: the commit's own rows stay invisible until the end.
    with side_progress(ImportJob, job.pk, field="rows_done") as write:
        created = 0
        try:
            with transaction.atomic():
                for result in _checked_rows(job, progress=write):
                    if result.errors:  # the file changed under us: refuse the whole import
                        raise ApplicationError(_("The file has errors; run the check again."))
                    v = result.values
                    case_report(
                        actor=job.owner,
                        intake_channel=IntakeChannel.OTHER,
                        report_area=v["area"],
                        summary=v["summary"],
                        reported_on=v["reported_on"],
                        modus=v["modus"],
                        simfoni_number=v["simfoni_number"],
                        victims=[
                            PersonData(
                                full_name=v["full_name"],
                                sex=v["sex"],
                                date_of_birth=v["date_of_birth"],
                                estimated_age=v["estimated_age"],
                            )
                        ],
                    )
                    created += 1
                audit_record(
                    actor=job.owner,
                    action="case.import",
                    target=job,
                    changes={"rows": created, "format": job.fmt, "warnings": len(job.warnings)},
                )
                ImportJob.objects.filter(pk=job.pk).update(
                    status=ImportStatus.DONE,
                    cases_created=created,
                    rows_done=created,
                    data="",
                    updated_at=timezone.now(),
                )
        except Exception as exc:  # no message in the log: it could quote a cell
            logger.error("import %s commit failed: %s", job.pk, type(exc).__name__)
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportStatus.FAILED, cases_created=0, updated_at=timezone.now()
            )

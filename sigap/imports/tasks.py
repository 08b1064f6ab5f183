"""Background tasks of bulk imports (django-tasks; ids only in arguments, STYLE B13)."""

from django_tasks import task


@task()
def import_check_task(job_id: int) -> None:
    """The dry run of import ``job_id`` (``sigap.imports.services.import_check``)."""
    from sigap.imports.services import import_check

    import_check(job_id=job_id)


@task()
def import_commit_task(job_id: int) -> None:
    """The commit of import ``job_id`` (``sigap.imports.services.import_commit``)."""
    from sigap.imports.services import import_commit

    import_commit(job_id=job_id)

"""Background tasks of the reports app (django-tasks; run by ``manage.py db_worker``).

Tasks take ids only, never objects or personal data (STYLE B13), and are idempotent.
"""

from django_tasks import task


@task()
def export_run(job_id: int) -> None:
    """Write the file of export job ``job_id`` (sigap.reports.exports.export_job_run)."""
    from sigap.reports.exports import export_job_run  # the service imports this module

    export_job_run(job_id=job_id)

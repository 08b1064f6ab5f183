"""Background task wrapper for sealing the audit chain (django-tasks; see settings.TASKS)."""

from django_tasks import task

from sigap.audit.services import audit_seal


@task()
def audit_seal_task() -> int:
    """Seal settled audit rows (:func:`sigap.audit.services.audit_seal`); returns rows sealed.

    Takes no arguments, so nothing personal is ever stored in the task queue. Enqueue it from a
    scheduler (cron/systemd timer: ``manage.py audit_seal`` does the same) every minute or so.
    """
    return audit_seal()

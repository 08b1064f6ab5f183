"""Background task of the task-force app (django-tasks; see ``settings.TASKS``).

Takes no arguments, so nothing personal is ever stored in the task queue (STYLE B13), and is
idempotent: each item's reminder round is recorded once per stage (``ActionItemReminder``).
"""

from django_tasks import task

from sigap.taskforce.reminders import action_item_reminders_run


@task()
def action_item_reminders_task() -> dict:
    """Send today's due-soon and overdue action-item reminders
    (:func:`sigap.taskforce.reminders.action_item_reminders_run`, default 3 days before).

    Enqueue it once a day from a scheduler, like ``audit_seal_task``
    (``manage.py taskforce_reminders`` does the same in the foreground). Returns the counts
    ``{"today": "YYYY-MM-DD", "due_soon": n, "overdue": n, "no_recipient": n}`` as the task's
    result (JSON-safe)."""
    run = action_item_reminders_run()
    return {
        "today": run.today.isoformat(),
        "due_soon": run.due_soon,
        "overdue": run.overdue,
        "no_recipient": run.no_recipient,
    }

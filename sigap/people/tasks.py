"""Background tasks of the people app (django-tasks; run by ``manage.py db_worker``).

Tasks take ids only, never personal data (STYLE B13), and are idempotent.
"""

from django_tasks import task


@task()
def person_link_run(run_id: int) -> None:
    """Link the person register for run ``run_id``
    (:func:`sigap.people.linkage.link_run_execute`)."""
    from sigap.people.linkage import link_run_execute

    link_run_execute(run_id=run_id)

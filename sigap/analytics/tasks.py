"""Background tasks of the analytics app (django-tasks; run by ``manage.py db_worker``).

Tasks take ids only, never personal data (STYLE B13), and are idempotent.
"""

from django_tasks import task


@task()
def ad_cluster_run(run_id: int) -> None:
    """Cluster the ads of run ``run_id`` (:func:`sigap.analytics.adpage.ad_run_execute`)."""
    from sigap.analytics.adpage import ad_run_execute

    ad_run_execute(run_id=run_id)

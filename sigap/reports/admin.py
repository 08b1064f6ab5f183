"""Admin of the reports app: export jobs are not in the admin (their files may hold victims'
identities and are the requester's alone), and neither are django-tasks-db's task results
(a failed task's traceback may quote data; operators use ``manage.py prune_db_task_results``
and the worker's log instead)."""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)

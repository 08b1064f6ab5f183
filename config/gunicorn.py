"""gunicorn settings for SIGAP (``gunicorn -c config/gunicorn.py config.wsgi:application``).

Sized for the reference machine, 2 CPU cores shared by the web server, the task worker
(``manage.py db_worker``) and PostgreSQL: two worker processes (one per core) with four threads
each, so a request waiting on the database does not hold a whole process. Long work (exports,
imports) runs in the task worker, never in a request, so a 30 s timeout is ample; a request
that takes longer is a bug and is killed. Every value can be overridden by an environment
variable (docs/operations.md, "Web server and worker").
"""

import os

bind = os.environ.get("SIGAP_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("SIGAP_WEB_WORKERS", "2"))
threads = int(os.environ.get("SIGAP_WEB_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("SIGAP_WEB_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so slow memory growth cannot accumulate.
max_requests = 2000
max_requests_jitter = 200
# Load the application once in the master; workers fork from it (less memory, faster start).
preload_app = True
accesslog = "-"
errorlog = "-"
# No query strings in the access log: a search may carry a name (docs/data-handling.md).
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
# No runtime control socket (gunicorn >= 25.1): one fixed path per user would clash between
# several instances on one machine, and nothing here uses gunicornc.
control_socket_disable = True

"""WSGI entry point (gunicorn: ``config/gunicorn.py``, with ``preload_app``).

The URL configuration, and with it every view module, is loaded here rather than on the first
request: about 1.5 s of imports on the reference machine. With ``preload_app`` this happens
once in gunicorn's master, and every worker (including those started again after
``max_requests``) forks with it loaded, so no user's first request waits for it (issue 12: no
request over 2 s while an export runs; bench/bench_export.py --probe-port).
"""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import reverse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
reverse("reports:dashboard")  # loads the URL configuration and every view module

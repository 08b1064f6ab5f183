"""Test settings: fast hasher, locmem e-mail, no SSL redirect."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-key")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "false")  # live_server speaks plain HTTP
os.environ.setdefault("SIGAP_REQUIRE_2FA", "false")  # tests of 2FA/lockout switch them on
os.environ.setdefault("SIGAP_LOCKOUT_ENABLED", "false")
os.environ.setdefault("SIGAP_ALLOW_DEV_KEYS", "true")  # field/hash keys derived from SECRET_KEY
from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SIGAP_EXPORT_DIR = Path(tempfile.mkdtemp(prefix="sigap-test-exports-"))  # noqa: F405
# Audit checkpoints: off by default (the file would outlive each test's rolled-back database);
# the audit tests switch them on with a per-test file.
SIGAP_AUDIT_CHECKPOINT_FILE = ""
# Dashboard cache off by default: the locmem cache outlives each test's rolled-back database
# (ids are reused); sigap/reports/tests/test_dashboard_cache.py switches it on.
SIGAP_DASHBOARD_CACHE_SECONDS = 0

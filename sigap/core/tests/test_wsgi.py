"""The WSGI module loads every view when it is imported (in gunicorn's master, with
``preload_app``), so a worker's first request does not pay for the imports."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_importing_the_wsgi_module_loads_the_views():
    code = (
        "import sys; import config.wsgi; "
        "print(all(m in sys.modules for m in ('sigap.reports.views', 'sigap.cases.views')))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    out = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "True"

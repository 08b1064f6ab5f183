"""Health check endpoint."""

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """``GET /healthz``: ``{"status": "ok"|"error", "database": {"status", "vendor"}}``.

    Answers 200 when the database answers ``SELECT 1``, 503 otherwise. Reveals no data.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        db = {"status": "ok", "vendor": connection.vendor}
        status = 200
    except Exception:  # noqa: BLE001 - any DB failure is reported, not raised
        db = {"status": "error", "vendor": connection.vendor}
        status = 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "error", "database": db}, status=status
    )

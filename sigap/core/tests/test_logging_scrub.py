"""The log filter: personal data masked in messages and in tracebacks; refused pages logged
without a stack (house rule B13; UU 27/2022 PDP)."""

import io
import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from sigap.core.logging import ScrubPersonalDataFilter


def _log(exc: BaseException, message: str = "Forbidden (Permission denied): %s") -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ScrubPersonalDataFilter())
    logger = logging.getLogger(f"sigap.test.scrub.{id(exc)}")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        try:
            raise exc
        except BaseException as caught:  # noqa: BLE001 - logged, as Django does
            logger.warning(message, "/kasus/", exc_info=caught)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def test_a_traceback_is_scrubbed_like_the_message():
    out = _log(ValueError("NIK 3171012345678901 milik siti@example.org ditolak"), "Gagal: %s")
    assert "Traceback" in out and "ValueError" in out
    assert "3171012345678901" not in out and "siti@example.org" not in out
    assert "[NIK]" in out and "[EMAIL]" in out


@pytest.mark.parametrize("exc", [PermissionDenied(), Http404("Tidak ada")])
def test_refused_and_missing_pages_are_one_line(exc):
    out = _log(exc)
    assert out.strip() == "Forbidden (Permission denied): /kasus/"
    assert "Traceback" not in out


@pytest.mark.django_db
def test_a_403_of_the_app_reaches_the_log_without_a_stack(client, django_user_model, caplog):
    """Through Django's own logging of the response (which attaches the exception): the
    console handler's filter has dropped the stack from the record by the time it is kept."""
    user = django_user_model.objects.create_user("tanpa.peran", password="x" * 12)
    client.force_login(user)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/audit/")
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    assert records[0].exc_info is None and records[0].exc_text is None
    assert records[0].getMessage() == "Forbidden (Permission denied): /audit/"

"""The API fuzzer over every route of the OpenAPI schema (issue 7 finding 11), with a short
budget so it runs in CI: 0 server errors, 0 schema violations, JSON bodies on errors.

Runs as a case manager with a token (two-factor off in the test settings) against the test
database with the shared reference data; every operation gets a few generated examples.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


@pytest.fixture
def keep_connection():
    """The WSGI handler closes the database connection after each request; the test
    database lives in this test's transaction, so keep it open (as Django's test client
    does)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(caseworker_a, keep_connection):
    from sigap.api.tokens import api_token_issue

    _row, key = api_token_issue(user=caseworker_a, two_factor_verified=False)
    return key


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_contract(case, token):
    # positive_data_acceptance expects any schema-valid input to succeed; ours is often refused
    # by a domain rule the schema cannot express (wrong password, unknown public_id, a date
    # rule), with a documented 400/404 JSON answer. Every other check runs (server errors,
    # status codes, content types, response schemas, negative data rejected).
    response = case.call_and_validate(
        headers={"Authorization": f"Token {token}"},
        excluded_checks=[positive_data_acceptance],
    )
    if response.status_code >= 400:
        content_type = (response.headers.get("content-type") or [""])[0]
        assert content_type.startswith("application/json"), (response.status_code, content_type)

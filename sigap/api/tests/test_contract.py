"""API contract (issue 7 finding 11): JSON bodies and Indonesian messages on every error, strict
filters and page sizes."""

import pytest
from django.utils import translation
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(caseworker_a):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="id")
    client.force_authenticate(caseworker_a)
    return client


@pytest.mark.parametrize(
    "url", ["/api/v1/tasks/0.5/complete/", "/api/v1/nope/", "/api/v1/cases/not-a-uuid/"]
)
def test_unknown_api_routes_answer_json_404(api, url):
    response = api.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"message": "Data tidak ditemukan.", "extra": {}}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=bogus", "status"),
        ("modus=bogus", "modus"),
        ("exploitation_form=x", "exploitation_form"),
        ("kecamatan=31", "kecamatan"),
        ("page_size=-1", "page_size"),
        ("page_size=abc", "page_size"),
        ("page_size=101", "page_size"),
    ],
)
def test_invalid_filters_and_page_sizes_are_400(api, query, field):
    response = api.get(f"/api/v1/cases/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert field in body["extra"]["fields"]
    assert body["message"] == "Masukan tidak sah."


def test_json_parse_error_and_bad_token_are_in_indonesian(api):
    with translation.override("id"):
        response = api.post("/api/v1/cases/", data="{bad json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"] == "Isi permintaan bukan JSON yang sah."
    anonymous = APIClient(HTTP_ACCEPT_LANGUAGE="id")
    response = anonymous.get("/api/v1/cases/", HTTP_AUTHORIZATION="Token nope")
    assert response.status_code == 401
    assert response.json()["message"] == "Token tidak sah."


def test_method_not_allowed_is_json_in_indonesian(api):
    response = api.get("/api/v1/auth/token/")
    assert response.status_code == 405
    assert "tidak diizinkan" in response.json()["message"]

"""The OpenAPI document."""

import pytest


@pytest.mark.django_db
def test_schema_is_openapi_3_and_lists_the_endpoints(api):
    response = api.get("/api/v1/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    assert {
        "/api/v1/auth/token/",
        "/api/v1/areas/",
        "/api/v1/areas/{code}/",
        "/api/v1/agencies/",
        "/api/v1/cases/",
        "/api/v1/cases/{public_id}/",
        "/api/v1/referrals/",
        "/api/v1/referrals/{public_id}/accept/",
        "/api/v1/referrals/{public_id}/decline/",
        "/api/v1/referrals/{public_id}/complete/",
    } <= paths


@pytest.mark.django_db
def test_no_component_exposes_an_integer_id(api):
    components = api.get("/api/v1/schema/", {"format": "json"}).json()["components"]["schemas"]
    for name, component in components.items():
        assert "id" not in component.get("properties", {}), name

"""Areas and agencies: public reference data for any signed-in user."""

import pytest


def _codes(response):
    return [row["code"] for row in response.json()["results"]]


@pytest.mark.django_db
def test_children_of_a_code(as_user, reporter_kemayoran):
    response = as_user(reporter_kemayoran).get("/api/v1/areas/", {"parent": "31.71.03"})
    assert response.status_code == 200
    assert _codes(response) == ["31.71.03.1001", "31.71.03.1002"]
    first = response.json()["results"][0]
    assert set(first) == {"code", "name", "level", "parent", "label"}
    assert first["parent"] == "31.71.03"
    assert first["level"] == "kelurahan"
    assert first["label"].startswith("Kemayoran, Kemayoran, Kota Administrasi Jakarta Pusat")


@pytest.mark.django_db
def test_search_by_name_finds_kecamatan_and_kelurahan(as_user, reporter_kemayoran):
    response = as_user(reporter_kemayoran).get("/api/v1/areas/", {"search": "Kemayoran"})
    assert response.status_code == 200
    assert set(_codes(response)) == {"31.71.03", "31.71.03.1001"}


@pytest.mark.django_db
def test_search_reaches_villages_outside_jakarta_and_filters_level(as_user, reporter_kemayoran):
    client = as_user(reporter_kemayoran)
    assert _codes(client.get("/api/v1/areas/", {"search": "han"})) == ["33.01.01.2001"]
    response = client.get("/api/v1/areas/", {"search": "Kemayoran", "level": "kecamatan"})
    assert _codes(response) == ["31.71.03"]


@pytest.mark.django_db
def test_level_filter_with_parent(as_user, reporter_kemayoran):
    response = as_user(reporter_kemayoran).get(
        "/api/v1/areas/", {"parent": "31.71", "level": "kecamatan"}
    )
    assert _codes(response) == ["31.71.01", "31.71.03"]


@pytest.mark.django_db
def test_area_detail_by_dotted_code(as_user, reporter_kemayoran):
    client = as_user(reporter_kemayoran)
    response = client.get("/api/v1/areas/31.71.03.1001/")
    assert response.status_code == 200
    assert response.json()["code"] == "31.71.03.1001"
    assert response.json()["parent"] == "31.71.03"
    assert client.get("/api/v1/areas/99.99/").status_code == 404


@pytest.mark.django_db
def test_agencies_list_services_with_time_limits(as_user, reporter_kemayoran):
    response = as_user(reporter_kemayoran).get(
        "/api/v1/agencies/", {"service": "health_rehab", "page_size": 100}
    )
    assert response.status_code == 200
    rows = response.json()["results"]
    codes = {row["code"] for row in rows}
    assert "sudin-kesehatan-jakpus" in codes
    assert "kelurahan-31-71-03-1001" not in codes
    health = next(row for row in rows if row["code"] == "sudin-kesehatan-jakpus")
    assert set(health) == {"public_id", "code", "name", "short_name", "kind", "area", "services"}
    offered = {s["code"]: s["days_limit"] for s in health["services"]}
    assert offered["health_rehab"] == 7


@pytest.mark.django_db
def test_agency_detail_by_public_id(as_user, reporter_kemayoran, upt_ppa):
    client = as_user(reporter_kemayoran)
    response = client.get(f"/api/v1/agencies/{upt_ppa.public_id}/")
    assert response.status_code == 200
    assert response.json()["code"] == "upt-ppa-dki"
    assert client.get("/api/v1/agencies/00000000-0000-0000-0000-000000000000/").status_code == 404


@pytest.mark.django_db
def test_agency_list_has_bounded_queries(
    as_user, reporter_kemayoran, django_assert_max_num_queries
):
    client = as_user(reporter_kemayoran)
    for size in (5, 100):
        with django_assert_max_num_queries(4):
            response = client.get("/api/v1/agencies/", {"page_size": size})
        assert len(response.json()["results"]) == min(size, response.json()["count"])

"""The area autocomplete: matching, level filter, HTML and JSON shapes, login."""

import json

import pytest
from django.urls import reverse

from sigap.areas.models import Area, normalize_name

pytestmark = pytest.mark.django_db

URL = reverse("areas:area-autocomplete")
KEMAYORAN_LABEL = "Kemayoran, Kemayoran, Kota Administrasi Jakarta Pusat, DKI Jakarta"


@pytest.fixture
def logged_in(client, reporter_kemayoran):
    client.force_login(reporter_kemayoran)
    return client


def _codes(response):
    if response["Content-Type"].startswith("application/json"):
        return [row["code"] for row in json.loads(response.content)]
    return [
        part.split('"', 1)[0] for part in response.content.decode().split('<option value="')[1:]
    ]


def test_autocomplete_requires_login(client, areas):
    response = client.get(URL, {"q": "kemayoran"})
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_finds_kemayoran_kelurahan_by_name(logged_in):
    response = logged_in.get(URL, {"q": "kemay", "level": "kelurahan"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert _codes(response) == ["31.71.03.1001"]
    assert f'<option value="31.71.03.1001">{KEMAYORAN_LABEL}</option>' in response.content.decode()


def test_without_level_every_level_matches(logged_in):
    assert set(_codes(logged_in.get(URL, {"q": "Kemayoran"}))) == {"31.71.03", "31.71.03.1001"}


def test_level_list_restricts_the_levels(logged_in):
    assert _codes(logged_in.get(URL, {"q": "kemayoran", "level": "kecamatan"})) == ["31.71.03"]
    both = logged_in.get(URL, {"q": "g", "level": "kelurahan,desa"})
    assert set(_codes(both)) == {"31.71.01.1001"}
    villages = logged_in.get(URL, {"q": "hanum", "level": "kelurahan,desa"})
    assert _codes(villages) == ["33.01.01.2001"]


def test_matches_a_later_word_of_the_name_ignoring_case_and_spaces(logged_in):
    assert _codes(logged_in.get(URL, {"q": "  KOSONG "})) == ["31.71.03.1002"]
    assert "31.71" in _codes(logged_in.get(URL, {"q": "jakarta pus"}))


def test_json_shape_with_accept_header(logged_in):
    response = logged_in.get(
        URL, {"q": "kemayoran", "level": "kelurahan"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    assert json.loads(response.content) == [
        {
            "code": "31.71.03.1001",
            "name": "Kemayoran",
            "level": "kelurahan",
            "label": KEMAYORAN_LABEL,
        }
    ]
    assert "Accept" in response["Vary"]


def test_json_with_format_parameter(logged_in):
    response = logged_in.get(URL, {"q": "cilacap", "format": "json"})
    rows = json.loads(response.content)
    assert [r["code"] for r in rows] == ["33.01"]
    assert set(rows[0]) == {"code", "name", "level", "label"}


def test_at_most_twenty_results(logged_in):
    Area.objects.bulk_create(
        Area(
            code=f"33.01.01.{2100 + i}",
            level="desa",
            name=f"Sukamaju {i}",
            name_key=normalize_name(f"Sukamaju {i}"),
            parent_id="33.01.01",
        )
        for i in range(25)
    )
    assert len(_codes(logged_in.get(URL, {"q": "sukamaju"}))) == 20
    assert len(_codes(logged_in.get(URL, {"q": "sukamaju", "format": "json"}))) == 20


def test_empty_query_answers_no_rows(logged_in):
    assert _codes(logged_in.get(URL, {"q": "  "})) == []
    assert json.loads(logged_in.get(URL, {"format": "json"}).content) == []


def test_unknown_level_is_a_bad_request(logged_in):
    assert logged_in.get(URL, {"q": "kemayoran", "level": "planet"}).status_code == 400


def test_htmx_input_can_keep_its_own_field_name(logged_in):
    response = logged_in.get(
        URL,
        {"level": "desa", "origin_area": "han"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TRIGGER_NAME="origin_area",
    )
    assert _codes(response) == ["33.01.01.2001"]


def test_autocomplete_query_count_is_fixed(logged_in, django_assert_max_num_queries):
    # session, user, prefix search, word search, session save (3): never one per row
    with django_assert_max_num_queries(7):
        assert len(_codes(logged_in.get(URL, {"q": "k"}))) == 5  # labels cost no query

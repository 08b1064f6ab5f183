"""Bahasa Indonesia first: an English browser still gets Indonesian until the user switches."""

import pytest


@pytest.mark.django_db
def test_english_browser_gets_indonesian_by_default(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="id">' in response.content.decode()


@pytest.mark.django_db
def test_language_switch_to_english_sticks(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="id")
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
def test_api_may_ask_for_english_with_accept_language(client):
    response = client.get("/api/v1/cases/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code in (401, 403)
    assert response.headers["Content-Language"] == "en"
    response = client.get("/api/v1/cases/")
    assert response.headers["Content-Language"] == "id"


@pytest.mark.django_db
def test_country_names_are_indonesian():
    from django.utils.translation import override
    from django_countries import countries

    with override("id"):
        names = dict(countries)
    assert names["KH"] == "Kamboja"
    assert names["SA"] == "Arab Saudi"

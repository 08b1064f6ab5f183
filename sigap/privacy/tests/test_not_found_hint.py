"""The 404 page offers break-glass, discreetly, to logged-in users whose role may use it."""

import uuid

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LINK = reverse("privacy:breakglass")


def _missing_case(client, user):
    client.force_login(user)
    url = reverse("cases:case-detail", kwargs={"public_id": uuid.uuid4()})
    response = client.get(url)
    assert response.status_code == 404
    return response.content.decode()


@pytest.mark.parametrize("persona", ["caseworker_a", "secretariat_user", "police_officer"])
def test_roles_that_may_break_glass_see_the_link(request, client, persona):
    assert f'href="{LINK}"' in _missing_case(client, request.getfixturevalue(persona))


@pytest.mark.parametrize("persona", ["health_provider", "reporter_kemayoran"])
def test_other_roles_do_not(request, client, persona):
    assert LINK not in _missing_case(client, request.getfixturevalue(persona))


def test_anonymous_404_has_no_link(client, reference):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert LINK not in response.content.decode()

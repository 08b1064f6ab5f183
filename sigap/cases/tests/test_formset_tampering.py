"""Issue 7, finding 9: tampered formset management data is refused, never half-saved.

Before the fix an intake posted with ``victims-TOTAL_FORMS=-1`` saved the case and silently
dropped the victim that was filled in.
"""

import pytest
from django.urls import reverse

from sigap.cases.forms import JourneyFormSet, VictimFormSet
from sigap.cases.models import Case, Person
from sigap.cases.tests.test_views import _intake_data
from sigap.casework.forms import DecisionFormSet, PlannedServiceFormSet
from sigap.rights.forms import RightFormSet

pytestmark = pytest.mark.django_db
CREATE_URL = reverse("cases:case-create")


@pytest.mark.parametrize(
    "overrides",
    [
        {"victims-TOTAL_FORMS": "-1"},  # the finding
        {"victims-TOTAL_FORMS": "2"},  # victim 2 (third row) filled but not counted
        {"victims-INITIAL_FORMS": "5"},  # more initial rows than rows
        {"victims-INITIAL_FORMS": "-1"},
        {"journey-TOTAL_FORMS": "0"},  # the journey row filled but not counted
    ],
)
def test_tampered_intake_is_refused_and_stores_nothing(client, reporter_kemayoran, overrides):
    client.force_login(reporter_kemayoran)
    response = client.post(CREATE_URL, _intake_data(**overrides), HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    assert "Jumlah baris formulir diubah" in response.content.decode()
    assert Case.objects.count() == 0
    assert Person.objects.count() == 0


def test_untampered_intake_still_saves_every_victim(client, reporter_kemayoran):
    client.force_login(reporter_kemayoran)
    response = client.post(CREATE_URL, _intake_data())
    assert response.status_code == 302
    assert Case.objects.get().participants.count() == 3


@pytest.mark.parametrize(
    ("formset_class", "kwargs"),
    [
        (VictimFormSet, {}),
        (JourneyFormSet, {}),
        (PlannedServiceFormSet, {}),
        (DecisionFormSet, {}),
        (RightFormSet, {"form_kwargs": {"referrals": []}}),
    ],
)
@pytest.mark.parametrize(
    "management",
    [
        {"TOTAL_FORMS": "-1", "INITIAL_FORMS": "0"},
        {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "0-x": "filled"},
        {"TOTAL_FORMS": "1", "INITIAL_FORMS": "2"},
        {"TOTAL_FORMS": "5000", "INITIAL_FORMS": "0"},
    ],
)
def test_every_formset_refuses_tampered_management_data(formset_class, kwargs, management):
    data = {f"p-{key}": value for key, value in management.items()}
    formset = formset_class(data, prefix="p", **kwargs)
    assert not formset.is_valid()
    assert formset.non_form_errors()

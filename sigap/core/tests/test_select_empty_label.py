"""No select shows Django's "---------" (issue 13 §10): one widget-template override gives
every empty choice a translated label."""

import pytest
from django import forms
from django.urls import reverse
from django.utils.translation import override

from sigap.agencies.models import Agency

pytestmark = pytest.mark.django_db


class _Form(forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.all(), required=False)
    kind = forms.TypedChoiceField(choices=[("", "---------"), ("a", "A")], required=False)


def test_empty_choices_read_pilih_in_indonesian_and_choose_in_english(reference):
    with override("id"):
        html = str(_Form()["agency"]) + str(_Form()["kind"])
    assert "---------" not in html
    assert html.count("— pilih —") == 2
    with override("en"):
        assert "— choose —" in str(_Form()["agency"])


def test_a_real_form_page_has_no_dashes(client, caseworker_a, open_case):
    client.force_login(caseworker_a)
    body = client.get(reverse("casework:task-create", args=[open_case.public_id])).content
    body = body.decode()
    assert "<select" in body
    assert "---------" not in body

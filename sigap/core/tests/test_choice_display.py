"""``ChoiceDisplayMixin``: ``get_<field>_display`` equals Django's own, in each language,
without translating every choice on each call."""

import pytest
from django.db import models
from django.utils import translation

from sigap.agencies.models import Membership
from sigap.cases.choices import CaseStatus, ExploitationForm
from sigap.cases.models import Case, CaseExploitation


@pytest.mark.parametrize("value", [*ExploitationForm.values, "not-a-form"])
@pytest.mark.parametrize("language", ["id", "en"])
def test_display_equals_djangos_own_in_each_language(value, language):
    item = CaseExploitation(form=value)
    field = CaseExploitation._meta.get_field("form")
    with translation.override(language):
        assert item.get_form_display() == models.Model._get_FIELD_display(item, field)
    if value in ExploitationForm.values:
        with translation.override(language):
            assert item.get_form_display() == str(ExploitationForm(value).label)


@pytest.mark.parametrize("language", ["id", "en"])
def test_case_status_and_membership_role_too(language):
    case = Case(status=CaseStatus.OPEN)
    role_field = Membership._meta.get_field("role")
    member = Membership(role=role_field.choices[0][0])
    with translation.override(language):
        assert case.get_status_display() == str(CaseStatus.OPEN.label)
        assert member.get_role_display() == str(role_field.choices[0][1])
        assert member.get_role_display() == models.Model._get_FIELD_display(member, role_field)


def test_one_display_translates_one_label_not_every_choice(monkeypatch):
    from django.utils.translation import trans_real

    item = CaseExploitation(form=ExploitationForm.values[0])
    item.get_form_display()  # the field's map is built once
    calls = []
    real = trans_real.gettext

    def counting(message):
        calls.append(message)
        return real(message)

    monkeypatch.setattr(translation._trans, "gettext", counting)
    for _ in range(5):
        item.get_form_display()
    assert 1 <= len(calls) <= 5 < len(ExploitationForm.values)

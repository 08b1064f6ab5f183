"""Forms of the case pages: intake, people, journey, identification, notes, closure.

Forms parse and check input shape only; the rules live in ``sigap.cases.services``, whose
``ValidationError`` the views attach back onto these forms (``add_service_errors``).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from sigap.cases.choices import (
    ClosureReason,
    ExploitationForm,
    IntakeChannel,
    JourneyStage,
    Means,
    Modus,
    ParticipantRole,
    Process,
    Purpose,
    RecruitmentChannel,
    Sex,
)
from sigap.cases.models import NOTE_MAX_CHARS, SUMMARY_MAX_CHARS
from sigap.cases.services import JourneyData, PersonData
from sigap.core.dates import DateKind
from sigap.core.forms import AreaField, DateInputField, NameField, StrictFormSet

REPORT_AREA_LEVELS = ["kelurahan", "desa"]
BLANK = [("", "---------")]


def _country_choices():
    return BLANK + list(countries)


class CaseReportForm(forms.Form):
    """The case part of the intake form."""

    intake_channel = forms.ChoiceField(label=_("Intake channel"), choices=IntakeChannel.choices)
    reported_on = DateInputField(label=_("Report date"), kind=DateKind.RECORD)
    report_area = AreaField(label=_("Kelurahan where it was reported"), levels=REPORT_AREA_LEVELS)
    summary = forms.CharField(
        label=_("What happened"),
        max_length=SUMMARY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    modus = forms.ChoiceField(label=_("Modus"), choices=BLANK + Modus.choices, required=False)
    exploitation_forms = forms.MultipleChoiceField(
        label=_("Forms of exploitation"),
        choices=ExploitationForm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    destination_country = forms.ChoiceField(
        label=_("Destination country"), choices=_country_choices, required=False
    )
    destination_area = AreaField(label=_("Destination inside Indonesia"), required=False)
    recruitment_channel = forms.ChoiceField(
        label=_("Recruitment channel"),
        choices=BLANK + RecruitmentChannel.choices,
        required=False,
    )


class PersonForm(forms.Form):
    """One person (a victim in the intake form). Blank extra rows are skipped by the formset."""

    full_name = NameField(label=_("Full name"), max_length=150)
    sex = forms.ChoiceField(label=_("Sex"), choices=BLANK + Sex.choices, required=False)
    date_of_birth = DateInputField(label=_("Date of birth"), required=False, kind=DateKind.BIRTH)
    estimated_age = forms.IntegerField(
        label=_("Estimated age (years)"), min_value=0, max_value=120, required=False
    )
    origin_area = AreaField(label=_("Area of origin"), required=False)
    nik = forms.RegexField(
        label=_("NIK"),
        regex=r"^\d{16}$",
        required=False,
        error_messages={"invalid": _("A NIK has 16 digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)

    def to_data(self) -> PersonData:
        d = self.cleaned_data
        return PersonData(
            full_name=d["full_name"],
            sex=d.get("sex") or "",
            date_of_birth=d.get("date_of_birth"),
            estimated_age=d.get("estimated_age"),
            origin_area=d.get("origin_area"),
            nik=d.get("nik") or "",
            phone=d.get("phone") or "",
        )


class ParticipantForm(PersonForm):
    """A person added to an open case, with their role (victim by default)."""

    role = forms.ChoiceField(
        label=_("Role in the case"), choices=ParticipantRole.choices, initial="victim"
    )
    field_order = ["role"]


class JourneyForm(forms.Form):
    """One step of the journey: stage, an area in Indonesia or a country, place and date."""

    stage = forms.ChoiceField(label=_("Stage"), choices=BLANK + JourneyStage.choices)
    area = AreaField(label=_("Area in Indonesia"), required=False)
    country = forms.ChoiceField(label=_("Or country"), choices=_country_choices, required=False)
    place_note = forms.CharField(label=_("Place"), max_length=200, required=False)
    occurred_on = DateInputField(label=_("Date"), required=False, kind=DateKind.HISTORY)

    def to_data(self) -> JourneyData:
        d = self.cleaned_data
        return JourneyData(
            stage=d["stage"],
            area=d.get("area"),
            country=d.get("country") or "",
            place_note=d.get("place_note") or "",
            occurred_on=d.get("occurred_on"),
        )


VictimFormSet = forms.formset_factory(
    PersonForm, formset=StrictFormSet, extra=3, max_num=50, validate_max=True
)
JourneyFormSet = forms.formset_factory(
    JourneyForm, formset=StrictFormSet, extra=2, max_num=30, validate_max=True
)


def filled_forms(formset) -> list:
    """The formset's forms that were filled in (blank extra rows are ignored)."""
    return [f for f in formset.forms if f.has_changed()]


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class IdentificationForm(forms.Form):
    """The three UU 21/2007 elements found, applied to the chosen victims of one case."""

    process = forms.MultipleChoiceField(
        label=_("Process"),
        choices=Process.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    means = forms.MultipleChoiceField(
        label=_("Means"),
        choices=Means.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    purpose = forms.MultipleChoiceField(
        label=_("Purpose (exploitation)"),
        choices=Purpose.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    victims = forms.MultipleChoiceField(
        label=_("Victims this applies to"), widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        label=_("Notes"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, victims: list, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._victims = {str(v.public_id): v for v in victims}
        self.fields["victims"].choices = [
            (str(v.public_id), victim_label(v, user)) for v in victims
        ]
        self.fields["victims"].initial = list(self._victims)

    def selected_victims(self) -> list:
        return [self._victims[key] for key in self.cleaned_data["victims"]]


def victim_label(participant, user) -> str:
    """Name of a victim for a choice label, with "(child)" where the victim is a child; the
    mask where the one identity rule (``identity_visible``, which also notes the shown name for
    the request's access row) hides it, e.g. while the person's processing is restricted."""
    from sigap.cases.access import identity_mask, identity_visible

    if not identity_visible(user, participant):
        return identity_mask(participant)
    name = participant.person.full_name
    if participant.is_child:
        return _("%(name)s (child)") % {"name": name}
    return name


class CaseCloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=BLANK + ClosureReason.choices)
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class SimfoniNumberForm(forms.Form):
    """The case's SIMFONI-PPA registration number (empty clears it)."""

    simfoni_number = forms.CharField(
        label=_("SIMFONI-PPA registration number"),
        required=False,
        max_length=40,
        help_text=_(
            "The number SIMFONI-PPA gave this case, so that the SIMFONI export carries it and "
            "the case is not registered twice."
        ),
    )

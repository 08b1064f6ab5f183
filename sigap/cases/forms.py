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
    JobCategory,
    JourneyStage,
    Means,
    Modus,
    ParticipantRole,
    PassportHolder,
    Process,
    Purpose,
    RecruitmentChannel,
    SalaryCurrency,
    Sex,
    VisaType,
)
from sigap.cases.models import NOTE_MAX_CHARS, SUMMARY_MAX_CHARS
from sigap.cases.services import JourneyData, PersonData
from sigap.core.dates import DateKind
from sigap.core.forms import AreaField, DateInputField, NameField, StrictFormSet
from sigap.core.money import rupiah_form_field

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


_YES_NO_UNKNOWN = [("", _("Not known")), ("yes", _("Yes")), ("no", _("No"))]


class ModusFactsForm(forms.Form):
    """The structured modus facts (issue 13 §4): optional section of the intake form (prefix
    ``modus``, without the destination country, which the case part asks) and the edit page
    of the handling case team. Amounts: whole Rupiah (or the salary's currency), bounded by
    ``sigap.core.money.MAX_RUPIAH``."""

    job_offered = forms.CharField(label=_("Job offered"), max_length=200, required=False)
    job_category = forms.ChoiceField(
        label=_("Job category"), choices=BLANK + JobCategory.choices, required=False
    )
    promised_salary = rupiah_form_field(label=_("Promised salary per month"), required=False)
    salary_currency = forms.ChoiceField(
        label=_("Salary currency"), choices=SalaryCurrency.choices, initial="idr", required=False
    )
    destination_country = forms.ChoiceField(
        label=_("Destination country"), choices=_country_choices, required=False
    )
    visa_type = forms.ChoiceField(
        label=_("Visa type"), choices=BLANK + VisaType.choices, required=False
    )
    passport_holder = forms.ChoiceField(
        label=_("Passport held by"), choices=BLANK + PassportHolder.choices, required=False
    )
    recruiter_name = forms.CharField(
        label=_("Recruiter or company"),
        max_length=200,
        required=False,
        help_text=_("Checked against the registry of licensed placement companies (P3MI)."),
    )
    fees_paid = rupiah_form_field(label=_("Fees paid (Rp)"), required=False)
    has_debt = forms.ChoiceField(label=_("Debt"), choices=_YES_NO_UNKNOWN, required=False)
    debt_amount = rupiah_form_field(label=_("Debt amount (Rp)"), required=False)
    penampungan_area = AreaField(label=_("Holding house (penampungan) area"), required=False)
    penampungan_address = forms.CharField(
        label=_("Holding house (penampungan) address"), max_length=300, required=False
    )
    transit_countries = forms.MultipleChoiceField(
        label=_("Transit countries"), choices=list(countries), required=False
    )
    transit_points = forms.CharField(
        label=_("Transit points"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, with_destination: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_destination:
            del self.fields["destination_country"]

    @classmethod
    def initial_for(cls, case) -> dict:
        """Initial values from the case's stored facts (or only its destination)."""
        initial = {"destination_country": str(case.destination_country or "")}
        facts = getattr(case, "modus_facts", None)
        if facts is None:
            return initial
        for name in cls.base_fields:
            if name == "destination_country":
                continue
            value = getattr(facts, name)
            if name == "has_debt":
                value = "" if value is None else ("yes" if value else "no")
            elif name == "transit_countries":
                value = list(value or [])
            initial[name] = value
        return initial

    def to_data(self, destination_country: str = ""):
        """A :class:`sigap.cases.modus.ModusFactsData` of the cleaned values."""
        from sigap.cases.modus import ModusFactsData

        d = self.cleaned_data
        debt = {"yes": True, "no": False}.get(d.get("has_debt") or "")
        return ModusFactsData(
            job_offered=d.get("job_offered") or "",
            job_category=d.get("job_category") or "",
            promised_salary=d.get("promised_salary"),
            salary_currency=d.get("salary_currency") or "idr",
            destination_country=d.get("destination_country", destination_country) or "",
            visa_type=d.get("visa_type") or "",
            passport_holder=d.get("passport_holder") or "",
            recruiter_name=d.get("recruiter_name") or "",
            fees_paid=d.get("fees_paid"),
            has_debt=debt,
            debt_amount=d.get("debt_amount"),
            penampungan_area=d.get("penampungan_area"),
            penampungan_address=d.get("penampungan_address") or "",
            transit_countries=list(d.get("transit_countries") or []),
            transit_points=d.get("transit_points") or "",
        )

"""Forms of the referral pages: send, accept, decline, complete."""

from __future__ import annotations

from django import forms
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from sigap.agencies.models import Agency, Service
from sigap.core.forms import DateInputField


class AgencyChoiceField(forms.ModelChoiceField):
    """Agencies labelled with the services they offer, so the right one is easy to pick."""

    def label_from_instance(self, obj):
        offered = ", ".join(s.name for s in obj.services.all())
        return f"{obj} – {offered}" if offered else str(obj)


class ReferralForm(forms.Form):
    """Refer one victim of a case to another agency for a service.

    ``to_agency`` accepts every active agency so that the service, not the form, refuses the
    case's own agency with its clear message; the list offered leaves that agency out and
    puts agencies that offer services first.
    """

    victim = forms.ChoiceField(label=_("Victim"))
    service = forms.ModelChoiceField(
        label=_("Service"), queryset=Service.objects.all(), to_field_name="code"
    )
    to_agency = AgencyChoiceField(label=_("To agency"), queryset=Agency.objects.none())
    note = forms.CharField(
        label=_("Note for the receiving agency"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Do not repeat the victim's personal details here."),
    )

    def __init__(self, *args, case, victims: list, **kwargs):
        super().__init__(*args, **kwargs)
        self._victims = {str(v.public_id): v for v in victims}
        self.fields["victim"].choices = [("", "---------")] + [
            (str(v.public_id), v.person.full_name) for v in victims
        ]
        field = self.fields["to_agency"]
        field.to_field_name = "public_id"
        field.queryset = (
            Agency.objects.filter(is_active=True)
            .annotate(n_services=Count("services"))
            .prefetch_related("services")
            .order_by("-n_services", "name")
        )
        own = str(case.handling_agency.public_id) if case.handling_agency_id else None
        field.widget.choices = [(v, label) for v, label in field.choices if str(v) != own]

    def clean_victim(self):
        return self._victims[self.cleaned_data["victim"]]


class VersionForm(forms.Form):
    """Accept: only the version the user saw (stale → ConflictError from the service)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DeclineForm(VersionForm):
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CompleteForm(VersionForm):
    delivered_on = DateInputField(label=_("Date the service was delivered"))
    description = forms.CharField(
        label=_("Service delivered"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

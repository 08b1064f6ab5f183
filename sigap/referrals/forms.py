"""Forms of the referral pages: send, accept (one or selected), decline, start, complete,
revoke; and of case transfers."""

from __future__ import annotations

import uuid

from django import forms
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from sigap.agencies.models import Agency, Service
from sigap.core.dates import DateKind
from sigap.core.forms import DateInputField
from sigap.referrals.models import SharingBasis


def _shown_name(participant, user) -> str:
    """The victim's name for a choice label, or the mask where the one identity rule
    (``identity_visible``, which notes a shown name for the access row) hides it, e.g. while
    the person's processing is restricted."""
    from sigap.cases.access import identity_mask, identity_visible

    if not identity_visible(user, participant):
        return identity_mask(participant)
    return participant.person.full_name


class AgencyChoiceField(forms.ModelChoiceField):
    """Agencies labelled with the services they offer, so the right one is easy to pick."""

    def label_from_instance(self, obj):
        offered = ", ".join(s.name for s in obj.services.all())
        return f"{obj} – {offered}" if offered else str(obj)


class SharingBasisForm(forms.Form):
    """The basis for sharing a victim's data (UU 27/2022 PDP); rules in the services."""

    sharing_basis = forms.ChoiceField(
        label=_("Basis for sharing the victims' data"),
        choices=SharingBasis.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Applies to every victim of the case. A child's data needs the consent of a parent "
            "or guardian who is not a suspect, or a lawful basis."
        ),
    )
    consent_given_by = forms.CharField(
        label=_("Consent given by"),
        max_length=100,
        required=False,
        help_text=_("For consent: the person's role (e.g. victim, mother), never their name."),
    )
    consent_recorded_on = DateInputField(
        kind=DateKind.RECORD, label=_("Date consent was given"), required=False
    )
    legal_reference = forms.CharField(
        label=_("Legal reference"),
        max_length=200,
        required=False,
        help_text=_("For a legal obligation or public task, e.g. UU 21/2007 Pasal 51."),
    )
    override_reason = forms.CharField(
        label=_("Reason for sharing without consent or lawful basis"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Supervisors only; at least 20 characters. This is audited."),
    )

    def __init__(self, *args, can_override: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_override:
            del self.fields["override_reason"]
            self.fields["sharing_basis"].choices = [
                c for c in SharingBasis.choices if c[0] != SharingBasis.OVERRIDE
            ]

    def sharing_kwargs(self) -> dict:
        """The cleaned basis fields as keyword arguments for ``referral_send`` and
        ``transfer_request``."""
        d = self.cleaned_data
        return {
            "sharing_basis": d["sharing_basis"],
            "consent_given_by": d["consent_given_by"],
            "consent_recorded_on": d["consent_recorded_on"],
            "legal_reference": d["legal_reference"],
            "override_reason": d.get("override_reason", ""),
        }


class ReferralForm(SharingBasisForm):
    """Refer one victim of a case to another agency for a service.

    ``to_agency`` accepts every active agency so that the service, not the form, refuses the
    case's own agency with its clear message; the list offered leaves that agency out and
    puts agencies that offer services first.
    """

    field_order = ["victim", "service", "to_agency", "note"]

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

    def __init__(self, *args, case, victims: list, user, can_override: bool = False, **kwargs):
        super().__init__(*args, can_override=can_override, **kwargs)
        # One victim here (the transfer form speaks of all the case's victims).
        basis = self.fields["sharing_basis"]
        basis.label = _("Basis for sharing the victim's data")
        basis.help_text = _(
            "A child's data needs the consent of a parent or guardian who is not a suspect, "
            "or a lawful basis."
        )
        self._victims = {str(v.public_id): v for v in victims}
        self.fields["victim"].choices = [("", "---------")] + [
            (str(v.public_id), _shown_name(v, user)) for v in victims
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
    delivered_on = DateInputField(kind=DateKind.RECORD, label=_("Date the service was delivered"))
    description = forms.CharField(
        label=_("Service delivered"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RevokeForm(VersionForm):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The receiving agency sees this reason."),
    )


def parse_bulk_selection(data) -> tuple[list[str], dict[str, int]]:
    """The referrals ticked in the inbox (``selected``: public ids) and the version shown for
    each (``v-<public_id>``). Values that are not UUIDs or integers are ignored."""
    ids, versions = [], {}
    for raw in data.getlist("selected"):
        try:
            key = str(uuid.UUID(str(raw)))
        except ValueError:
            continue
        if key not in ids:
            ids.append(key)
        version = data.get(f"v-{key}", "")
        if version.isdigit():
            versions[key] = int(version)
    return ids, versions


class TransferForm(SharingBasisForm):
    """Ask another agency to take the case over."""

    field_order = ["to_agency", "reason"]

    to_agency = forms.ModelChoiceField(
        label=_("Transfer to agency"), queryset=Agency.objects.none(), to_field_name="public_id"
    )
    reason = forms.CharField(
        label=_("Reason for the transfer"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("E.g. the victim moved to the area of the receiving agency."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = (
            Agency.objects.filter(is_active=True)
            .exclude(pk=case.handling_agency_id)
            .order_by("name")
        )


class TransferAcceptForm(VersionForm):
    """Accept a transfer: the open referrals and tasks shown (``items``, public ids joined by
    commas) and an explicit confirmation."""

    items = forms.CharField(widget=forms.HiddenInput, required=False)
    confirm = forms.BooleanField(
        label=_(
            "I have reviewed the open referrals and tasks listed above; my agency takes the "
            "case over and they stay as they are until we hand them over."
        )
    )

    def confirmed_ids(self) -> list[str]:
        return [i for i in (self.cleaned_data.get("items") or "").split(",") if i]


class TransferDeclineForm(VersionForm):
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

"""Forms of the victims' rights tracker. Choices carry public_ids; labels never name a
person. Each form carries the version the user loaded (optimistic locking)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from sigap.core.dates import DateKind
from sigap.core.forms import AreaField, DateInputField, StrictFormSet
from sigap.core.money import rupiah_form_field
from sigap.rights.choices import (
    LpskDecision,
    ProtectionForm,
    RepatriationKind,
    RepatriationStatus,
    RightStatus,
)
from sigap.rights.services import RightChange

BLANK = [("", "—")]


class VersionField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(widget=forms.HiddenInput, min_value=0, required=True, **kwargs)


def _rupiah_field(label):
    return rupiah_form_field(label=label, min_value=1, required=False, help_text=_("Rupiah."))


class RightForm(forms.Form):
    """One right of the victim (one row of the page's formset)."""

    right = forms.CharField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label=_("Status"), choices=BLANK + list(RightStatus.choices), required=False
    )
    evidence_on = DateInputField(kind=DateKind.RECORD, label=_("Evidence date"), required=False)
    evidence_note = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    referral = forms.ChoiceField(label=_("Linked referral"), required=False)
    delivery = forms.ChoiceField(label=_("Linked service delivered"), required=False)
    expected_version = VersionField()

    def __init__(self, *args, referrals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._referrals = {str(r.public_id): r for r in referrals}
        self._deliveries = {str(d.public_id): d for r in referrals for d in r.deliveries.all()}
        self.fields["referral"].choices = BLANK + [
            (key, f"{r.service} → {r.to_agency} ({r.get_status_display()})")
            for key, r in self._referrals.items()
        ]
        self.fields["delivery"].choices = BLANK + [
            (key, f"{d.referral.service}: {d.delivered_on:%d-%m-%Y}")
            for key, d in self._deliveries.items()
        ]

    def clean(self):
        data = super().clean()
        if self.has_changed() and not data.get("status") and data.get("expected_version"):
            self.add_error("status", _("Choose a status."))
        return data

    def to_change(self) -> RightChange | None:
        """The change to save, or None for a row the user left as it was (or left blank)."""
        data = self.cleaned_data
        if not self.has_changed() or not data.get("status"):
            return None
        return RightChange(
            right=data["right"],
            status=data["status"],
            evidence_note=data["evidence_note"],
            evidence_on=data["evidence_on"],
            referral=self._referrals.get(data["referral"]),
            delivery=self._deliveries.get(data["delivery"]),
            expected_version=data["expected_version"],
        )


RightFormSet = forms.formset_factory(RightForm, formset=StrictFormSet, extra=0)


class RepatriationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Repatriation"), choices=RepatriationKind.choices, widget=forms.RadioSelect
    )
    destination_area = AreaField(
        label=_("Area the victim returns to (within Indonesia)"), required=False
    )
    country = forms.ChoiceField(
        label=_("Country the victim returns from"),
        choices=BLANK + [(code, name) for code, name in countries if code != "ID"],
        required=False,
    )
    mission = forms.CharField(
        label=_("Indonesian mission (KBRI/KJRI)"),
        required=False,
        max_length=150,
        help_text=_("For example: KBRI Phnom Penh."),
    )
    travel_on = DateInputField(label=_("Travel date"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=RepatriationStatus.choices)
    expected_version = VersionField()
    confirmed_ids = forms.CharField(widget=forms.HiddenInput, required=False)
    confirm = forms.BooleanField(
        label=_(
            "I have reviewed the open referrals and tasks listed above: they stay with their "
            "current agencies and assignees."
        ),
        required=False,
    )

    def confirmed(self) -> list[str] | None:
        if not self.cleaned_data.get("confirm"):
            return None
        return [i for i in self.cleaned_data.get("confirmed_ids", "").split(",") if i]


class RestitutionClaimForm(forms.Form):
    claimed_on = DateInputField(kind=DateKind.RECORD, label=_("Date claimed"), required=False)
    amount_claimed = _rupiah_field(_("Amount claimed"))
    assessed_on = DateInputField(
        kind=DateKind.RECORD, label=_("Date of the LPSK assessment"), required=False
    )
    amount_assessed = _rupiah_field(_("Amount assessed by LPSK"))
    amount_in_indictment = _rupiah_field(_("Amount in the indictment"))
    expected_version = VersionField()

    def __init__(self, *args, allowed=None, **kwargs):
        """``allowed``: the claim fields the user may write (``RightsView.claim_fields``);
        the others are left out of the form, so the service keeps their stored values."""
        super().__init__(*args, **kwargs)
        if allowed is not None:
            for name in [n for n in self.fields if n != "expected_version"]:
                if name not in allowed:
                    del self.fields[name]


class LpskForm(forms.Form):
    applied_on = DateInputField(kind=DateKind.RECORD, label=_("Date applied to LPSK"))
    decided_on = DateInputField(kind=DateKind.RECORD, label=_("Date decided"), required=False)
    decision = forms.ChoiceField(
        label=_("Decision"), choices=BLANK + list(LpskDecision.choices), required=False
    )
    protection_forms = forms.MultipleChoiceField(
        label=_("Forms of protection granted"),
        choices=ProtectionForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    expected_version = VersionField()

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.core.dates import DateKind
from sigap.core.forms import DateInputField
from sigap.privacy.choices import RequestKind, RequestStatus


class BreakGlassForm(forms.Form):
    """Case number and written reason for emergency access."""

    case_number = forms.CharField(
        label=_("Case number"), max_length=32, help_text=_("For example TPPO-3171-2026-0001")
    )
    reason = forms.CharField(
        label=_("Reason for emergency access"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SubjectRequestForm(forms.Form):
    """Register a data-subject request: kind, case number, and who the subject is in that
    case (their NIK as shown on their KTP, or the participant reference from the case team).
    The NIK is only matched through its keyed hash and never stored in the register."""

    kind = forms.ChoiceField(label=_("Kind of request"), choices=RequestKind.choices)
    case_number = forms.CharField(
        label=_("Case number"), max_length=32, help_text=_("For example TPPO-3171-2026-0001")
    )
    received_on = DateInputField(kind=DateKind.RECORD, label=_("Received on"), required=False)
    nik = forms.RegexField(
        label=_("NIK of the data subject"),
        regex=r"^\d{16}$",
        required=False,
        error_messages={"invalid": _("A NIK has 16 digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("Checked against the case; not stored."),
    )
    reference = forms.UUIDField(
        label=_("Or participant reference"),
        required=False,
        help_text=_("The person's reference in the case, from the handling case team."),
    )


class SubjectRequestCloseForm(forms.Form):
    """The outcome of a request and how it closes."""

    status = forms.ChoiceField(
        label=_("Result"),
        choices=[(s.value, s.label) for s in (RequestStatus.COMPLETED, RequestStatus.REFUSED)],
    )
    outcome = forms.CharField(
        label=_("Outcome"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What was corrected or restricted, the copy handed over, or the legal exception "
            "for a refusal."
        ),
    )

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.core.dates import DateKind
from sigap.core.forms import DateInputField, NameField
from sigap.privacy.choices import (
    ACTIONS_FOR_REQUEST,
    ActionKind,
    RefusalBasis,
    RequestKind,
    RequestStatus,
)


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


class SubjectActionForm(forms.Form):
    """Prepare the execution of a request: the action, for a correction the new values (only
    the fields to change), for a refusal the legal basis. Nothing changes until a second
    person approves."""

    kind = forms.ChoiceField(label=_("Action"), choices=ActionKind.choices)
    full_name = NameField(label=_("Corrected full name"), max_length=150, required=False)
    nik = forms.RegexField(
        label=_("Corrected NIK"),
        regex=r"^\d{16}$",
        required=False,
        error_messages={"invalid": _("A NIK has 16 digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    date_of_birth = DateInputField(
        kind=DateKind.BIRTH, label=_("Corrected date of birth"), required=False
    )
    phone = forms.CharField(label=_("Corrected phone"), max_length=32, required=False)
    address = forms.CharField(label=_("Corrected address"), max_length=300, required=False)
    refusal_basis = forms.ChoiceField(
        label=_("Legal basis of a refusal"),
        choices=[("", "—"), *RefusalBasis.choices],
        required=False,
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a refusal on another legal basis. No names."),
    )

    def __init__(self, *args, request_kind: str = "", allowed=None, **kwargs):
        super().__init__(*args, **kwargs)
        if allowed is None:
            allowed = ACTIONS_FOR_REQUEST.get(request_kind, ())
        self.fields["kind"].choices = [(k.value, k.label) for k in allowed]
        if request_kind != "correction":
            for name in ("full_name", "nik", "date_of_birth", "phone", "address"):
                del self.fields[name]


class ActionDecisionForm(forms.Form):
    """The second person's decision comment (required to reject)."""

    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BreachForm(forms.Form):
    """Register a personal-data breach; the 3 × 24-hour clock runs from ``discovered_at``."""

    discovered_at = forms.DateTimeField(
        label=_("Discovered at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Local time. The notice is due 3 × 24 hours later (UU 27/2022 Pasal 46)."),
    )
    description = forms.CharField(
        label=_("What happened"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    data_affected = forms.CharField(
        label=_("Personal data affected"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    subjects_affected = forms.IntegerField(
        label=_("Number of data subjects"), min_value=0, max_value=10_000_000
    )
    measures = forms.CharField(
        label=_("Measures taken"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

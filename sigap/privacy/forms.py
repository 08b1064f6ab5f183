from django import forms
from django.utils.translation import gettext_lazy as _


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

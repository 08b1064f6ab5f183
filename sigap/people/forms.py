"""Forms of the people pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.people.models import IdentifierKind

BLANK = [("", "---------")]


class IdentifierForm(forms.Form):
    """An identifier of a person in the case or of the case itself."""

    participant = forms.ChoiceField(label=_("Of"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=BLANK + IdentifierKind.choices)
    qualifier = forms.CharField(
        label=_("Bank code or platform"),
        max_length=32,
        required=False,
        help_text=_("Bank accounts: the bank code (e.g. 014). Social media: the platform."),
    )
    value = forms.CharField(label=_("Value"), max_length=300)

    def __init__(self, *args, participants: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].choices = [("", _("The case itself")), *participants]

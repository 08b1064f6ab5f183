"""Filter form of the auditor's event list."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.core.forms import DateInputField


class AuditEventFilterForm(forms.Form):
    """Filter by exact action and by local date range (inclusive); all optional."""

    action = forms.ChoiceField(label=_("Action"), required=False)
    date_from = DateInputField(label=_("From"), required=False)
    date_to = DateInputField(label=_("To"), required=False)

    def __init__(self, *args, actions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        from sigap.audit.labels import action_label

        # Words, not keys (issue 13 §10): each action by its translated label.
        self.fields["action"].choices = [("", _("All actions"))] + sorted(
            ((a, action_label(a)) for a in actions), key=lambda c: str(c[1])
        )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

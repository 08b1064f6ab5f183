"""The job-offer self-check form: pasted text and/or checklist answers."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sigap.analytics.services import MAX_TEXT


class JobCheckForm(forms.Form):
    """Text (optional) plus one yes/no box per checklist question of the active ruleset."""

    text = forms.CharField(
        label=_("Job offer text"),
        required=False,
        max_length=MAX_TEXT,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Paste the advertisement or chat message. Nothing is stored."),
    )

    def __init__(self, *args, questions: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        lang = "en" if (get_language() or "id").startswith("en") else "id"
        self.question_codes = []
        for q in questions:
            name = f"q_{q['code']}"
            self.fields[name] = forms.BooleanField(
                label=q["label"].get(lang) or q["label"]["id"], required=False
            )
            self.question_codes.append(q["code"])

    def answers(self) -> dict[str, bool]:
        """``{question_code: True}`` for the boxes ticked."""
        return {c: True for c in self.question_codes if self.cleaned_data.get(f"q_{c}")}

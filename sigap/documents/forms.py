"""The upload form of a case document; the service checks the rules and the file."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.documents.models import DocumentKind


class DocumentUploadForm(forms.Form):
    """``participant`` choices are ``(public_id, label)`` pairs of the case's people, given by
    the view (labels follow the identity rule)."""

    kind = forms.ChoiceField(label=_("kind of document"), choices=DocumentKind.choices)
    title = forms.CharField(
        label=_("title"),
        max_length=200,
        help_text=_("For example: BAP of the victim, 12-03-2025."),
    )
    participant = forms.ChoiceField(label=_("about"), required=False)
    file = forms.FileField(
        label=_("file"),
        help_text=_("PDF, JPEG, PNG or WebP, at most 20 MB. Photo location data is removed."),
    )

    def __init__(self, *args, participants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].choices = [("", _("The whole case")), *participants]

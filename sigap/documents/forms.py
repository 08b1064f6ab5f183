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
    attach_to = forms.ChoiceField(
        label=_("belongs to"),
        required=False,
        help_text=_(
            "Who may download it follows this record: a referral's receiving agency, the "
            "police, prosecutor and LPSK for the justice process and the victim's restitution "
            "and protection."
        ),
    )
    file = forms.FileField(
        label=_("file"),
        help_text=_("PDF, JPEG, PNG or WebP, at most 20 MB. Photo location data is removed."),
    )

    def __init__(self, *args, participants=(), records=(), **kwargs):
        """``records``: ``(value, label)`` pairs of the case's referrals (``referral:<id>``),
        justice stages (``stage:<id>``) and rights (``right:<code>``), given by the view."""
        super().__init__(*args, **kwargs)
        self.fields["participant"].choices = [("", _("The whole case")), *participants]
        self.fields["attach_to"].choices = [("", _("The case only")), *records]

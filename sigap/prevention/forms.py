"""Forms for community reports: the public one (with a challenge and a honeypot) and the one
hotline operators, lurah and school counsellors use in the app."""

from __future__ import annotations

import datetime
import secrets
import time

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from sigap.core.forms import AreaField
from sigap.prevention.models import (
    ChildrenInvolved,
    CloseReason,
    ContactChannel,
    OutreachKind,
    PlaceKind,
    ReportCategory,
    ReportChannel,
)
from sigap.prevention.uploads import MAX_FILES

CHALLENGE_SALT = "sigap.prevention.challenge"
CHALLENGE_MIN_SECONDS = 2  # a person needs longer than this to fill the form
CHALLENGE_MAX_AGE = 2 * 3600


def _answer_mac(answer: int, nonce: str) -> str:
    return salted_hmac(CHALLENGE_SALT, f"{nonce}:{answer}").hexdigest()[:20]


def challenge_token(answer: int, issued_at: float) -> str:
    """A signed token that proves the answer without revealing it (only an HMAC is inside)."""
    nonce = secrets.token_hex(8)
    return signing.dumps(
        {"h": _answer_mac(answer, nonce), "n": nonce, "t": issued_at}, salt=CHALLENGE_SALT
    )


def new_challenge() -> tuple[str, str]:
    """``(question, token)``: a small sum in words and a signed token holding an HMAC of its
    answer (the answer itself is not readable in the page)."""
    a, b = secrets.randbelow(8) + 1, secrets.randbelow(8) + 1
    token = challenge_token(a + b, time.time())
    return _("How much is %(a)s plus %(b)s?") % {"a": a, "b": b}, token


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe); cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class _ReportFields(forms.Form):
    category = forms.ChoiceField(
        label=_("What is it about?"), choices=ReportCategory.choices, widget=forms.RadioSelect
    )
    what_happened = forms.CharField(
        label=_("What happened?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Who, what, where, since when. Do not worry about spelling."),
    )
    area = AreaField(
        label=_("Where in Indonesia (kelurahan or desa)"),
        required=False,
        levels=["kelurahan", "desa", "kecamatan", "kota", "kabupaten"],
    )
    country = LazyTypedChoiceField(
        label=_("Or abroad: country"), choices=[("", "—"), *countries], required=False
    )
    place_detail = forms.CharField(
        label=_("Place details (street, building, RT/RW)"), max_length=300, required=False
    )
    occurred_on = forms.DateField(
        label=_("When (approximately)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    people_count = forms.IntegerField(
        label=_("How many people are affected?"), min_value=1, max_value=10000, required=False
    )
    children_involved = forms.ChoiceField(
        label=_("Are children involved?"),
        choices=ChildrenInvolved.choices,
        initial=ChildrenInvolved.UNKNOWN,
        widget=forms.RadioSelect,
    )
    anonymous = forms.BooleanField(
        label=_("Report anonymously (we will not be able to contact you)"),
        required=False,
        initial=True,
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=150, required=False)
    contact = forms.CharField(
        label=_("Your phone number or e-mail"), max_length=150, required=False
    )
    contact_channel = forms.ChoiceField(
        label=_("How may we contact you?"), choices=ContactChannel.choices, required=False
    )
    files = MultipleFileField(
        label=_("Photos, screenshots or PDF (optional)"),
        required=False,
        help_text=_("At most %(n)s files of 5 MB. Location data in photos is removed.")
        % {"n": MAX_FILES},
    )

    def clean_occurred_on(self):
        value = self.cleaned_data.get("occurred_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        if value and value < datetime.date(1990, 1, 1):
            raise forms.ValidationError(_("This date is too long ago."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("area") and data.get("country"):
            self.add_error("country", _("Give a place in Indonesia or a country abroad, not both."))
        if not data.get("anonymous"):
            if not (data.get("contact") or "").strip():
                self.add_error(
                    "contact", _("Give a phone number or e-mail, or report anonymously.")
                )
            if data.get("contact_channel") in ("", ContactChannel.NONE):
                self.add_error("contact_channel", _("Choose how we may contact you."))
        files = data.get("files") or []
        if len(files) > MAX_FILES:
            self.add_error("files", _("At most %(n)s files.") % {"n": MAX_FILES})
        return data


class PublicReportForm(_ReportFields):
    """The public form at /lapor/: a honeypot field people never see, and a small sum."""

    area = AreaField(
        label=_("Where in Indonesia (kelurahan or desa)"),
        required=False,
        levels=["kelurahan", "desa", "kecamatan", "kota", "kabupaten"],
        url_name="prevention:area-autocomplete",
    )

    website = forms.CharField(required=False, label=_("Leave this empty"))
    challenge = forms.CharField(label=_("Answer"), max_length=4)
    challenge_token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(_("The form could not be sent. Please try again."))
        try:
            payload = signing.loads(
                data.get("challenge_token") or "", salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE
            )
        except signing.BadSignature:
            raise forms.ValidationError(
                _("The form has expired. Please answer the new question.")
            ) from None
        try:
            answer = int(str(data.get("challenge") or "").strip())
        except ValueError:
            answer = None
        if answer is None or not constant_time_compare(
            _answer_mac(answer, str(payload.get("n", ""))), str(payload.get("h", ""))
        ):
            self.add_error("challenge", _("That answer is not right."))
        elif time.time() - float(payload.get("t", 0)) < CHALLENGE_MIN_SECONDS:
            raise forms.ValidationError(_("The form was sent too fast. Please try again."))
        return data


class AppReportForm(_ReportFields):
    """The same facts entered in the app, with the channel the report came through."""

    channel = forms.ChoiceField(
        label=_("Received through"),
        choices=[c for c in ReportChannel.choices if c[0] != ReportChannel.PUBLIC_WEB],
    )


class StatusForm(forms.Form):
    code = forms.CharField(label=_("Receipt code"), max_length=20)


class TriageForm(forms.Form):
    """One triage action on a report."""

    action = forms.ChoiceField(
        choices=[
            ("assign_me", _("Take it")),
            ("close", _("Close")),
            ("forward", _("Forward to the police")),
            ("convert", _("Handle as a case")),
        ]
    )
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", "—"), *CloseReason.choices], required=False
    )
    duplicate_code = forms.CharField(
        label=_("Receipt code of the other report"), max_length=20, required=False
    )
    police_agency = forms.ModelChoiceField(
        label=_("Police unit"), queryset=None, required=False, empty_label="—"
    )
    report_area = AreaField(
        label=_("Kelurahan or desa of the case"), required=False, levels=["kelurahan", "desa"]
    )

    def __init__(self, *args, **kwargs):
        from sigap.agencies.choices import AgencyKind
        from sigap.agencies.models import Agency

        super().__init__(*args, **kwargs)
        self.fields["police_agency"].queryset = Agency.objects.filter(
            kind=AgencyKind.POLICE, is_active=True
        )


# --- Outreach register (issue 9 §4) -------------------------------------------------------------


def _recordable_agencies(user):
    """Agencies ``user`` may record for (``access.outreach_agencies_q``), by name."""
    from sigap.agencies.models import Agency
    from sigap.prevention.access import outreach_agencies_q

    q = outreach_agencies_q(user)
    if q is None:
        return Agency.objects.none()
    return Agency.objects.filter(q).order_by("name")


class OutreachForm(forms.Form):
    """One outreach session: organiser, kind, topic, place, date, audience counts, photos."""

    organiser = forms.ModelChoiceField(label=_("Organiser"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("Kind of activity"), choices=OutreachKind.choices)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    place_kind = forms.ChoiceField(label=_("Place"), choices=PlaceKind.choices)
    area = AreaField(label=_("Kelurahan"), required=False, levels=["kelurahan", "desa"])
    place_name = forms.CharField(
        label=_("Name of the place (school, RW, mosque, link)"), max_length=200, required=False
    )
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    girls = forms.IntegerField(
        label=_("Girls (under 18)"), min_value=0, max_value=100000, initial=0
    )
    boys = forms.IntegerField(label=_("Boys (under 18)"), min_value=0, max_value=99999, initial=0)
    women = forms.IntegerField(label=_("Women"), min_value=0, max_value=99999, initial=0)
    men = forms.IntegerField(label=_("Men"), min_value=0, max_value=99999, initial=0)
    materials = forms.CharField(
        label=_("Materials used"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner agencies"), queryset=None, required=False
    )
    photos = MultipleFileField(
        label=_("Photos or PDF (optional)"),
        required=False,
        help_text=_("At most %(n)s files of 5 MB. Location data in photos is removed.")
        % {"n": MAX_FILES},
    )

    def __init__(self, *args, user, **kwargs):
        from sigap.agencies.models import Agency

        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = _recordable_agencies(user)
        self.fields["partners"].queryset = Agency.objects.filter(is_active=True).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("place_kind") != PlaceKind.ONLINE and not data.get("area"):
            self.add_error("area", _("Choose the kelurahan where it was held."))
        held_on = data.get("held_on")
        if held_on and held_on > timezone.localdate():
            self.add_error("held_on", _("This date is in the future."))
        counts = [data.get(k) for k in ("girls", "boys", "women", "men")]
        if all(c is not None for c in counts) and sum(counts) == 0:
            self.add_error(None, _("Give the number of participants."))
        if len(data.get("photos") or []) > MAX_FILES:
            self.add_error("photos", _("At most %(n)s files.") % {"n": MAX_FILES})
        return data


class PlanForm(forms.Form):
    """An agency's planned sessions and participants for one quarter."""

    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), coerce=int, choices=[(q, f"Q{q}") for q in (1, 2, 3, 4)]
    )
    planned_sessions = forms.IntegerField(label=_("Planned sessions"), min_value=0, max_value=10000)
    planned_participants = forms.IntegerField(
        label=_("Planned participants"), min_value=0, max_value=10000000
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _recordable_agencies(user)

"""Forms of the justice pages. Choices name people by "Defendant n" or by the name the user may
see (selectors decide); values are public_ids, never names or integer pks."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.cases.choices import Sex
from sigap.core.dates import DateKind
from sigap.core.forms import DateInputField, NameField
from sigap.core.money import rupiah_form_field
from sigap.justice.choices import JusticeStage, SuspectRoleCode, VerdictLevel, VerdictOutcome
from sigap.justice.models import Article


def _pick(choices, label):
    return forms.ChoiceField(label=label, choices=[("", "—"), *choices])


class PoliceReportForm(forms.Form):
    number = forms.CharField(
        label=_("Report number"),
        max_length=120,
        help_text=_(
            "As written on the report, e.g. LP/B/123/VII/2026/SPKT/Polres Metro Jakarta Pusat."
        ),
    )
    unit = forms.CharField(
        label=_("Police unit"),
        max_length=150,
        help_text=_("E.g. Unit PPA Satreskrim Polres Metro Jakarta Pusat."),
    )
    reported_on = DateInputField(kind=DateKind.RECORD, label=_("Report date"))


class StageForm(forms.Form):
    stage = _pick(JusticeStage.choices, _("New stage"))
    on = DateInputField(kind=DateKind.RECORD, label=_("Date"))
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when going back to an earlier stage (e.g. file returned, P19)."),
    )


class SuspectForm(forms.Form):
    full_name = NameField(label=_("Full name"), max_length=150)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    estimated_age = forms.IntegerField(
        label=_("Estimated age (years)"), min_value=0, max_value=120, required=False
    )
    roles = forms.MultipleChoiceField(
        label=_("Role in the trafficking"),
        choices=SuspectRoleCode.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class SuspectChargesForm(forms.Form):
    suspect = forms.ChoiceField(label=_("Suspect"))
    roles = forms.MultipleChoiceField(
        label=_("Role in the trafficking"),
        choices=SuspectRoleCode.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    articles = forms.ModelMultipleChoiceField(
        label=_("Articles charged"),
        queryset=Article.objects.filter(is_active=True),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, suspects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suspect"].choices = [("", "—"), *suspects]
        self.fields["articles"].label_from_instance = lambda a: f"{a} – {a.description}"


class ScreeningForm(forms.Form):
    victim = forms.ChoiceField(label=_("Victim"))
    reason = forms.CharField(
        label=_("Reason for screening"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Why this victim may also be under investigation. Not shown to service providers."
        ),
    )
    also_suspect = forms.BooleanField(
        label=_("The police have named this person as a suspect"), required=False
    )

    def __init__(self, *args, victims, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["victim"].choices = [("", "—"), *victims]


class VerdictForm(forms.Form):
    suspect = forms.ChoiceField(label=_("Defendant"))
    level = _pick(VerdictLevel.choices, _("Court level"))
    court = forms.CharField(label=_("Court"), max_length=150)
    decided_on = DateInputField(kind=DateKind.RECORD, label=_("Date of verdict"))
    outcome = _pick(VerdictOutcome.choices, _("Outcome"))
    prison_months = forms.IntegerField(
        label=_("Prison sentence (months)"), min_value=0, max_value=2400, required=False
    )
    fine_rupiah = rupiah_form_field(label=_("Fine (Rupiah)"), min_value=0, required=False)
    final_notice_on = DateInputField(
        kind=DateKind.RECORD,
        label=_("Notice of the final verdict"),
        required=False,
        help_text=_(
            "When the final and binding verdict was notified; restitution is due 14 days later."
        ),
    )

    def __init__(self, *args, suspects, victims, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suspect"].choices = [("", "—"), *suspects]
        self.victim_fields = []
        for value, label in victims:
            name = f"restitution_{value}"
            self.fields[name] = forms.IntegerField(
                label=_("Restitution to %(victim)s (Rupiah)") % {"victim": label},
                min_value=0,
                required=False,
            )
            self.victim_fields.append((name, value))

    def restitution(self) -> dict[str, int]:
        """``{victim public_id: amount}`` for the amounts filled in."""
        return {
            value: self.cleaned_data[name]
            for name, value in self.victim_fields
            if self.cleaned_data.get(name)
        }


class FinalNoticeForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Verdict"))
    final_notice_on = DateInputField(kind=DateKind.RECORD, label=_("Notice of the final verdict"))

    def __init__(self, *args, verdicts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verdict"].choices = [("", "—"), *verdicts]


class PaymentForm(forms.Form):
    order = forms.ChoiceField(label=_("Restitution order"))
    paid_on = DateInputField(kind=DateKind.RECORD, label=_("Payment date"))
    amount_rupiah = rupiah_form_field(label=_("Amount paid (Rupiah)"), min_value=1)

    def __init__(self, *args, orders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].choices = [("", "—"), *orders]

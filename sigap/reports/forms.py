"""Forms of the export pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.cases.choices import CaseStatus, ExploitationForm, Modus
from sigap.reports.exports import PURPOSE_MIN_CHARS

FORMAT_CHOICES = [("csv", "CSV"), ("xlsx", _("Excel (XLSX)"))]
ANY = [("", _("Any"))]


class CaseExportForm(forms.Form):
    """The case-list export: format, the list's filters (codes only), and for users with
    ``cases.export_identities`` the "include identities" box with a written purpose."""

    fmt = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="csv")
    status = forms.ChoiceField(label=_("Status"), required=False)
    kecamatan = forms.ChoiceField(label=_("Kecamatan of report"), required=False)
    exploitation_form = forms.ChoiceField(label=_("Exploitation form"), required=False)
    modus = forms.ChoiceField(label=_("Modus"), required=False)
    include_identities = forms.BooleanField(
        label=_("Include victims' identities (names, NIK)"),
        required=False,
        help_text=_(
            "Only for a documented purpose. Children's identities stay masked unless you may "
            "see them. The export and its purpose are recorded in the audit log."
        ),
    )
    purpose = forms.CharField(
        label=_("Purpose of the export"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when identities are included."),
    )

    def __init__(self, *args, kecamatan_choices=(), identities_allowed=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = ANY + list(CaseStatus.choices)
        self.fields["kecamatan"].choices = ANY + list(kecamatan_choices)
        self.fields["exploitation_form"].choices = ANY + list(ExploitationForm.choices)
        self.fields["modus"].choices = ANY + list(Modus.choices)
        if not identities_allowed:
            del self.fields["include_identities"]
            del self.fields["purpose"]

    def clean(self):
        data = super().clean()
        if data.get("include_identities") and len((data.get("purpose") or "").strip()) < (
            PURPOSE_MIN_CHARS
        ):
            self.add_error(
                "purpose",
                _("Write the purpose of exporting identities in at least %(n)d characters.")
                % {"n": PURPOSE_MIN_CHARS},
            )
        return data


class AggregateExportForm(forms.Form):
    fmt = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="csv")


class TaskforceReportForm(forms.Form):
    """Year, optional quarter and format of the task-force report."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", _("Whole year")), (1, "I"), (2, "II"), (3, "III"), (4, "IV")],
    )
    fmt = forms.ChoiceField(
        label=_("Format"), choices=[("pdf", "PDF"), ("xlsx", _("Excel (XLSX)"))], initial="pdf"
    )

    def __init__(self, *args, this_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        years = range(this_year, 2006, -1)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        self.fields["year"].initial = this_year

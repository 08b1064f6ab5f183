"""Forms of the export pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.cases.choices import CaseStatus, ExploitationForm, Modus
from sigap.reports.choices import DATASET_FORMATS, ExportDataset, ExportFormat
from sigap.reports.exports import PURPOSE_MIN_CHARS

FORMAT_CHOICES = [("csv", "CSV"), ("xlsx", _("Excel (XLSX)"))]
ANY = [("", _("Any"))]


class CaseExportForm(forms.Form):
    """The case-list export: format, the list's filters (codes only), and for users with
    ``cases.export_identities`` the "include identities" box with a written purpose."""

    dataset = forms.ChoiceField(
        label=_("Dataset"),
        choices=ExportDataset.choices,
        initial=ExportDataset.CASES,
        required=False,  # absent: the case list, as before the standard formats
        help_text=_(
            "SIMFONI-PPA, CTDC and HTCDS files hold one row per victim of the cases you see in "
            "full, without names or NIK. HTCDS: CSV or JSON; the "
            "others: CSV or Excel."
        ),
    )
    fmt = forms.ChoiceField(label=_("Format"), choices=ExportFormat.choices, initial="csv")
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
        data["dataset"] = dataset = data.get("dataset") or ExportDataset.CASES
        fmt = data.get("fmt")
        if dataset and fmt and fmt not in DATASET_FORMATS[dataset]:
            self.add_error("fmt", _("This dataset is not available in that format."))
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


MAX_PERIOD_DAYS = 5 * 366  # the monthly chart stays readable and its query bounded


class DashboardFilterForm(forms.Form):
    """Filters of the chart dashboard (GET): report period and kecamatan (codes and dates
    only). Invalid input leaves the defaults in place and shows the errors."""

    start = forms.DateField(
        label=_("Reported from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Reported until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False)

    def __init__(self, *args, kecamatan_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].choices = [("", _("All"))] + list(kecamatan_choices)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("The start date must not be after the end date."))
            if (end - start).days > MAX_PERIOD_DAYS:
                raise forms.ValidationError(_("Choose a period of at most five years."))
        return data

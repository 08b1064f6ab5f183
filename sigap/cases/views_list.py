"""The case list: filters, pagination, a bounded number of queries whatever the page size."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from sigap.areas.choices import AreaLevel
from sigap.areas.models import Area
from sigap.cases.choices import CaseStatus, ExploitationForm, Modus
from sigap.cases.selectors import case_list as case_list_select

PAGE_SIZE = 25


class CaseFilterForm(forms.Form):
    """GET filters of the case list; every field is optional and invalid ones are ignored."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_(
            "Case number; case teams can also find their own cases by a victim's NIK or by "
            "whole words of a victim's name."
        ),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    kecamatan = forms.ChoiceField(label=_("Kecamatan of report"), required=False)
    exploitation_form = forms.ChoiceField(label=_("Exploitation form"), required=False)
    modus = forms.ChoiceField(label=_("Modus"), required=False)
    reported_from = forms.DateField(
        label=_("Reported on or after"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, kecamatan_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        any_choice = [("", _("Any"))]
        self.fields["status"].choices = any_choice + list(CaseStatus.choices)
        self.fields["kecamatan"].choices = any_choice + list(kecamatan_choices)
        self.fields["exploitation_form"].choices = any_choice + list(ExploitationForm.choices)
        self.fields["modus"].choices = any_choice + list(Modus.choices)


def _kecamatan_choices() -> list[tuple[str, str]]:
    """Kecamatan of the default working area (Jakarta Pusat, ``31.71``), by name."""
    return list(
        Area.objects.filter(parent_id=settings.SIGAP_DEFAULT_AREA_CODE, level=AreaLevel.KECAMATAN)
        .order_by("name")
        .values_list("code", "name")
    )


@login_required
@permission_required("cases.view_case", raise_exception=True)
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """Cases the user may see (``cases.selectors.case_list``), newest first, 25 a page.

    Filters: ``q``, ``status``, ``kecamatan`` (code), ``exploitation_form``, ``modus``,
    ``reported_from`` (ISO date; the dashboard's "new this month" link); ``page``.
    """
    form = CaseFilterForm(request.GET or None, kecamatan_choices=_kecamatan_choices())
    form.is_valid()  # invalid fields are reported in the form and left out of the filter
    data = getattr(form, "cleaned_data", {})
    cases = case_list_select(
        user=request.user,
        search=data.get("q") or "",
        status=data.get("status") or "",
        kecamatan=data.get("kecamatan") or "",
        exploitation_form=data.get("exploitation_form") or "",
        modus=data.get("modus") or "",
    )
    if data.get("reported_from"):
        cases = cases.filter(reported_on__gte=data["reported_from"])
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    filtered = any(data.get(name) for name in form.fields)
    return render(
        request,
        "cases/case_list.html",
        {"form": form, "page_obj": page, "cases": page.object_list, "filtered": filtered},
    )

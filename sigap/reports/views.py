"""The dashboard (aggregate counts only, sigap.reports.selectors decides the scope) and the
exports (sigap.reports.exports: masked by default, audited)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from sigap.areas.selectors import area_get
from sigap.cases.views_list import kecamatan_choices
from sigap.core.exceptions import ApplicationError
from sigap.reports.exports import (
    FILTERS,
    ExportFile,
    aggregate_export,
    case_export,
    may_export_identities,
)
from sigap.reports.forms import AggregateExportForm, CaseExportForm
from sigap.reports.selectors import (
    dashboard_case_totals,
    dashboard_cases_by_exploitation_form,
    dashboard_cases_by_kecamatan,
    dashboard_referral_totals,
    local_today,
    sees_city_wide,
)


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Counts of cases and referrals; city-wide for ``cases.view_aggregates``, else the user's
    own scope. Never shows a name, a case number or any other identity."""
    user = request.user
    today = local_today()
    return render(
        request,
        "reports/dashboard.html",
        {
            "today": today,
            "city_wide": sees_city_wide(user),
            "kota": area_get(code=settings.SIGAP_DEFAULT_AREA_CODE),
            "totals": dashboard_case_totals(user=user, today=today),
            "by_kecamatan": dashboard_cases_by_kecamatan(user=user),
            "by_form": dashboard_cases_by_exploitation_form(user=user),
            "referrals": dashboard_referral_totals(user=user, today=today),
        },
    )


def _download(export: ExportFile) -> HttpResponse:
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@permission_required("cases.view_case", raise_exception=True)
@require_http_methods(["GET", "POST"])
def case_export_view(request: HttpRequest) -> HttpResponse:
    """The export form (GET, filters prefilled from the case list's codes) and the download
    (POST). Identities only with ``cases.export_identities``, the box ticked and a purpose."""
    allowed = may_export_identities(request.user)
    kwargs = {"kecamatan_choices": kecamatan_choices(), "identities_allowed": allowed}
    if request.method == "POST":
        form = CaseExportForm(request.POST, **kwargs)
        if form.is_valid():
            d = form.cleaned_data
            try:
                export = case_export(
                    user=request.user,
                    fmt=d["fmt"],
                    filters={name: d.get(name) for name in FILTERS},
                    include_identities=bool(d.get("include_identities")),
                    purpose=d.get("purpose") or "",
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                return _download(export)
    else:
        initial = {name: request.GET.get(name, "") for name in FILTERS}
        form = CaseExportForm(initial=initial, **kwargs)
    return render(
        request, "reports/case_export.html", {"form": form, "identities_allowed": allowed}
    )


@login_required
@permission_required("cases.view_aggregates", raise_exception=True)
@require_http_methods(["GET", "POST"])
def aggregate_export_view(request: HttpRequest) -> HttpResponse:
    """Counts by kecamatan, exploitation form and month with small-cell suppression (GET: the
    form; POST: the download). For leadership and every role with aggregate figures."""
    form = AggregateExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _download(aggregate_export(user=request.user, fmt=form.cleaned_data["fmt"]))
    return render(request, "reports/aggregate_export.html", {"form": form})

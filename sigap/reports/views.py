"""The dashboard (aggregate counts only, sigap.reports.selectors decides the scope) and the
exports (sigap.reports.exports: masked by default, audited)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from sigap.areas.selectors import area_get
from sigap.cases.access import sees_cases_in_full
from sigap.cases.views_list import kecamatan_choices
from sigap.core.exceptions import ApplicationError
from sigap.reports.charts import chart_data_uri
from sigap.reports.choices import CONTENT_TYPES
from sigap.reports.dashboards import Filters, dashboard_charts, default_filters
from sigap.reports.exports import (
    FILTERS,
    ExportFile,
    aggregate_export,
    export_job_create,
    export_job_file,
    may_export_identities,
)
from sigap.reports.forms import (
    AggregateExportForm,
    CaseExportForm,
    DashboardFilterForm,
    TaskforceReportForm,
)
from sigap.reports.recap import monthly_recap, parse_month
from sigap.reports.selectors import (
    dashboard_case_totals,
    dashboard_cases_by_exploitation_form,
    dashboard_cases_by_kecamatan,
    dashboard_referral_totals,
    export_job_get,
    export_job_recent,
    local_today,
    sees_city_wide,
    taskforce_job_recent,
)
from sigap.reports.taskforce_jobs import taskforce_report_job_create


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
            # A user who sees no case in full (a reporter, a receiving agency) counts no
            # case's forms: the page says so instead of a column of zeros.
            "forms_hidden": not sees_city_wide(user) and not sees_cases_in_full(user),
            "referrals": dashboard_referral_totals(user=user, today=today),
        },
    )


@login_required
@require_GET
def charts_view(request: HttpRequest) -> HttpResponse:
    """Charts of cases, victims, times against the 7-day rule, referrals, justice and
    restitution (issue 12 §4), each followed by its data table; filtered by report period
    and kecamatan. Numbers follow the dashboard's scope (sigap.reports.dashboards)."""
    today = local_today()
    defaults = default_filters(today)
    form = DashboardFilterForm(request.GET or None, kecamatan_choices=kecamatan_choices())
    filters = defaults
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = Filters(
            start=d.get("start") or defaults.start,
            end=d.get("end") or defaults.end,
            kecamatan=d.get("kecamatan") or "",
        )
    charts = dashboard_charts(user=request.user, filters=filters, today=today)
    return render(
        request,
        "reports/charts.html",
        {
            "form": form,
            "filters": filters,
            "today": today,
            "city_wide": sees_city_wide(request.user),
            "charts": [
                (series, chart_data_uri(series) if series.has_data else "") for series in charts
            ],
        },
    )


@login_required
@permission_required("cases.view_aggregates", raise_exception=True)
@require_GET
def monthly_recap_view(request: HttpRequest) -> HttpResponse:
    """The one-page monthly recap PDF (``?month=YYYY-MM``, default: last month) over the
    user's dashboard scope; audited. A malformed month answers 400 with a page saying what to
    write."""
    today = local_today()
    text = request.GET.get("month") or f"{(today.replace(day=1) - timedelta(days=1)):%Y-%m}"
    try:
        month = parse_month(text)
    except ApplicationError as exc:
        return render(request, "reports/recap_error.html", {"message": exc.message}, status=400)
    kota = area_get(code=settings.SIGAP_DEFAULT_AREA_CODE)
    content = monthly_recap(
        user=request.user, month=month, area_name=kota.name if kota else "", today=today
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="rekap-tppo-{month:%Y-%m}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _download(export: ExportFile) -> HttpResponse:
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@permission_required("cases.view_case", raise_exception=True)
@require_http_methods(["GET", "POST"])
def case_export_view(request: HttpRequest) -> HttpResponse:
    """The export form (GET, filters prefilled from the case list's codes, with the user's
    recent export jobs) and the request (POST: queues a background job and redirects to its
    page). Identities only with ``cases.export_identities``, the box ticked and a purpose."""
    allowed = may_export_identities(request.user)
    kwargs = {"kecamatan_choices": kecamatan_choices(), "identities_allowed": allowed}
    if request.method == "POST":
        form = CaseExportForm(request.POST, **kwargs)
        if form.is_valid():
            d = form.cleaned_data
            try:
                job = export_job_create(
                    user=request.user,
                    dataset=d["dataset"],
                    fmt=d["fmt"],
                    filters={name: d.get(name) for name in FILTERS},
                    include_identities=bool(d.get("include_identities")),
                    purpose=d.get("purpose") or "",
                    # Headers in the requester's language (the API keeps machine names).
                    header_language=get_language() or "",
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                return redirect("reports:export-job", public_id=job.public_id)
    else:
        initial = {name: request.GET.get(name, "") for name in FILTERS}
        form = CaseExportForm(initial=initial, **kwargs)
    return render(
        request,
        "reports/case_export.html",
        {
            "form": form,
            "identities_allowed": allowed,
            "jobs": export_job_recent(user=request.user),
        },
    )


@login_required
@require_GET
def export_job_view(request: HttpRequest, public_id) -> HttpResponse:
    """One export job of the requester (404 for anyone else): status and a progress bar that
    htmx refreshes every second while the job runs; the download link once it is ready."""
    job = export_job_get(user=request.user, public_id=public_id)
    template = "reports/_export_job.html" if request.htmx else "reports/export_job.html"
    return render(request, template, {"job": job})


@login_required
@require_GET
def export_job_download(request: HttpRequest, public_id) -> FileResponse:
    """The job's file, for its requester only, until it expires (404 otherwise); audited."""
    job = export_job_get(user=request.user, public_id=public_id)
    path = export_job_file(user=request.user, job=job)
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=job.filename,
        content_type=CONTENT_TYPES[job.format],
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@permission_required("cases.view_aggregates", raise_exception=True)
@require_http_methods(["GET", "POST"])
def aggregate_export_view(request: HttpRequest) -> HttpResponse:
    """Counts by kecamatan, exploitation form and month with small-cell suppression (GET: the
    form; POST: the download). For leadership and every role with aggregate figures."""
    form = AggregateExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _download(
            aggregate_export(
                user=request.user,
                fmt=form.cleaned_data["fmt"],
                header_language=get_language() or "",
            )
        )
    return render(request, "reports/aggregate_export.html", {"form": form})


@login_required
@permission_required("cases.view_aggregates", raise_exception=True)
@require_http_methods(["GET", "POST"])
def taskforce_report_view(request: HttpRequest) -> HttpResponse:
    """The task-force report (Laporan Gugus Tugas) for the secretariat and leadership: GET the
    form and the user's recent reports; POST queues a background job and redirects to its page
    (progress, then the download for the requester only)."""
    form = TaskforceReportForm(request.POST or None, this_year=local_today().year)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            job = taskforce_report_job_create(
                user=request.user, year=d["year"], quarter=d["quarter"], fmt=d["fmt"]
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("reports:export-job", public_id=job.public_id)
    return render(
        request,
        "reports/taskforce_report.html",
        {
            "form": form,
            "city_wide": sees_city_wide(request.user),
            "jobs": taskforce_job_recent(user=request.user),
        },
    )

"""The dashboard: aggregate counts only (sigap.reports.selectors decides the scope)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sigap.areas.selectors import area_get
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

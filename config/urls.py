"""Root URL configuration. Every route carries UUIDs, never names, NIK or integer pks."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from sigap.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("sigap.accounts.urls")),
    path("account/", include("sigap.api.pages_urls")),
    path("areas/", include("sigap.areas.urls")),
    path("cases/", include("sigap.cases.urls")),
    path("people/", include("sigap.people.urls")),
    path("referrals/", include("sigap.referrals.urls")),
    path("casework/", include("sigap.casework.urls")),
    path("justice/", include("sigap.justice.urls")),
    path("rights/", include("sigap.rights.urls")),
    path("documents/", include("sigap.documents.urls")),
    path("impor/", include("sigap.imports.urls")),
    path("dashboard/", include("sigap.reports.urls")),
    path("privacy/", include("sigap.privacy.urls")),
    path("audit/", include("sigap.audit.urls")),
    path("taskforce/", include("sigap.taskforce.urls")),
    path("api/v1/", include("sigap.api.urls")),
    path("", include("sigap.analytics.urls")),
    path("", include("sigap.prevention.urls")),
    path("", RedirectView.as_view(pattern_name="reports:dashboard", permanent=False)),
]

handler400 = "sigap.core.errors.bad_request"
handler403 = "sigap.core.errors.permission_denied"
handler404 = "sigap.core.errors.page_not_found"
handler500 = "sigap.core.errors.server_error"

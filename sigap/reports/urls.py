from django.urls import path

from sigap.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/cases/", views.case_export_view, name="case-export"),
    path("export/counts/", views.aggregate_export_view, name="aggregate-export"),
    path("taskforce-report/", views.taskforce_report_view, name="taskforce-report"),
    path("exports/<uuid:public_id>/", views.export_job_view, name="export-job"),
    path(
        "exports/<uuid:public_id>/download/",
        views.export_job_download,
        name="export-job-download",
    ),
]

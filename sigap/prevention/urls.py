"""Routes of the prevention app: public pages under /lapor/, the queue, the outreach register
and the early-warning view under /prevention/."""

from django.urls import path

from sigap.prevention import views

app_name = "prevention"

urlpatterns = [
    path("lapor/", views.report_public, name="report-public"),
    path("lapor/terkirim/", views.report_received, name="report-received"),
    path("lapor/status/", views.report_status, name="report-status"),
    path("lapor/wilayah/", views.area_autocomplete_public, name="area-autocomplete"),
    path("prevention/reports/", views.report_queue, name="report-list"),
    path("prevention/reports/new/", views.report_create, name="report-create"),
    path("prevention/reports/<uuid:public_id>/", views.report_detail, name="report-detail"),
    path("prevention/reports/<uuid:public_id>/act/", views.report_act, name="report-act"),
    path(
        "prevention/reports/<uuid:public_id>/files/<uuid:attachment_id>/",
        views.attachment_download,
        name="attachment-download",
    ),
    path("prevention/outreach/", views.outreach_list_view, name="outreach-list"),
    path("prevention/outreach/new/", views.outreach_create, name="outreach-create"),
    path("prevention/outreach/plans/", views.outreach_plans, name="outreach-plans"),
    path("prevention/outreach/<uuid:public_id>/", views.outreach_detail, name="outreach-detail"),
    path(
        "prevention/outreach/<uuid:public_id>/photos/<uuid:photo_id>/",
        views.outreach_photo,
        name="outreach-photo",
    ),
    path("prevention/early-warning/", views.early_warning_view, name="early-warning"),
]

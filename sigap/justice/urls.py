from django.urls import path

from sigap.justice import views

app_name = "justice"

urlpatterns = [
    path("cases/<uuid:case_id>/", views.case_detail, name="case-detail"),
    path(
        "cases/<uuid:case_id>/police-reports/new/",
        views.police_report_create,
        name="police-report-create",
    ),
    path("cases/<uuid:case_id>/stage/", views.stage_advance, name="stage-advance"),
    path("cases/<uuid:case_id>/suspects/new/", views.suspect_create, name="suspect-create"),
    path("cases/<uuid:case_id>/suspects/charges/", views.suspect_charges, name="suspect-charges"),
    path("cases/<uuid:case_id>/screening/", views.screening_create, name="screening-create"),
    path("cases/<uuid:case_id>/verdicts/new/", views.verdict_create, name="verdict-create"),
    path(
        "cases/<uuid:case_id>/verdicts/final-notice/",
        views.final_notice_create,
        name="final-notice-create",
    ),
    path("cases/<uuid:case_id>/payments/new/", views.payment_create, name="payment-create"),
    path(
        "cases/<uuid:case_id>/summary/<uuid:victim_id>/",
        views.summary_print,
        name="summary-print",
    ),
]

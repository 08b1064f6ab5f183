from django.urls import path

from sigap.casework import views

app_name = "casework"

urlpatterns = [
    path("my-work/", views.my_work, name="my-work"),
    path("notifications/", views.notification_list, name="notification-list"),
    path("notifications/read/", views.notification_read, name="notification-read"),
    path(
        "notifications/<uuid:public_id>/open/",
        views.notification_open,
        name="notification-open",
    ),
    path(
        "notifications/preferences/",
        views.notification_preferences,
        name="notification-preferences",
    ),
    path("caseload/", views.caseload, name="caseload"),
    path("cases/<uuid:public_id>/", views.case_work, name="case-work"),
    path("cases/<uuid:public_id>/assign/", views.case_assign, name="case-assign"),
    path(
        "cases/<uuid:public_id>/assessments/new/",
        views.assessment_create,
        name="assessment-create",
    ),
    path("cases/<uuid:public_id>/plans/new/", views.plan_create, name="plan-create"),
    path("cases/<uuid:public_id>/close/", views.closure_request, name="closure-request"),
    path("cases/<uuid:public_id>/close/decide/", views.closure_decide, name="closure-decide"),
    path("cases/<uuid:public_id>/reopen/", views.case_reopen, name="case-reopen"),
    path("cases/<uuid:public_id>/tasks/new/", views.task_create, name="task-create"),
    path("cases/<uuid:public_id>/tasks/handover/", views.task_reassign, name="task-reassign"),
    path("cases/<uuid:public_id>/followups/", views.followups_schedule, name="followups-schedule"),
    path("cases/<uuid:public_id>/conferences/", views.conference_list, name="conference-list"),
    path(
        "cases/<uuid:public_id>/conferences/new/",
        views.conference_create,
        name="conference-create",
    ),
    path("plans/<uuid:public_id>/edit/", views.plan_edit, name="plan-edit"),
    path("plans/<uuid:public_id>/submit/", views.plan_submit, name="plan-submit"),
    path("plans/<uuid:public_id>/decide/", views.plan_decide, name="plan-decide"),
    path("tasks/<uuid:public_id>/complete/", views.task_complete, name="task-complete"),
]

"""Routes of the task-force app, under /taskforce/ (UUIDs only)."""

from django.urls import path

from sigap.taskforce import views

app_name = "taskforce"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("<uuid:public_id>/edit/", views.task_force_edit, name="taskforce-edit"),
    path("<uuid:public_id>/members/", views.member_add, name="member-add"),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/new/", views.meeting_create, name="meeting-create"),
    path("meetings/<uuid:public_id>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<uuid:public_id>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<uuid:public_id>/attendance/", views.attendance_add, name="attendance-add"),
    path(
        "meetings/<uuid:public_id>/attendance/<uuid:row_id>/remove/",
        views.attendance_remove,
        name="attendance-remove",
    ),
    path("meetings/<uuid:public_id>/actions/", views.action_item_add, name="actionitem-add"),
    path("meetings/<uuid:public_id>/notulen.pdf", views.meeting_notulen, name="meeting-notulen"),
    path("rad/", views.rad_overview, name="rad-overview"),
    path("rad/indicators/<uuid:public_id>/", views.indicator_detail, name="indicator-detail"),
    path("rad/programmes/new/", views.rad_programme_create, name="programme-create"),
    path("rad/programmes/<uuid:public_id>/edit/", views.rad_programme_edit, name="programme-edit"),
    path(
        "rad/programmes/<uuid:public_id>/activities/new/",
        views.rad_activity_create,
        name="activity-create",
    ),
    path("rad/activities/<uuid:public_id>/edit/", views.rad_activity_edit, name="activity-edit"),
    path(
        "rad/activities/<uuid:public_id>/indicators/new/",
        views.rad_indicator_create,
        name="indicator-create",
    ),
    path("rad/indicators/<uuid:public_id>/edit/", views.rad_indicator_edit, name="indicator-edit"),
    path("actions/", views.action_item_list, name="actionitem-list"),
    path("actions/<uuid:public_id>/", views.action_item_detail, name="actionitem-detail"),
    path("actions/<uuid:public_id>/reopen/", views.action_item_reopen, name="actionitem-reopen"),
    path(
        "actions/<uuid:public_id>/attachment/",
        views.action_item_attachment,
        name="actionitem-attachment",
    ),
]

from django.urls import path

from sigap.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.event_list, name="event-list"),
    path("cases/<uuid:public_id>/access/", views.case_access_log, name="case-access-log"),
    path("cases/<uuid:public_id>/history/", views.case_history, name="case-history"),
]

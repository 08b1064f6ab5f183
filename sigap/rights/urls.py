from django.urls import path

from sigap.rights import views

app_name = "rights"

VICTIM = "cases/<uuid:case_id>/victims/<uuid:victim_id>/"

urlpatterns = [
    path("cases/<uuid:case_id>/", views.case_rights_page, name="case-rights"),
    path(VICTIM + "rights/", views.victim_rights_edit, name="victim-rights-edit"),
    path(VICTIM + "repatriation/", views.repatriation_edit, name="repatriation-edit"),
    path(VICTIM + "restitution/", views.restitution_edit, name="restitution-edit"),
    path(VICTIM + "protection/", views.protection_edit, name="protection-edit"),
]

from django.urls import path

from sigap.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="case-list"),
    path("new/", views.case_create, name="case-create"),
    path("<uuid:public_id>/", views.case_detail, name="case-detail"),
    # The case workspace's sections (issue 13 §2), one URL each: htmx loads them in place,
    # and without JavaScript they are plain links to the page with that section.
    *[
        path(
            f"<uuid:public_id>/section/{slug}/",
            views.case_section,
            {"section": slug},
            name=f"case-section-{slug}",
        )
        for slug, _label in views.SECTIONS
    ],
    path("<uuid:public_id>/open/", views.case_open, name="case-open"),
    path("<uuid:public_id>/victims/new/", views.participant_create, name="participant-create"),
    path("<uuid:public_id>/journey/new/", views.journey_create, name="journey-create"),
    path(
        "<uuid:public_id>/identification/",
        views.identification_create,
        name="identification-create",
    ),
    path("<uuid:public_id>/notes/new/", views.note_create, name="note-create"),
    path("<uuid:public_id>/simfoni/", views.simfoni_number_edit, name="simfoni-number"),
    path("<uuid:public_id>/modus/", views.modus_facts_edit, name="modus-facts"),
    path("<uuid:public_id>/close/", views.case_close, name="case-close"),
]

from django.urls import path

from sigap.documents import views

app_name = "documents"

urlpatterns = [
    path("cases/<uuid:public_id>/new/", views.document_upload, name="document-upload"),
    path("<uuid:public_id>/download/", views.document_download, name="document-download"),
]

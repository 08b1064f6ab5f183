from django.urls import path

from sigap.privacy import views

app_name = "privacy"

urlpatterns = [
    path("break-glass/", views.breakglass, name="breakglass"),
]

from django.urls import path

from sigap.areas import views

app_name = "areas"

urlpatterns = [
    path("autocomplete/", views.area_autocomplete, name="area-autocomplete"),
]

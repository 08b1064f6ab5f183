"""Public routes of the analytics app (included at the site root)."""

from django.urls import path

from sigap.analytics import views, views_ads

app_name = "analytics"

urlpatterns = [
    path("cek-lowongan/", views.job_check, name="job-check"),
    path("cek-lowongan/leaflet.pdf", views.leaflet, name="leaflet"),
    path("analitik/iklan/", views_ads.ad_clusters, name="ad-clusters"),
    path("analitik/iklan/<uuid:public_id>/", views_ads.ad_cluster_run, name="ad-cluster-run"),
]

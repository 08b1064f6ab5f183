"""HTML pages of the api app (included at /account/ with namespace ``api-pages``)."""

from django.urls import path

from sigap.api import pages

app_name = "api-pages"

urlpatterns = [
    path("tokens/", pages.token_list, name="token-list"),
    path("tokens/<uuid:public_id>/revoke/", pages.token_revoke, name="token-revoke"),
]

"""Response for a locked-out login (django-axes ``AXES_LOCKOUT_CALLABLE``)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(
    request: HttpRequest, original_response=None, credentials=None
) -> HttpResponse:
    """HTTP 429: JSON ``{"message", "extra"}`` for the API, the translated page otherwise.

    Never echoes the username.
    """
    message = _(
        "Too many failed attempts. The account is locked for a while; try again later "
        "or contact your administrator."
    )
    if request.path.startswith("/api/"):
        return JsonResponse({"message": message, "extra": {"locked": True}}, status=429)
    return render(request, "accounts/locked.html", status=429)

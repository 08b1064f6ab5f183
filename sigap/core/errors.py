"""Error pages: translated, generic, never echoing the request or any personal data."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

# Routes whose errors are JSON ``{"message", "extra"}`` like the rest of the API (issue 7 #11).
API_PREFIX = "/api/"


def _api_messages() -> dict[int, str]:
    return {
        400: _("The request is not valid."),
        403: _("You do not have permission to perform this action."),
        404: _("Not found."),
        500: _("A server error occurred. It has been logged; please try again later."),
    }


def _render(request: HttpRequest, template: str, status: int) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"message": _api_messages()[status], "extra": {}}, status=status)
    try:
        body = loader.render_to_string(template, {}, request)
    except Exception:  # noqa: BLE001 - an error page must never fail
        body = f"<h1>{status}</h1>"
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    """400: e.g. a request body over the size limit."""
    return _render(request, "errors/400.html", 400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    """403: the role may not take this action."""
    return _render(request, "errors/403.html", 403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    """404: also used for records outside the user's scope (never 403 for those)."""
    return _render(request, "errors/404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: generic text; the traceback goes to the (scrubbed) log only."""
    return _render(request, "errors/500.html", 500)

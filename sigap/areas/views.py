"""Area pages: the autocomplete used by every area picker (public reference data)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from sigap.areas.choices import AreaLevel
from sigap.areas.selectors import area_search

AUTOCOMPLETE_LIMIT = 20
QUERY_MAX_CHARS = 100


def _wants_json(request: HttpRequest) -> bool:
    if request.GET.get("format") == "json":
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def _query_text(request: HttpRequest) -> str:
    """``q``; else, for htmx, the value of the input that triggered the request (by name)."""
    query = request.GET.get("q", "")
    htmx = getattr(request, "htmx", None)  # set by django_htmx's middleware
    if not query and htmx and htmx.trigger_name:
        query = request.GET.get(htmx.trigger_name, "")
    return query[:QUERY_MAX_CHARS]


@login_required
@require_GET
def area_autocomplete(request: HttpRequest) -> HttpResponse:
    """Areas whose name (or a word of it) starts with ``q``: at most 20, best matches first.

    Contract (used by the intake form through htmx, and by scripts)::

        GET /areas/autocomplete/?q=<text>[&level=kelurahan,desa][&format=json]

    - ``q``: what the user typed (case and extra spaces ignored; cut at 100 characters).
      An empty ``q`` answers no rows. For htmx requests without ``q``, the parameter named
      by the ``HX-Trigger-Name`` header (the input's own name) is used, so the input can
      keep its form field name.
    - ``level``: optional comma list of ``provinsi``, ``kabupaten``, ``kota``, ``kecamatan``,
      ``kelurahan``, ``desa``; an unknown level answers 400.
    - Default answer: an HTML fragment of ``<option value="31.71.03.1001">Kemayoran,
      Kemayoran, Kota Administrasi Jakarta Pusat, DKI Jakarta</option>`` rows, to swap into a
      ``<datalist>``::

          <label for="origin">Origin</label>
          <input id="origin" name="origin_area" list="origin-options" autocomplete="off"
                 hx-get="{% url 'areas:area-autocomplete' %}?level=kelurahan,desa"
                 hx-trigger="input changed delay:250ms" hx-target="#origin-options">
          <datalist id="origin-options"></datalist>

      The option value is the Kemendagri code: picking a row puts the code in the input,
      which is what the form submits.
    - ``Accept: application/json`` or ``format=json``: a JSON list of
      ``{"code", "name", "level", "label"}`` objects, same order.

    Areas are public reference data, so there is no record scoping, but login is required.
    It answers in a few milliseconds on the full 91,599-row table (docs/benchmarks.md).
    """
    query = _query_text(request)
    levels = [part.strip() for part in request.GET.get("level", "").split(",") if part.strip()]
    if any(level not in AreaLevel.values for level in levels):
        return HttpResponseBadRequest("Unknown level.", content_type="text/plain")
    areas = []
    if query.strip():
        areas = list(area_search(query=query, levels=levels or None, limit=AUTOCOMPLETE_LIMIT))
    if _wants_json(request):
        response: HttpResponse = JsonResponse(
            [{"code": a.code, "name": a.name, "level": a.level, "label": a.label} for a in areas],
            safe=False,
        )
    else:
        # No request context: the fragment needs no context processors (saves a query).
        response = HttpResponse(render_to_string("areas/_area_options.html", {"areas": areas}))
    patch_vary_headers(response, ["Accept"])
    return response

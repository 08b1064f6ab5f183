"""Area pages (being written)."""

from django.http import HttpResponse


def area_autocomplete(request):
    return HttpResponse(status=501)

"""Dashboard (being written)."""

from django.http import HttpResponse


def dashboard(request):
    return HttpResponse(status=501)

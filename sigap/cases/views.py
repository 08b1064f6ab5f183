"""Case pages (being written)."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse(status=501)


case_list = case_create = case_detail = case_open = participant_create = _todo
journey_create = identification_create = note_create = case_close = _todo

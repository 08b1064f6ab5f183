"""Referral pages (being written)."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse(status=501)


referral_inbox = referral_create = referral_detail = _todo
referral_accept = referral_decline = referral_complete = _todo

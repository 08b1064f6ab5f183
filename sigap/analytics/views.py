"""Public job-offer self-check ``/cek-lowongan/`` (issue 9 §3): stores nothing."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sigap.analytics.forms import JobCheckForm
from sigap.analytics.selectors import ruleset_active
from sigap.analytics.services import screening_run
from sigap.core.exceptions import ApplicationError
from sigap.core.ratelimit import over_limit

RATE_LIMIT = 20  # screenings per client address per minute


def _throttled(request) -> bool:
    return over_limit("jobcheck", request, limit=RATE_LIMIT, window=60)


@never_cache
@require_http_methods(["GET", "POST"])
def job_check(request):
    """GET: the form. POST: the result page (risk level, each flag with the words that raised
    it and its source). Anonymous; nothing is stored or logged; at most 20 checks a minute per
    client address (429 beyond)."""
    ruleset = ruleset_active()
    questions = ruleset.get("questions", [])
    result = None
    status = 200
    if request.method == "POST":
        form = JobCheckForm(request.POST, questions=questions)
        if _throttled(request):
            form.is_valid()
            form.add_error(None, _("Too many checks from your connection. Wait a minute."))
            status = 429
        elif form.is_valid():
            try:
                result = screening_run(text=form.cleaned_data["text"], answers=form.answers())
            except ApplicationError as exc:
                form.add_error(None, exc.message)
                status = 400
        else:
            status = 400
    else:
        form = JobCheckForm(questions=questions)
    return render(
        request,
        "analytics/job_check.html",
        {"form": form, "result": result, "hotline": "129"},
        status=status,
    )

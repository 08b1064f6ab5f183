"""The intake forms' duplicate check (htmx): ``POST /people/check/`` renders the candidates of
one person row of the form being filled in, before anything is saved."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_POST

from sigap.cases.forms import PersonForm
from sigap.people.selectors import MatchQuery
from sigap.people.services import person_match

MATCH_PERMS = ("cases.add_case", "cases.change_case")


@require_POST
@login_required
def person_check(request):
    """Candidates for the row whose form prefix is ``row`` (``victims-0``; blank for a form
    without prefix). The whole enclosing form is posted; only that row's fields are read, and
    only the valid ones (a half-typed date is ignored). 403 without ``cases.add_case`` or
    ``cases.change_case``. An empty name and NIK give an empty answer (nothing looked up)."""
    if not any(request.user.has_perm(p) for p in MATCH_PERMS):
        raise PermissionDenied
    prefix = (request.POST.get("row") or "").strip()[:40] or None
    form = PersonForm(request.POST, prefix=prefix)
    form.is_valid()
    d = getattr(form, "cleaned_data", {})
    candidates = []
    if d.get("full_name") or d.get("nik"):
        area = d.get("origin_area")
        query = MatchQuery(
            full_name=d.get("full_name") or "",
            sex=d.get("sex") or "",
            date_of_birth=d.get("date_of_birth"),
            estimated_age=d.get("estimated_age"),
            origin_area_code=area.code if area else "",
            nik=d.get("nik") or "",
        )
        candidates = person_match(user=request.user, query=query, via="form")
    context = {
        "candidates": candidates,
        "field_name": form.add_prefix("match_decision"),
        "decision": request.POST.get(form.add_prefix("match_decision"), ""),
    }
    return render(request, "partials/duplicate_candidates.html", context)

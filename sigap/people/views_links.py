"""The analysts' review of batch-linkage suggestions (issue 10 §4): ``/people/links/`` lists
the pairs to review (or those confirmed or rejected) best first and starts a run;
``/people/links/<uuid>/`` shows one pair side by side with the match weights that explain it
and takes the decision; ``/people/links/<uuid>/undo/`` (POST) undoes it. Rules in
:mod:`sigap.people.linkage`."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from sigap.analytics.adpage import can_cluster_ads
from sigap.cases.access import membership_of
from sigap.core.pagination import keyset_page
from sigap.people.linkage import (
    can_review_links,
    link_decide,
    link_run_start,
    link_undo,
    suggestion_get,
    suggestion_page_sides,
    suggestion_sides,
    suggestions_for,
)
from sigap.people.merge import MERGE_ROLES, may_merge
from sigap.people.models import LinkRun, LinkRunStatus, LinkStatus

PAGE_SIZE = 20


def _require_analyst(user) -> None:
    if not can_review_links(user):
        raise PermissionDenied


def _latest_run():
    return LinkRun.objects.only(
        "public_id", "status", "progress", "persons", "suggested", "started_by_id", "finished_at"
    ).first()


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def link_list(request):
    """GET (``status`` = open/confirmed/rejected, default open; keyset pages of
    ``PAGE_SIZE``): the suggestions the user may see and the latest run's progress (the page
    refreshes that part while a run is going). POST: start a run (one at a time), then back
    here. 403 for any role but the reviewers (``can_review_links``)."""
    _require_analyst(request.user)
    if request.method == "POST":
        link_run_start(actor=request.user)
        messages.success(
            request, _("The linkage runs in the background; suggestions appear here when done.")
        )
        return redirect("people:link-list")
    status = request.GET.get("status", LinkStatus.OPEN)
    if status not in LinkStatus.values:
        status = LinkStatus.OPEN
    qs = suggestions_for(request.user, status=status).select_related(
        "person_a", "person_b", "decided_by"
    )
    page = keyset_page(
        qs,
        per_page=PAGE_SIZE,
        order=["-match_weight", "-id"],
        scope=f"people.links.{status}",
        page=request.GET.get("page"),
        cursor=request.GET.get("cursor"),
        last=request.GET.get("last") == "1",
    )
    run = _latest_run()
    # Listed when one of the two records takes part in a case the user sees; shown when the
    # user also sees one of the two identities (the identity rule, per row). Rows with both
    # identities hidden are only counted (a child victim, a referral no longer open).
    views = suggestion_page_sides(request.user, page.object_list)
    rows = [v for v in views if v.a is not None or v.b is not None]
    context = {
        "page": page,
        "rows": rows,
        "hidden_rows": len(views) - len(rows),
        "can_cluster_ads": can_cluster_ads(request.user),
        "can_list_merges": membership_of(request.user).role in MERGE_ROLES,
        "status": status,
        "statuses": LinkStatus.choices,
        "prefix": f"?{urlencode({'status': status})}&",
        "run": run,
        # Counts over the whole register: for the one who started the run, and only with
        # city-wide figures (police see numbers over their visible cases only).
        "run_counts": run is not None
        and run.started_by_id == request.user.pk
        and request.user.has_perm("cases.view_aggregates"),
        "running": run is not None and run.status in (LinkRunStatus.QUEUED, LinkRunStatus.RUNNING),
    }
    return render(request, "people/link_list.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def link_detail(request, public_id):
    """GET: one suggestion, its two records as the user may see them and the weights.
    POST (``decision`` = confirm/reject): decide, then back to the list. 403 for any role but
    the reviewers (``can_review_links``); 404 for a suggestion the user may not see listed;
    400 for a missing decision or one already taken; 403 when one of the identities is
    hidden."""
    _require_analyst(request.user)
    suggestion = suggestion_get(request.user, public_id)
    if suggestion is None:
        raise Http404
    status = 200
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision not in ("confirm", "reject"):
            messages.error(request, _("Choose: same person or different persons."))
            status = 400
        else:
            try:
                link_decide(
                    actor=request.user, suggestion=suggestion, confirm=decision == "confirm"
                )
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
                status = 400
            else:
                messages.success(
                    request,
                    _("Recorded: the same person.")
                    if decision == "confirm"
                    else _("Recorded: different persons; this pair will not be suggested again."),
                )
                return redirect(reverse("people:link-detail", args=[public_id]))
            suggestion = suggestion_get(request.user, public_id)
    return _detail(request, suggestion, status)


def _detail(request, suggestion, status: int):
    view = suggestion_sides(request.user, suggestion)
    can_merge = (
        suggestion.status == LinkStatus.CONFIRMED
        and view.a is not None
        and view.b is not None
        and may_merge(request.user, suggestion.person_a, suggestion.person_b)
    )
    context = {"view": view, "s": suggestion, "can_merge": can_merge}
    return render(request, "people/link_detail.html", context, status=status)


@never_cache
@login_required
@require_POST
def link_decision_undo(request, public_id):
    """POST: undo the decision on one suggestion ("Batalkan keputusan"; the pair is open
    again), then back to its page. 403 for any role but the reviewers; 404 for a suggestion
    the user may not see listed; 400 for a pair not decided; 403 unless the user may decide
    it (both identities visible, :func:`sigap.people.linkage.link_undo`)."""
    _require_analyst(request.user)
    suggestion = suggestion_get(request.user, public_id)
    if suggestion is None:
        raise Http404
    try:
        link_undo(actor=request.user, suggestion=suggestion)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return _detail(request, suggestion, 400)
    messages.success(request, _("The decision is undone: the pair is open for review again."))
    return redirect(reverse("people:link-detail", args=[public_id]))

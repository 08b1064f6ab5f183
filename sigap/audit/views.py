"""Auditor pages (data-protection officer): the audit event list and a case's access log.

Auditors see no case content (docs/access-model.md): the access-log page shows only the case
number and the log. Both pages read through ``sigap.audit.selectors``; anyone without
``audit.view_auditevent`` gets 403, and a holder of it who is not an auditor gets nothing
(an empty list, or 404 for a case).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sigap.audit.forms import AuditEventFilterForm
from sigap.audit.history import describe_events
from sigap.audit.selectors import (
    ACCESS_LOG_PAGE_SIZE,
    EVENT_LIST_PAGE_SIZE,
    HISTORY_PAGE_SIZE,
    audit_action_choices,
    audit_case_ref,
    audit_event_list,
    case_change_history,
    target_access_log,
)
from sigap.core.pagination import keyset_page


@require_GET
@login_required
@permission_required("audit.view_auditevent", raise_exception=True)
def event_list(request):
    """Recent audit events, newest first, filtered by action and date; 50 a page."""
    form = AuditEventFilterForm(
        request.GET or None, actions=audit_action_choices(user=request.user)
    )
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = audit_event_list(
        user=request.user,
        action=filters.get("action") or "",
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    # The log holds every audited act (tens of millions of rows after a large seed): the count
    # stops at COUNT_CAP and older pages are reached by a cursor on the id, never by counting
    # or skipping the whole table (issue 8 §4).
    page = keyset_page(
        qs,
        per_page=EVENT_LIST_PAGE_SIZE,
        order=["-id"],
        scope="audit.events",
        page=request.GET.get("page"),
        cursor=request.GET.get("cursor"),
        last=request.GET.get("last") == "1",
    )
    # Links repeat only the filters that were valid, as submitted (no raw echo of the query).
    kept = [
        (name, form.data[name]) for name in ("action", "date_from", "date_to") if filters.get(name)
    ]
    prefix = f"?{urlencode(kept)}&" if kept else "?"
    return render(
        request, "audit/event_list.html", {"form": form, "page": page, "page_prefix": prefix}
    )


@require_GET
@login_required
@permission_required("audit.view_auditevent", raise_exception=True)
def case_access_log(request, public_id):
    """Who accessed a case: its number and the log, nothing of its content (404 unless
    the user is an auditor)."""
    case = audit_case_ref(user=request.user, public_id=public_id)
    log = target_access_log(user=request.user, case=case)
    page = Paginator(log, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/case_access_log.html", {"case": case, "page": page})


@require_GET
@login_required
@permission_required("cases.view_case", raise_exception=True)
def case_history(request, public_id):
    """Change history of a case for its team: who changed what, old and new values (identity
    values masked). 404 outside ``Case.objects.visible_to``; 403 without full access."""
    from django.core.exceptions import PermissionDenied

    from sigap.cases.access import case_view_for
    from sigap.cases.selectors import case_get

    case = case_get(user=request.user, public_id=public_id)
    if not case_view_for(request.user, case).full:
        raise PermissionDenied
    page = Paginator(case_change_history(user=request.user, case=case), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    describe_events(page.object_list)
    return render(request, "audit/case_history.html", {"case": case, "page": page})

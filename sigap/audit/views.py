"""Auditor pages (data-protection officer): the audit event list and a case's access log.

Auditors see no case content (docs/access-model.md): the access-log page shows only the case
number and the log. Both pages read through ``sigap.audit.selectors``; anyone without
``audit.view_auditevent`` gets 403, and a holder of it who is not an auditor gets nothing
(an empty list, or 404 for a case).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sigap.audit.forms import AuditEventFilterForm
from sigap.audit.selectors import (
    ACCESS_LOG_PAGE_SIZE,
    EVENT_LIST_PAGE_SIZE,
    audit_action_choices,
    audit_case_ref,
    audit_event_list,
    target_access_log,
)


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
    page = Paginator(qs, EVENT_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/event_list.html", {"form": form, "page": page})


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

"""Writes the access rows for identities shown during a request (see ``identity_log``)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from sigap.cases import identity_log


class IdentityViewAuditMiddleware:
    """One ``case.view`` audit row per case whose victims' identities a response showed,
    unless the view already wrote one for that case during this request. Only for answers
    that render (status below 400) to an authenticated user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = timezone.now()
        token = identity_log.begin()
        try:
            response = self.get_response(request)
        finally:
            seen = identity_log.end(token)
        user = getattr(request, "user", None)
        if seen and response.status_code < 400 and user is not None and user.is_authenticated:
            self._record(request, user, seen, started)
        return response

    def _record(self, request, user, seen: dict, started) -> None:
        from sigap.audit.models import AuditEvent
        from sigap.audit.services import audit_append_many
        from sigap.cases.models import Case

        cases = {c.pk: c for c in Case.objects.filter(pk__in=seen).only("id", "public_id")}
        done = set(
            AuditEvent.objects.filter(
                actor=user,
                action="case.view",
                occurred_at__gte=started,
                target_type="cases.case",
                target_public_id__in=[str(c.public_id) for c in cases.values()],
            ).values_list("target_public_id", flat=True)
        )
        match = getattr(request, "resolver_match", None)
        via = match.view_name if match else request.path.split("/")[1]
        done_ids = {str(d) for d in done}
        rows = [
            {
                "actor": user,
                "action": "case.view",
                "target": case,
                "changes": {"via": via, "people": len(seen[case_id])},
                "ip_address": request.META.get("REMOTE_ADDR"),
            }
            for case_id, case in cases.items()
            if str(case.public_id) not in done_ids
        ]
        # One write for the whole page (a list shows up to 25 cases), without any lock.
        audit_append_many(rows=rows)

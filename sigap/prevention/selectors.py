"""Reads for community reports; every one starts from the scope rule in ``access``."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from sigap.prevention.access import report_scope_q
from sigap.prevention.models import OPEN_REPORT_STATUSES, CommunityReport


def report_list(*, user, status: str = "", overdue: bool = False) -> QuerySet:
    """Reports ``user`` may see, open first by follow-up date, then newest (index
    ``prev_report_queue``). ``status`` filters one status; ``overdue`` keeps open reports past
    their follow-up date (Asia/Jakarta)."""
    q = report_scope_q(user)
    if q is None:
        return CommunityReport.objects.none()
    qs = CommunityReport.objects.filter(q).select_related("area", "assigned_to")
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status__in=OPEN_REPORT_STATUSES, follow_up_due__lt=timezone.localdate())
    return qs.order_by("follow_up_due", "-created_at")


def report_get(*, user, public_id) -> CommunityReport:
    """One report within scope; raises CommunityReport.DoesNotExist otherwise (404)."""
    q = report_scope_q(user)
    if q is None:
        raise CommunityReport.DoesNotExist
    return CommunityReport.objects.filter(q).select_related("area", "case").get(public_id=public_id)


def reports_overdue_count(*, user) -> int:
    """Open reports past their follow-up date that ``user`` may see (for My work)."""
    return report_list(user=user, overdue=True).count()


def report_status_by_receipt(code: str) -> CommunityReport | None:
    """The report with this receipt code (case and dashes ignored), for the status page only."""
    code = (code or "").strip().upper().replace(" ", "")
    if not code:
        return None
    return (
        CommunityReport.objects.filter(receipt_code=code)
        .only("receipt_code", "status", "created_at", "status_changed_at")
        .first()
    )

"""Reads for the data-protection officer."""

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from sigap.privacy.models import BreakGlassGrant


def breakglass_recent(*, hours: int = 24) -> QuerySet[BreakGlassGrant]:
    """Grants created in the last ``hours`` hours, with user and case selected."""
    since = timezone.now() - timedelta(hours=hours)
    return (
        BreakGlassGrant.objects.filter(created_at__gte=since)
        .select_related("user", "case")
        .order_by("created_at")
    )


def active_grant_case_ids(*, user):
    """Subquery of case ids the user holds an unexpired break-glass grant for."""
    return BreakGlassGrant.objects.active().filter(user=user).values("case_id")

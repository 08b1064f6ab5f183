"""Case work's lines of the case timeline (``sigap.cases.timeline``): assessments, case
plans and closure requests, for the full view of the case only. Labels only."""

from django.utils.translation import gettext as _

from sigap.cases.timeline import timeline_rows
from sigap.casework.models import Assessment, CasePlan, ClosureRequest


def casework_entries(*, user, case, view, until, limit) -> list:
    """Up to ``limit`` lines per kind (3 queries with LIMIT), or none without the full view."""
    if not view.full:
        return []
    n = {"until": until, "limit": limit, "kind": "casework"}
    return [
        *timeline_rows(
            Assessment.objects.filter(case=case), text=lambda a: _("Assessment recorded"), **n
        ),
        *timeline_rows(
            CasePlan.objects.filter(case=case),
            text=lambda p: _("Case plan: %(status)s") % {"status": p.get_status_display()},
            **n,
        ),
        *timeline_rows(
            ClosureRequest.objects.filter(case=case),
            text=lambda c: _("Closure requested: %(status)s") % {"status": c.get_status_display()},
            **n,
        ),
    ]
